package org.expressivity4j.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.measure.ExactCrossings;
import org.expressivity4j.core.measure.TrajectoryMeasures;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.core.trajectory.Trajectories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransitionBoundTest {

    /** Measures run many small matrix products: one native thread is several times faster than two here. */
    @BeforeAll
    static void oneNativeThread() {
        NativeBackend.configure(new NativeBackend.Settings(1, true));
    }

    @Test
    void sensitivityIsTheCauchyTail() {
        // k = 1, no bias: the only input decides the sign, P = 1.
        assertEquals(1.0, TransitionBound.sensitivityProbability(1, 2.0, 0.0), 1e-15);
        // k = 2, no bias: X, Y i.i.d.: P(|X| > |Y|) = 1/2.
        assertEquals(0.5, TransitionBound.sensitivityProbability(2, 3.0, 0.0), 1e-15);
        assertEquals(0.0, TransitionBound.perLayerFactor(10, 0.0, 1.0), 0.0);
        // Bias makes units harder to flip.
        assertTrue(TransitionBound.perLayerFactor(50, 1, 1) < TransitionBound.perLayerFactor(50, 1, 0));
        assertEquals(Math.pow(TransitionBound.perLayerFactor(8, 2, 1), 3), TransitionBound.growth(8, 2, 1, 3), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 1000, 10000, 100000})
    void largeWidthLimitIsTwoOverPiTimesThePapersG(int k) {
        double sw = 3;
        double sb = 1;
        double limit = 2 / Math.PI * TransitionBound.asymptoticFactor(k, sw, sb);
        assertEquals(Math.sqrt(k) / Math.sqrt(1 + 1 / 9.0), TransitionBound.asymptoticFactor(k, sw, sb), 1e-12);
        // k arctan(c / sqrt(k - 1 + k b)) versus k c / sqrt(k (1 + b)): relative difference O(1 / k) (arctan x = x -
        // x^3 / 3 and sqrt(k - 1) = sqrt(k) (1 - 1 / 2k)); 2 / k bounds it.
        assertEquals(limit, TransitionBound.perLayerFactor(k, sw, sb), 2.0 / k * limit);
    }

    /**
     * In the regime the theorem assumes (sigma_w so large that units are saturated except while transitioning), the
     * measured growth of exact transition counts per layer meets the factor. Layers 2 to 4 (layer 1 sees the
     * unsaturated input, which the argument does not cover), 16 networks, exact counts along random segments. The
     * theorem's argument replaces the expectation of a product by a product of expectations and ignores
     * simultaneous flips, so we allow 10% for the approximation plus 4 standard errors of the Monte Carlo mean.
     */
    @ParameterizedTest
    @ValueSource(ints = {16, 32, 64})
    void saturatedHardTanhNetworksGrowTransitionsAtTheTheoremsRate(int k) {
        double sw = 4096;
        int networks = 16;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < networks; i++) {
            Network net = RandomNetwork.builder().inputDimension(k).width(k).depth(4).sigmaW(sw)
                    .activation(Activation.HARD_TANH).seed(SeededGaussians.derive(77, i)).build().create();
            Curve segment = Trajectories.line(Trajectories.randomPoint(k, 1, SeededGaussians.derive(78, i)),
                    Trajectories.randomPoint(k, 1, SeededGaussians.derive(79, i)));
            TrajectoryMeasures m = ExactCrossings.measure(net, segment, 1 << 16);
            double r = (double) m.layer(4).transitions() / m.layer(2).transitions();
            sum += r;
            squares += r * r;
        }
        double mean = sum / networks;
        double se = Math.sqrt((squares - networks * mean * mean) / (networks - 1) / networks);
        double expected = Math.pow(TransitionBound.perLayerFactor(k, sw, 0), 2);
        assertEquals(expected, mean, 0.1 * expected + 4 * se, "T4 / T2 for k=" + k + " (+- " + se + ")");
    }
}
