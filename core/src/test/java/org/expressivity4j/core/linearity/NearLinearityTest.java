package org.expressivity4j.core.linearity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.RandomNetwork;
import org.junit.jupiter.api.Test;

class NearLinearityTest {

    /** A small deep net (m = 5, width 50, depth 6, zero biases, sigma_w^2 = 1) measured on 600 samples. */
    private static NearLinearity measure(Activation activation, int depth) {
        Network net = RandomNetwork.builder().inputDimension(5).width(50).depth(depth).weightVariance(1)
                .activation(activation).seed(11).build().create();
        return NearLinearity.sampled(net, 600, 41, 5);
    }

    private static double slope(NearLinearity n, double sigmaLarge, double sigmaSmall) {
        double a = n.at(sigmaLarge).last().relativeResidual();
        double b = n.at(sigmaSmall).last().relativeResidual();
        return Math.log(a / b) / Math.log(sigmaLarge / sigmaSmall);
    }

    @Test
    void aLinearNetworkIsAffineAtEveryScale() {
        NearLinearity n = measure(Activation.LINEAR, 6);
        for (double sigma : new double[] {1, 1e-3}) {
            NearLinearity.LayerLinearity last = n.at(sigma).last();
            // Rounding only: six products of 50-term sums, relative error ~1e-15.
            assertEquals(0.0, last.relativeResidual(), 1e-12);
            assertEquals(1.0, last.lengthRatio(), 1e-12);
            assertEquals(1.0, last.straightness(), 1e-12);
        }
    }

    @Test
    void tanhBecomesLinearWithResidualProportionalToSigmaSquared() {
        NearLinearity n = measure(Activation.TANH, 6);
        // A zero-bias tanh network is odd: z(sigma u) = sigma J u + O(sigma^3), residual c sigma^2 (1 + O(sigma^2)).
        // Between 1e-2 and 1e-3 the log-log slope is 2 up to O(1e-4) x (depth-amplified constants) / ln 10.
        assertEquals(2.0, slope(n, 1e-2, 1e-3), 0.02);
        assertEquals(0.0, n.limitResiduals()[5], 1e-12);
        // The segment's image: length / Jacobian prediction = 1 + O(sigma^2).
        assertEquals(1.0, n.at(1e-3).last().lengthRatio(), 1e-4);
        assertTrue(n.linearization().isLinear());
    }

    @Test
    void sigmoidBecomesAffineButOnlyLikeSigmaWhenDeep() {
        // One layer: sigmoid is odd about 1/2, residual ~ sigma^2 (SmallInputLimits).
        assertEquals(2.0, slope(measure(Activation.SIGMOID, 1), 1e-2, 1e-3), 0.02);
        // Deeper: the outputs 1/2 shift the next layers' pre-activations to W^T (1/2, ..., 1/2) != 0, where the
        // sigmoid has a curvature: a quadratic term, residual c sigma (1 + O(sigma)).
        NearLinearity deep = measure(Activation.SIGMOID, 6);
        assertEquals(1.0, slope(deep, 1e-2, 1e-3), 0.02);
        assertEquals(0.0, deep.limitResiduals()[5], 1e-12);
        // Length / Jacobian prediction = 1 + O(sigma) for the sigmoid (a quadratic term): 1e-3 at sigma = 1e-3.
        assertEquals(1.0, deep.at(1e-3).last().lengthRatio(), 1e-3);
    }

    @Test
    void reluWithoutBiasesIsScaleEquivariantSoItsResidualDoesNotVanish() {
        NearLinearity n = measure(Activation.RELU, 6);
        NearLinearity.LayerLinearity one = n.at(1).last();
        NearLinearity.LayerLinearity small = n.at(1e-3).last();
        // Positive homogeneity z(sigma u) = sigma z(u): same residual and straightness at every sigma, up to rounding.
        assertEquals(one.relativeResidual(), small.relativeResidual(), 1e-10);
        assertEquals(one.straightness(), small.straightness(), 1e-10);
        assertEquals(n.limitResiduals()[5], small.relativeResidual(), 1e-10);
        // The network is its own linearization at 0.
        assertEquals(1.0, small.lengthRatio(), 1e-10);
        // Far from affine: one relu unit alone leaves 0.516 (SmallInputLimits); anything above rounding (1e-12)
        // would show non-linearity, 0.1 shows it is substantial.
        assertTrue(small.relativeResidual() > 0.1, "residual " + small.relativeResidual());
    }

    @Test
    void seluStaysPiecewiseLinearAndConvergesToItsKinkedLimitLikeSigma() {
        NearLinearity n = measure(Activation.SELU, 6);
        double limit = n.limitResiduals()[5];
        // The limit network has slopes lambda and lambda alpha at every unit: not linear.
        assertTrue(limit > 0.1, "limit " + limit);
        double d4 = Math.abs(n.at(1e-4).last().relativeResidual() - limit);
        double d5 = Math.abs(n.at(1e-5).last().relativeResidual() - limit);
        // z(sigma u) = sigma D(u) + O(sigma^2): the distance to the limit shrinks tenfold per decade of sigma, up to
        // its own O(sigma) relative correction (1e-3 x depth-amplified constants).
        assertEquals(10.0, d4 / d5, 1.0);
        assertTrue(d5 < 1e-3 * limit);
    }

    @Test
    void sameSeedSameNumbers() {
        double a = measure(Activation.TANH, 3).at(0.1).last().length();
        double b = measure(Activation.TANH, 3).at(0.1).last().length();
        assertEquals(a, b, 0.0);
    }

    @Test
    void badArgumentsAreRejected() {
        NearLinearity n = measure(Activation.TANH, 2);
        assertThrows(IllegalArgumentException.class, () -> n.at(0));
        Network net = RandomNetwork.builder().inputDimension(5).width(10).depth(2).build().create();
        assertThrows(IllegalArgumentException.class, () -> NearLinearity.sampled(net, 6, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> NearLinearity.sampled(net, 100, 1, 1));
    }
}
