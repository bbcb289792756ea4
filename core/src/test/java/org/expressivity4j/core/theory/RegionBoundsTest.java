package org.expressivity4j.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.measure.ExactCrossings;
import org.expressivity4j.core.measure.TrajectoryMeasures;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.core.trajectory.Trajectories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RegionBoundsTest {

    /** Measures run many small matrix products: one native thread is several times faster than two here. */
    @BeforeAll
    static void oneNativeThread() {
        NativeBackend.configure(new NativeBackend.Settings(1, true));
    }

    private static long r(int k, int m) {
        return RegionBounds.hyperplaneRegions(k, m).longValueExact();
    }

    @Test
    void knownArrangementCounts() {
        // Points cutting a line: k + 1 pieces.
        for (int k = 0; k < 20; k++) {
            assertEquals(k + 1, r(k, 1));
        }
        // Lines cutting the plane, the lazy caterer's sequence (OEIS A000124): (k^2 + k + 2) / 2.
        long[] caterer = {1, 2, 4, 7, 11, 16, 22, 29, 37, 46, 56};
        for (int k = 0; k < caterer.length; k++) {
            assertEquals(caterer[k], r(k, 2), "lines: " + k);
        }
        // Planes cutting space, the cake numbers (OEIS A000125): (k^3 + 5k + 6) / 6.
        long[] cake = {1, 2, 4, 8, 15, 26, 42, 64, 93, 130, 176};
        for (int k = 0; k < cake.length; k++) {
            assertEquals(cake[k], r(k, 3), "planes: " + k);
        }
        // At most as many hyperplanes as dimensions: every sign vector, 2^k.
        for (int k = 0; k <= 10; k++) {
            assertEquals(1L << k, r(k, 10));
        }
        assertEquals(1, r(7, 0));
        // Pascal: r(k, m) = r(k - 1, m) + r(k - 1, m - 1), the recursion of the proof of Theorem 5.
        for (int k = 1; k < 30; k++) {
            for (int m = 1; m < 30; m++) {
                assertEquals(RegionBounds.hyperplaneRegions(k - 1, m).add(RegionBounds.hyperplaneRegions(k - 1, m - 1)),
                        RegionBounds.hyperplaneRegions(k, m));
            }
        }
        // Exact for large values: sum of C(100, i), i <= 50, is 2^99 + C(100, 50) / 2.
        BigInteger c100 = new BigInteger("100891344545564193334812497256");
        assertEquals(BigInteger.TWO.pow(99).add(c100.shiftRight(1)), RegionBounds.hyperplaneRegions(100, 50));
    }

    @Test
    void theoremOneMultipliesLayers() {
        assertEquals(BigInteger.valueOf(11).pow(3), RegionBounds.activationPatterns(Activation.RELU, 3, 4, 2));
        assertEquals(BigInteger.valueOf(37).pow(2), RegionBounds.activationPatterns(Activation.HARD_TANH, 2, 4, 2));
        assertEquals(BigInteger.ONE, RegionBounds.activationPatterns(Activation.LINEAR, 5, 100, 10));
        assertEquals(BigInteger.valueOf(6).pow(4), RegionBounds.activationPatternsAlongALine(Activation.RELU, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> RegionBounds.activationPatterns(Activation.TANH, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> RegionBounds.hyperplaneRegions(-1, 2));
    }

    /**
     * One hidden layer on a line: each relu unit is one breakpoint (two for hard tanh); a segment covering all of
     * them meets k + 1 (2k + 1) pieces, attaining r(k, 1) (r(2k, 1)).
     */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "HARD_TANH"})
    void oneLayerOnALineAttainsTheorem5(Activation activation) {
        int k = 7;
        double[][] w = new double[1][k];
        List<INDArray> biases = new ArrayList<>();
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            w[0][i] = i % 2 == 0 ? 1.0 : -2.0;
            b[i] = 0.3 * i - 1.0;
        }
        biases.add(Nd4j.createFromArray(b));
        Network net = Network.of(List.of(Nd4j.createFromArray(w)), biases, activation);
        // Breakpoints x = (c - b_i) / w_i for c in {0} or {-1, 1} all lie within [-10, 10].
        TrajectoryMeasures m = ExactCrossings.measure(net,
                Trajectories.line(new double[] {-10}, new double[] {10}), 1024);
        int hyperplanes = activation == Activation.RELU ? k : 2 * k;
        assertEquals(RegionBounds.hyperplaneRegions(hyperplanes, 1).longValueExact(), m.layer(1).patterns());
    }

    /** Along any segment, a deep network's distinct patterns stay within Theorem 1's bound for one input dimension. */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "HARD_TANH"})
    void deepNetworksAlongSegmentsStayWithinTheoremOne(Activation activation) {
        int k = 4;
        int n = 5;
        for (long seed = 0; seed < 5; seed++) {
            Network net = RandomNetwork.builder().inputDimension(3).width(k).depth(n).sigmaW(6).sigmaB(1)
                    .activation(activation).seed(seed).build().create();
            Curve line = Trajectories.line(Trajectories.randomPoint(3, 20, seed), Trajectories.randomPoint(3, 20, seed + 9));
            TrajectoryMeasures m = ExactCrossings.measure(net, line, 1 << 16);
            for (int d = 1; d <= n; d++) {
                BigInteger bound = RegionBounds.activationPatternsAlongALine(activation, d, k);
                assertTrue(BigInteger.valueOf(m.layer(d).patterns()).compareTo(bound) <= 0,
                        "layer " + d + ": " + m.layer(d).patterns() + " > " + bound);
            }
        }
    }
}
