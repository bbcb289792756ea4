package org.expressivity4j.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.measure.GrowthRatios;
import org.expressivity4j.core.measure.MeasureOptions;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.RandomNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrajectoryGrowthBoundsTest {

    /** Measures run many small matrix products: one native thread is several times faster than two here. */
    @BeforeAll
    static void oneNativeThread() {
        NativeBackend.configure(new NativeBackend.Settings(1, true));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 100, 1000})
    void reluFactorIsTheExplicitFormAtOneHalf(int k) {
        double sw = 1.7;
        double expected = sw / 2 * Math.sqrt(k / (k + 1.0)) - sw * Math.sqrt(k) / (Math.sqrt(2) * Math.pow(2, k));
        // Two evaluations of the same expression in different orders: a few ulps.
        assertEquals(expected, TrajectoryGrowthBounds.reluLowerFactor(k, sw), 1e-15 * sw);
        // Large k: sigma_w / 2 (the paper's O form sigma_w sqrt(k / (k + 1)) lacks this factor 1/2).
        if (k >= 100) {
            assertEquals(sw / 2, TrajectoryGrowthBounds.reluLowerFactor(k, sw), sw / (4.0 * k));
        }
    }

    @Test
    void lowerFactorIsNonDecreasingInP() {
        // The hard-tanh bound plugs in a lower bound on p; that is valid because g(p) is non-decreasing.
        for (int k : new int[] {1, 2, 3, 4, 5, 8, 16, 32, 64, 100, 128, 256, 512, 1000, 5000}) {
            double previous = TrajectoryGrowthBounds.lowerFactor(k, 1.0, 0.0);
            for (int i = 1; i <= 10000; i++) {
                double g = TrajectoryGrowthBounds.lowerFactor(k, 1.0, i / 10000.0);
                assertTrue(g >= previous - 1e-15, "k=" + k + ", p=" + i / 10000.0);
                previous = g;
            }
        }
    }

    @Test
    void unsaturatedProbabilityIsTheGaussianMassOfMinusOneToOne() {
        // P(|Z| < 1) = erf(1 / sqrt 2) = 0.682689492137086 (the 68% rule); P(|N(0, 4)| < 1) = erf(1 / (2 sqrt 2)).
        assertEquals(0.6826894921370859, TrajectoryGrowthBounds.hardTanhUnsaturatedProbability(1, 0), 1e-15);
        assertEquals(0.38292492254802624, TrajectoryGrowthBounds.hardTanhUnsaturatedProbability(Math.sqrt(3), 1),
                1e-15);
        assertEquals(0.8427007929497149, SpecialFunctions.erf(1.0), 1e-15);
        assertEquals(0.9953222650189527, SpecialFunctions.erf(2.0), 1e-15);
        assertEquals(0.9999999845827421, SpecialFunctions.erf(4.0), 1e-15);
        assertEquals(-0.5204998778130465, SpecialFunctions.erf(-0.5), 1e-15);
        // The paper's weaker closed form 1 / (sigma sqrt(2 pi)), for sigma >= 1, lies below.
        for (double sigma = 1; sigma < 100; sigma *= 1.5) {
            assertTrue(TrajectoryGrowthBounds.hardTanhUnsaturatedProbability(sigma, 0)
                    >= 1 / (sigma * Math.sqrt(2 * Math.PI)));
        }
    }

    @Test
    void upperFactorIsTheScaledChiMean() {
        // k = 1: E|Z| = sqrt(2 / pi); k = 2: E[chi_2] / sqrt 2 = sqrt(pi) / 2; k = 3: E[chi_3] / sqrt 3 = 2 sqrt(2 / pi) / sqrt 3.
        assertEquals(Math.sqrt(2 / Math.PI), TrajectoryGrowthBounds.hardTanhUpperFactor(1, 1), 1e-15);
        assertEquals(Math.sqrt(Math.PI) / 2, TrajectoryGrowthBounds.hardTanhUpperFactor(2, 1), 1e-15);
        assertEquals(2 * Math.sqrt(2 / Math.PI) / Math.sqrt(3), TrajectoryGrowthBounds.hardTanhUpperFactor(3, 1),
                1e-15);
        for (int k = 1; k <= 4096; k *= 2) {
            double up = TrajectoryGrowthBounds.hardTanhUpperFactor(k, 2.0);
            assertTrue(up < 2.0, "E[chi_k] < sqrt(k) (Jensen)");
            assertTrue(up < TrajectoryGrowthBounds.hardTanhUpperFactorSimplified(k, 2.0));
            if (k >= 64) {
                // E[chi_k] / sqrt k = 1 - 1/(4k) + O(k^-2).
                assertEquals(2.0 * (1 - 0.25 / k), up, 2.0 / (k * k));
            }
        }
    }

    @Test
    void asymptoticFormsAreThePrintedExpressions() {
        assertEquals(2.0 * Math.sqrt(10 / 11.0), TrajectoryGrowthBounds.reluAsymptoticFactor(10, 2.0), 1e-15);
        double sigma = Math.hypot(3, 1);
        assertEquals(3 * Math.sqrt(50) / Math.sqrt(sigma * sigma + 50 * sigma),
                TrajectoryGrowthBounds.hardTanhAsymptoticFactor(50, 3, 1), 1e-15);
        assertEquals(8.0, TrajectoryGrowthBounds.overDepth(2.0, 3), 0.0);
        assertThrows(IllegalArgumentException.class, () -> TrajectoryGrowthBounds.lowerFactor(0, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryGrowthBounds.lowerFactor(5, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryGrowthBounds.hardTanhLowerFactor(5, -1, 0));
    }

    /**
     * Monte Carlo growth ratios of random networks between Theorem 3's explicit lower bound and the upper bound of
     * Appendix B. 16 networks of depth 4 along random quarter circles; lengths converged to 1e-3 (which moves a
     * ratio by at most 2e-3, negligible beside the margins). Both bounds are per layer, for every layer, so they hold
     * for each network's average ratio over its layers; its mean over the independent networks is checked 4 standard
     * errors away from the bounds (one-sided: a 3e-5 chance of a false failure if the mean sat exactly at a bound).
     * The expected relu ratio is about sigma_w / sqrt 2 against a lower bound near sigma_w / 2, the hard-tanh ratio
     * about sigma_w sqrt(p) against sigma_w sqrt(p / 2): true margins around 40%, while one network's average ratio
     * has a relative spread of roughly 1 / sqrt(2 k depth) (under 10%), so 4 standard errors of the mean of 16 stay
     * well inside the margins.
     */
    @ParameterizedTest
    @CsvSource({
        "RELU, 16, 2, 0", "RELU, 16, 8, 1", "RELU, 64, 2, 1", "RELU, 64, 8, 0",
        "HARD_TANH, 16, 4, 0", "HARD_TANH, 16, 16, 1", "HARD_TANH, 64, 4, 1", "HARD_TANH, 64, 16, 0"})
    void monteCarloGrowthLiesBetweenTheBounds(Activation activation, int k, double weightVariance, double sigmaB) {
        RandomNetwork template = RandomNetwork.builder().inputDimension(k).width(k).depth(4)
                .weightVariance(weightVariance).sigmaB(sigmaB).activation(activation).seed(2024).build();
        MeasureOptions options = MeasureOptions.defaults().withRefineTransitions(false).withTolerance(1e-3)
                .withInitialSamples(200);
        GrowthRatios.Result r = GrowthRatios.estimate(template, 16, options);
        assertTrue(r.allConverged());
        double sw = template.sigmaW();
        double lower = activation == Activation.RELU ? TrajectoryGrowthBounds.reluLowerFactor(k, sw)
                : TrajectoryGrowthBounds.hardTanhLowerFactor(k, sw, sigmaB);
        double upper = TrajectoryGrowthBounds.hardTanhUpperFactor(k, sw);
        assertTrue(lower > 0, "a meaningful lower bound");
        double mean = r.pooledRatio();
        double se = r.pooledStdError();
        String where = activation + " k=" + k + " sw2=" + weightVariance + " sb=" + sigmaB + ": " + mean + " +- " + se;
        assertTrue(mean - 4 * se > lower, where + " vs lower " + lower);
        // The upper bound holds for the expectation (any 1-Lipschitz activation): reject only if the mean is more
        // than 4 standard errors above it.
        assertTrue(mean - 4 * se <= upper, where + " vs upper " + upper);
    }

    /**
     * The printed O() form of Theorem 3 (a) is not a lower bound: relu without bias at He initialization
     * (sigma_w^2 = 2) does not grow (expected ratio about sigma_w / sqrt 2 = 1), while sigma_w sqrt(k / (k + 1)) is
     * 1.40 at k = 64. Checked 4 standard errors away.
     */
    @Test
    void printedReluFormIsNotALowerBound() {
        RandomNetwork template = RandomNetwork.builder().inputDimension(64).width(64).depth(4).weightVariance(2)
                .activation(Activation.RELU).seed(7).build();
        GrowthRatios.Result r = GrowthRatios.estimate(template, 16,
                MeasureOptions.defaults().withRefineTransitions(false).withInitialSamples(200));
        double printed = TrajectoryGrowthBounds.reluAsymptoticFactor(64, Math.sqrt(2));
        assertTrue(r.pooledRatio() + 4 * r.pooledStdError() < printed, r.pooledRatio() + " vs " + printed);
        assertTrue(r.pooledRatio() - 4 * r.pooledStdError() > TrajectoryGrowthBounds.reluLowerFactor(64, Math.sqrt(2)));
    }
}
