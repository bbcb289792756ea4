package org.expressivity4j.core.theory;

/**
 * Theorem 3 of Raghu et al. (ICML 2017) and its proof in Appendix B: bounds on the growth, per layer, of the
 * expected length of a trajectory's image, {@code E[l(z^(d+1))] / E[l(z^(d))]}, in random networks of width k
 * with weights N(0, sigma_w^2 / k) and biases N(0, sigma_b^2).
 *
 * <p><b>Which expressions, and why.</b> Theorem 3 states its lower bounds with O(): relu
 * {@code O((sigma_w sqrt(k) / sqrt(k + 1))^d)}, hard tanh
 * {@code O((sigma_w sqrt(k) / sqrt(sigma_w^2 + sigma_b^2 + k sqrt(sigma_w^2 + sigma_b^2)))^d)}. Read literally as
 * lower bounds on the growth these cannot hold: for relu without bias the measured growth per layer is about
 * {@code sigma_w / sqrt 2} (He initialization, sigma_w^2 = 2, gives no growth), below
 * {@code sigma_w sqrt(k / (k + 1))}. The O() forms drop the constants of the proof, which are kept by its explicit
 * inequality, Appendix B equation (a):
 * <pre>
 *   E||dz_perp^(d+1)|| &gt;= g(k, sigma_w, p) E||dz_perp^(d)||,
 *   g(k, sigma_w, p) = (sigma_w / sqrt 2) ( sqrt(k) p / sqrt(1 + (k - 1) p)  -  sqrt(k) p (1 - p)^(k - 1) ),
 * </pre>
 * where {@code dz_perp} is the component of a trajectory's tangent orthogonal to the trajectory's point and {@code p}
 * the probability that a unit is active (relu) or unsaturated (hard tanh). We reconstructed (a) from the proof's
 * steps (Lemma 4's chi mean, the binomial number of active units, Jensen's inequality for {@code 1/sqrt}); the
 * extracted text is garbled there. {@link #lowerFactor} returns {@code g}; {@link #reluLowerFactor} and
 * {@link #hardTanhLowerFactor} insert the paper's {@code p}. Since {@code ||dz|| >= ||dz_perp||}, composing gives
 * {@code E[l(z^(d))] >= g^d l_perp(x)}, with {@code l_perp(x) = l(x)} for a circular arc between orthogonal
 * vectors of equal norm. The asymptotic forms are still available ({@link #reluAsymptoticFactor},
 * {@link #hardTanhAsymptoticFactor}) for plots that want to show them, marked as such.
 *
 * <p>Two remarks on the proof, which we keep rather than repair: Lemma 4(b) needs at least three active units (the
 * text's "|A| &gt;= 2, sqrt(2|A| - 3) &gt;= sqrt|A|" fails at |A| = 2), a negligible event for the widths
 * considered; and the hard-tanh bound on {@code p} assumes {@code ||z^(d)||^2 <= k}, true for hidden layers
 * (|z_i| &lt;= 1) and for inputs with {@code ||x||^2 <= m}.
 *
 * <p>The upper bound (Appendix B, "statement and proof of upper bound for trajectory growth for hard tanh"):
 * hard tanh is 1-Lipschitz, so replacing it by the identity can only lengthen the image, and
 * {@code E||W dz|| = sigma_w sqrt(2 / k) Gamma((k + 1)/2) / Gamma(k/2) ||dz||} (a chi distribution with k degrees of
 * freedom), equation (2): {@link #hardTanhUpperFactor}. The paper then relaxes it to
 * {@code sigma_w sqrt((k + 1) / k)}, equation (3): {@link #hardTanhUpperFactorSimplified}. Biases cancel in
 * differences, so neither depends on sigma_b, and both hold for any 1-Lipschitz activation (relu too). For any
 * sampled trajectory and fixed previous layer they bound the expected ratio of chord sums, not only of lengths.
 */
public final class TrajectoryGrowthBounds {

    private TrajectoryGrowthBounds() {
    }

    /**
     * Appendix B equation (a): the explicit lower factor
     * {@code (sigma_w / sqrt 2) (sqrt(k) p / sqrt(1 + (k - 1) p) - sqrt(k) p (1 - p)^(k - 1))} on the growth of
     * {@code E||dz_perp||} per layer, for units active / unsaturated with probability {@code p}. Non-decreasing in
     * {@code p} (checked numerically in the tests), so a lower bound on {@code p} gives a lower bound. May be
     * negative (then vacuous) for tiny k p.
     */
    public static double lowerFactor(int k, double sigmaW, double p) {
        checkWidth(k);
        checkScale(sigmaW, "sigma_w");
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("p must be a probability, got " + p);
        }
        double sk = Math.sqrt(k);
        double first = sk * p / Math.sqrt(1 + (k - 1) * p);
        double second = sk * p * Math.pow(1 - p, k - 1);
        return sigmaW / Math.sqrt(2) * (first - second);
    }

    /**
     * Theorem 3 (a) with its constants: {@link #lowerFactor} at {@code p = 1/2}, the exact probability that a relu
     * unit is on (its pre-activation is a symmetric Gaussian given the layer below, with or without bias). Equals
     * {@code (sigma_w / 2) sqrt(k / (k + 1)) - sigma_w sqrt(k) / (sqrt 2 2^k)}, about {@code sigma_w / 2} for large k.
     */
    public static double reluLowerFactor(int k, double sigmaW) {
        return lowerFactor(k, sigmaW, 0.5);
    }

    /**
     * The paper's lower bound on the probability that a hard-tanh unit is unsaturated (Appendix B, equation (b) and
     * its bias version): with {@code ||z||^2 <= k}, the pre-activation is Gaussian with variance at most
     * {@code sigma^2 = sigma_w^2 + sigma_b^2}, so {@code p >= P(|N(0, sigma^2)| < 1) = erf(1 / (sigma sqrt 2))}.
     * (The paper then weakens this to {@code 1 / (sigma sqrt(2 pi))} for {@code sigma >= 1}; we keep the exact
     * Gaussian probability, which is larger.)
     */
    public static double hardTanhUnsaturatedProbability(double sigmaW, double sigmaB) {
        checkScale(sigmaW, "sigma_w");
        checkScale(sigmaB, "sigma_b");
        double sigma = Math.hypot(sigmaW, sigmaB);
        return sigma == 0.0 ? 1.0 : SpecialFunctions.erf(1.0 / (sigma * Math.sqrt(2.0)));
    }

    /**
     * Theorem 3 (b) with its constants: {@link #lowerFactor} at
     * {@code p = }{@link #hardTanhUnsaturatedProbability}{@code (sigma_w, sigma_b)}. Valid for layers whose input
     * has {@code ||z||^2 <= fan_in} (all hidden layers; the first layer for inputs with {@code ||x||^2 <= m}).
     */
    public static double hardTanhLowerFactor(int k, double sigmaW, double sigmaB) {
        return lowerFactor(k, sigmaW, hardTanhUnsaturatedProbability(sigmaW, sigmaB));
    }

    /**
     * Appendix B equation (2): {@code sigma_w sqrt(2 / k) Gamma((k + 1)/2) / Gamma(k/2)}, the expected growth
     * factor of the identity map with N(0, sigma_w^2 / k) weights; an upper bound on the expected growth per layer
     * of hard tanh (and of any 1-Lipschitz activation, relu included), whatever sigma_b. Below {@code sigma_w}.
     */
    public static double hardTanhUpperFactor(int k, double sigmaW) {
        checkWidth(k);
        checkScale(sigmaW, "sigma_w");
        return sigmaW * SpecialFunctions.chiMeanOverSqrtK(k);
    }

    /** Appendix B equation (3), the paper's relaxation of (2): {@code sigma_w sqrt((k + 1) / k)}. */
    public static double hardTanhUpperFactorSimplified(int k, double sigmaW) {
        checkWidth(k);
        checkScale(sigmaW, "sigma_w");
        return sigmaW * Math.sqrt((k + 1.0) / k);
    }

    /**
     * The expression inside Theorem 3 (a)'s O(), per layer: {@code sigma_w sqrt(k) / sqrt(k + 1)}. Not a lower bound
     * as it stands (see the class comment); for plots that show the paper's printed form.
     */
    public static double reluAsymptoticFactor(int k, double sigmaW) {
        checkWidth(k);
        checkScale(sigmaW, "sigma_w");
        return sigmaW * Math.sqrt(k / (k + 1.0));
    }

    /**
     * The expression inside Theorem 3 (b)'s O(), per layer:
     * {@code sigma_w sqrt(k) / sqrt(sigma^2 + k sigma)} with {@code sigma = sqrt(sigma_w^2 + sigma_b^2)}, as printed
     * in the theorem and at the end of its proof. Not a lower bound as it stands; for plots.
     */
    public static double hardTanhAsymptoticFactor(int k, double sigmaW, double sigmaB) {
        checkWidth(k);
        checkScale(sigmaW, "sigma_w");
        checkScale(sigmaB, "sigma_b");
        double sigma = Math.hypot(sigmaW, sigmaB);
        return sigma == 0.0 ? 0.0 : sigmaW * Math.sqrt(k) / Math.sqrt(sigma * sigma + k * sigma);
    }

    /** {@code factor^depth}: a per-layer factor composed over {@code depth} layers. */
    public static double overDepth(double factor, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be non-negative, got " + depth);
        }
        return Math.pow(factor, depth);
    }

    static void checkWidth(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("width must be at least 1, got " + k);
        }
    }

    static void checkScale(double s, String name) {
        if (!(s >= 0.0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException(name + " must be finite and non-negative, got " + s);
        }
    }
}
