package org.expressivity4j.core.theory;

/**
 * Theorem 4 of Raghu et al. (ICML 2017) and its proof (Appendix B): in a hard-tanh network of width k whose units
 * are saturated except while transitioning (large sigma_w), the expected number of transitions grows per layer by
 * a factor of order {@code sqrt(k) / sqrt(1 + sigma_b^2 / sigma_w^2)}, the same base as Theorem 3's length growth at
 * large sigma_w: transitions are proportional to trajectory length.
 *
 * <p><b>The expression.</b> The proof: with all inputs of unit 1 of layer d+1 saturated at +-1, a flip of input i
 * flips unit 1 when {@code |w_i1| > |sum_(j != i) w_j1 z_j + b_1|}. With {@code X = w_i1 ~ N(0, sigma_w^2 / k)} and
 * {@code Y ~ N(0, (k - 1) sigma_w^2 / k + sigma_b^2)} the ratio X / Y is Cauchy, so
 * {@code P(|X| > |Y|) = (2 / pi) arctan(sigma_w / sqrt((k - 1) sigma_w^2 + k sigma_b^2))}
 * ({@link #sensitivityProbability}; the paper approximates the variance of Y by {@code sigma_w^2 + sigma_b^2},
 * i.e. k - 1 by k, which changes nothing asymptotically). Each unit above is sensitive to that many units below,
 * giving {@code E[T^(d+1)] >= k P(|X| > |Y|) E[T^(d)]}: {@link #perLayerFactor}, which tends to
 * {@code (2 / pi) sqrt(k) / sqrt(1 + sigma_b^2 / sigma_w^2)} for large k. {@link #asymptoticFactor} is the paper's
 * {@code G} per layer without the constant.
 *
 * <p><b>Validity.</b> The argument needs the saturation assumption; it describes the large-sigma_w limit. With
 * exact transition counts along segments (16 hard-tanh networks of depth 4, k = 64), layers 2 to 4 grew by about
 * 3.1 per layer at sigma_w = 16 against a factor of 5.1, and by about 5.0 at sigma_w = 4096, where units are
 * saturated (the tests check k = 16, 32, 64 at sigma_w = 4096). It is a statement about the limit, not a bound to
 * test at every scale. Transitions here count region changes (a sweep
 * from -1 to +1 saturation is two), which scales both sides alike.
 */
public final class TransitionBound {

    private TransitionBound() {
    }

    /**
     * {@code P(|X| > |Y|) = (2 / pi) arctan(sigma_w / sqrt((k - 1) sigma_w^2 + k sigma_b^2))}: the probability that
     * one saturated input flip flips a unit of the next layer.
     */
    public static double sensitivityProbability(int k, double sigmaW, double sigmaB) {
        TrajectoryGrowthBounds.checkWidth(k);
        TrajectoryGrowthBounds.checkScale(sigmaW, "sigma_w");
        TrajectoryGrowthBounds.checkScale(sigmaB, "sigma_b");
        if (sigmaW == 0.0) {
            return 0.0;
        }
        return 2 / Math.PI * Math.atan2(sigmaW, Math.sqrt((k - 1) * sigmaW * sigmaW + k * sigmaB * sigmaB));
    }

    /** {@code k} times {@link #sensitivityProbability}: the growth factor of expected transitions per layer. */
    public static double perLayerFactor(int k, double sigmaW, double sigmaB) {
        return k * sensitivityProbability(k, sigmaW, sigmaB);
    }

    /** {@code perLayerFactor^layers}: the growth of expected transitions over that many layers. */
    public static double growth(int k, double sigmaW, double sigmaB, int layers) {
        return TrajectoryGrowthBounds.overDepth(perLayerFactor(k, sigmaW, sigmaB), layers);
    }

    /**
     * The paper's {@code G(k, sigma_w, sigma_b, 1)} inside the O(): {@code sqrt(k) / sqrt(1 + sigma_b^2 / sigma_w^2)}
     * (0 when sigma_w = 0).
     */
    public static double asymptoticFactor(int k, double sigmaW, double sigmaB) {
        TrajectoryGrowthBounds.checkWidth(k);
        TrajectoryGrowthBounds.checkScale(sigmaW, "sigma_w");
        TrajectoryGrowthBounds.checkScale(sigmaB, "sigma_b");
        if (sigmaW == 0.0) {
            return 0.0;
        }
        return Math.sqrt(k) / Math.sqrt(1 + (sigmaB * sigmaB) / (sigmaW * sigmaW));
    }
}
