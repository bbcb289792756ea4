package org.expressivity4j.core.batchnorm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.expressivity4j.core.batchnorm.BatchNormTransform.VarianceConvention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchNormNeuronTest {

    private static final BatchNormNeuron EXAMPLE = DannemannJunikeExample.neuron();

    /**
     * By hand: at W* = (1, 3), z = (4, 7, 11), mu = 22/3, sigma = sqrt(74)/3, so BN(z) = (-10, -1, 11)/sqrt(74); with
     * q = sqrt(2 w1^2 + 6 w1 w2 + 6 w2^2) and a_i = 3 (x_i - mean x) = (-1,-3), (-1,0), (2,3), the gradient
     * 2 sum_i r_i (a_i / q - <a_i, w> (2 w1 + 3 w2, 3 w1 + 6 w2) / q^3) simplifies to (18 sqrt(74) / 1369) (-3, 1)
     * (1369 = 37^2; checked with a computer algebra system).
     */
    private static final double[] EXACT_GRADIENT = {-54 * Math.sqrt(74) / 1369, 18 * Math.sqrt(74) / 1369};

    @Test
    void leastSquaresOptimumIsOneThree() {
        // X^T X = [[6, 9], [9, 14]], X^T y = (33, 51): the solution is exactly (1, 3); the 2x2 elimination rounds
        // at the 1e-15 level.
        assertArrayEquals(DannemannJunikeExample.W_STAR, EXAMPLE.leastSquaresOptimum(), 1e-12);
        double[] g = EXAMPLE.plainGradient(DannemannJunikeExample.W_STAR);
        assertArrayEquals(new double[] {0, 0}, g, 1e-12);
        // The targets are x1^2 + x2^2, not linear: the plain optimum leaves residuals (4-2, 7-5, 11-13): cost 12.
        assertEquals(12.0, EXAMPLE.plainCost(DannemannJunikeExample.W_STAR), 1e-12);
    }

    @Test
    void costIsThePapersClosedForm() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 50; i++) {
            double w1 = random.nextDouble(-5, 5);
            double w2 = random.nextDouble(-5, 5);
            // Two evaluations of the same expression in different orders: agreement to rounding (cost ~ 200,
            // relative 1e-13).
            assertEquals(DannemannJunikeExample.paperCost(w1, w2), EXAMPLE.value(new double[] {w1, w2}), 1e-10);
        }
    }

    @Test
    void gradientAtTheLeastSquaresOptimumIsThePapersToTwoDecimals() {
        double[] g = EXAMPLE.gradient(DannemannJunikeExample.W_STAR);
        // "to two decimals": within half a unit of the second decimal of (-0.34, 0.11).
        assertEquals(DannemannJunikeExample.PAPER_GRADIENT[0], g[0], 0.005);
        assertEquals(DannemannJunikeExample.PAPER_GRADIENT[1], g[1], 0.005);
        // and exactly the hand-derived value, to double rounding (terms of size ~10 cancel to ~0.3).
        assertArrayEquals(EXACT_GRADIENT, g, 1e-13);
        // The cost there: (-10/sqrt74 - 2)^2 + (-1/sqrt74 - 5)^2 + (11/sqrt74 - 13)^2 = 201 - 2 (-20 - 5 + 143)/sqrt74.
        assertEquals(201 - 236 / Math.sqrt(74), EXAMPLE.value(DannemannJunikeExample.W_STAR), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1e-5, 0.3})
    void analyticGradientMatchesCentralDifferences(double epsilon) {
        SplittableRandom random = new SplittableRandom(7);
        for (VarianceConvention convention : VarianceConvention.values()) {
            BatchNormNeuron neuron = DannemannJunikeExample.neuron(
                    new BatchNormTransform(1.7, -0.4, epsilon, convention));
            for (int i = 0; i < 20; i++) {
                double[] w = {random.nextDouble(-3, 3), random.nextDouble(-3, 3)};
                double[] g = neuron.gradient(w);
                double h = 1e-5;
                for (int j = 0; j < 2; j++) {
                    double[] plus = w.clone();
                    double[] minus = w.clone();
                    plus[j] += h;
                    minus[j] -= h;
                    double fd = (neuron.value(plus) - neuron.value(minus)) / (2 * h);
                    // Central differences: truncation h^2 |C'''| / 6 ~ 1e-10 |C'''| (C''' grows like 1/|w|^3, with
                    // |w| >~ 0.1 here at most ~1e4 * 200), rounding 1e-16 * 200 / 1e-5 = 2e-9.
                    assertEquals(fd, g[j], 1e-5 * Math.max(1, Math.abs(fd)), "w = (" + w[0] + ", " + w[1] + ")");
                }
            }
        }
    }

    @Test
    void withoutEpsilonTheCostIsScaleInvariantAndItsGradientOrthogonalToW() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            double[] w = {random.nextDouble(-3, 3), random.nextDouble(-3, 3)};
            double t = Math.exp(random.nextDouble(-5, 5));
            double[] tw = {t * w[0], t * w[1]};
            // Rounding only: the normalization divides out t exactly up to ~1e-16 relative; cost ~ 200.
            assertEquals(EXAMPLE.value(w), EXAMPLE.value(tw), 1e-11);
            double[] g = EXAMPLE.gradient(w);
            double[] gt = EXAMPLE.gradient(tw);
            // Euler: <grad C^(w), w> = 0 for a degree-0 homogeneous C^; and grad C^(t w) = grad C^(w) / t.
            assertEquals(0.0, g[0] * w[0] + g[1] * w[1], 1e-10 * Math.max(1, Math.hypot(g[0], g[1])));
            assertEquals(g[0] / t, gt[0], 1e-9 * Math.abs(g[0] / t) + 1e-12);
            assertEquals(g[1] / t, gt[1], 1e-9 * Math.abs(g[1] / t) + 1e-12);
        }
        // With DL4J's epsilon the scale invariance breaks once the batch variance is comparable to epsilon.
        BatchNormNeuron withEps = DannemannJunikeExample.neuron(BatchNormTransform.normalizeOnly().withEpsilon(1e-5));
        double[] small = {1e-3, 3e-3};
        assertTrue(withEps.value(small) - EXAMPLE.value(small) > 1.0, "epsilon shrinks BN(z) when sigma^2 ~ epsilon");
    }

    @Test
    void theMinimaAreTheRayFiveThreeWithTheClosedFormCost() {
        double[] d = EXAMPLE.optimalDirection();
        // The paper's ray 3 w1 = 5 w2, w1 > 0: the direction (5, 3) (least squares on centred data, by hand:
        // [[2/3, 1], [1, 2]] d = (19/3, 11) gives d = (5, 3)).
        assertArrayEquals(DannemannJunikeExample.PAPER_RAY, d, 1e-12);
        // Minimum: 3 + |y|^2 - 2 sqrt(3) |P yc| with |P yc|^2 = 194/3, i.e. 201 - 2 sqrt(194) (computer algebra
        // gives the same for the paper's formula at (5, 3)).
        double expected = 201 - 2 * Math.sqrt(194);
        assertEquals(expected, EXAMPLE.minimalCost(), 1e-12);
        assertEquals(expected, EXAMPLE.value(d), 1e-12);
        assertArrayEquals(new double[] {0, 0}, EXAMPLE.gradient(d), 1e-13);
        assertTrue(EXAMPLE.value(DannemannJunikeExample.W_STAR) > expected + 0.4, "W* is not a batch-norm minimum");
        // The opposite ray is the maximum: 201 + 2 sqrt(194).
        assertEquals(201 + 2 * Math.sqrt(194), EXAMPLE.value(new double[] {-5, -3}), 1e-12);
    }

    @Test
    void theVarianceConventionChangesTheGradient() {
        BatchNormNeuron sample = EXAMPLE.withTransform(
                BatchNormTransform.normalizeOnly().withVariance(VarianceConvention.SAMPLE));
        double[] g = sample.gradient(DannemannJunikeExample.W_STAR);
        // Dividing by M - 1 = 2 instead of 3 shrinks BN(z) by sqrt(2/3): the gradient at W* is no longer the paper's.
        assertTrue(Math.abs(g[0] - EXACT_GRADIENT[0]) > 0.05, "sample variance gives " + g[0]);
        assertEquals(0.0, g[0] * 1 + g[1] * 3, 1e-12);
    }

    @Test
    void badInputsAreRejectedClearly() {
        assertThrows(IllegalArgumentException.class,
                () -> new BatchNormNeuron(new double[][] {{1, 2}}, new double[] {1}, BatchNormTransform.normalizeOnly()));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormNeuron(new double[][] {{1, 2}, {1}},
                new double[] {1, 2}, BatchNormTransform.normalizeOnly()));
        assertThrows(IllegalArgumentException.class, () -> EXAMPLE.value(new double[] {1, 2, 3}));
        // (1, -1) maps the inputs to (0, -1, -1): not constant. (0, 0) maps them to a constant batch: 0 / 0.
        assertThrows(IllegalArgumentException.class, () -> EXAMPLE.gradient(new double[] {0, 0}));
        assertThrows(IllegalStateException.class,
                () -> EXAMPLE.withTransform(BatchNormTransform.normalizeOnly().withEpsilon(1e-5)).minimalCost());
        assertThrows(IllegalArgumentException.class,
                () -> new BatchNormTransform(1, 0, -1e-5, VarianceConvention.POPULATION));
    }
}
