package org.expressivity4j.trainers.figures.growth;

import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.theory.TrajectoryGrowthBounds;
import org.expressivity4j.trainers.shared.NetConfig;

/**
 * The per-layer bounds of Theorem 3 of Raghu et al. (ICML 2017) for one architecture, in the explicit forms of its
 * proof (Appendix B), which is what a measurement can be held against; the O() expression of the theorem is kept
 * beside them, labelled as asymptotic.
 *
 * @param lower      Appendix B equation (a): {@link TrajectoryGrowthBounds#reluLowerFactor} for relu,
 *                   {@link TrajectoryGrowthBounds#hardTanhLowerFactor} for hard tanh; NaN for other activations (the
 *                   paper gives none)
 * @param upper      Appendix B equation (2), {@link TrajectoryGrowthBounds#hardTanhUpperFactor}: the identity map's
 *                   expected growth, an upper bound for every 1-Lipschitz activation (relu, hard tanh, tanh; for a
 *                   linear network it is the exact expected growth); NaN for sigmoid and selu
 * @param asymptotic the expression inside Theorem 3's O() (relu, hard tanh; NaN otherwise): not a bound as it
 *                   stands, shown because the paper prints it
 */
public record GrowthBounds(double lower, double upper, double asymptotic) {

    /** The bounds for hidden layers of this architecture (fan-in k). */
    public static GrowthBounds of(NetConfig c) {
        int k = c.width();
        double sw = c.sigmaW();
        double sb = c.sigmaB();
        double lower = switch (c.activation()) {
            case RELU -> TrajectoryGrowthBounds.reluLowerFactor(k, sw);
            case HARD_TANH -> TrajectoryGrowthBounds.hardTanhLowerFactor(k, sw, sb);
            default -> Double.NaN;
        };
        double upper = switch (c.activation()) {
            case RELU, HARD_TANH, TANH, LINEAR -> TrajectoryGrowthBounds.hardTanhUpperFactor(k, sw);
            default -> Double.NaN;
        };
        double asymptotic = switch (c.activation()) {
            case RELU -> TrajectoryGrowthBounds.reluAsymptoticFactor(k, sw);
            case HARD_TANH -> TrajectoryGrowthBounds.hardTanhAsymptoticFactor(k, sw, sb);
            default -> Double.NaN;
        };
        return new GrowthBounds(lower, upper, asymptotic);
    }

    /** Whether a lower or an upper bound exists. */
    public boolean any() {
        return !Double.isNaN(lower) || !Double.isNaN(upper);
    }

    /** Where a measured growth falls against the bounds. */
    public enum Verdict {
        /** Between the bounds (or above the lower / below the upper where only one exists). */
        BETWEEN("between"),
        /** Outside the strict bounds, but between them once two standard errors of slack are allowed. */
        BETWEEN_WITHIN_2SE("between (within 2 SE)"),
        /** Below the lower bound. */
        BELOW_LOWER("below lower"),
        /** Above the upper bound. */
        ABOVE_UPPER("above upper"),
        /** The paper gives no bound for this activation. */
        NO_BOUND("no bound"),
        /** There is no measurement (NaN). */
        NOT_MEASURED("not measured");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        /** The words used in the summary's tables. */
        public String label() {
            return label;
        }

        /** Whether the measurement agrees with the bounds ({@link #BETWEEN} or {@link #BETWEEN_WITHIN_2SE}). */
        public boolean between() {
            return this == BETWEEN || this == BETWEEN_WITHIN_2SE;
        }
    }

    /**
     * Where a measured growth falls: {@link Verdict#BETWEEN} the bounds, {@link Verdict#BELOW_LOWER},
     * {@link Verdict#ABOVE_UPPER}, {@link Verdict#NO_BOUND} or {@link Verdict#NOT_MEASURED}; a relative slack
     * {@code slack} is allowed on either side (the measurement is a sample mean).
     */
    public Verdict verdict(double measured, double slack) {
        if (!any()) {
            return Verdict.NO_BOUND;
        }
        if (Double.isNaN(measured)) {
            return Verdict.NOT_MEASURED;
        }
        if (!Double.isNaN(lower) && measured < lower * (1 - slack)) {
            return Verdict.BELOW_LOWER;
        }
        if (!Double.isNaN(upper) && measured > upper * (1 + slack)) {
            return Verdict.ABOVE_UPPER;
        }
        return Verdict.BETWEEN;
    }
}
