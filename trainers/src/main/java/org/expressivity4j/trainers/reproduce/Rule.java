package org.expressivity4j.trainers.reproduce;

import java.util.Locale;

/**
 * The rules that turn measured numbers into a {@link Verdict}. Each is written once here, and the report lists
 * them with their thresholds, so that every verdict can be checked by hand against its numbers.
 */
public enum Rule {
    /** Every one of several checks holds: reproduced; at least half: partly; fewer: not reproduced. */
    ALL_CHECKS("every check holds: reproduced; at least half of them: partly; fewer: not reproduced"),
    /** Spearman's rho of depth against a quantity that should fall with depth. */
    FALLS_WITH_DEPTH(String.format(Locale.ROOT, "Spearman's rho of depth against the quantity <= %.1f: reproduced; "
            + "<= %.1f: partly; otherwise not reproduced", -Thresholds.STRONG_RHO, -Thresholds.WEAK_RHO)),
    /** Spearman's rho of a parameter against a quantity that should rise with it. */
    RISES_WITH(String.format(Locale.ROOT, "Spearman's rho of the parameter against the quantity >= %.1f in every "
            + "group: reproduced; >= %.1f in every group: partly; otherwise not reproduced", Thresholds.STRONG_RHO,
            Thresholds.WEAK_RHO)),
    /** A count that should not depend on a parameter (only on another one). */
    NO_DEPENDENCE(String.format(Locale.ROOT, "largest / smallest value over the parameter <= %.1f in every group: "
            + "reproduced; in at least half of the groups: partly; otherwise not reproduced",
            Thresholds.SPREAD_FACTOR)),
    /** A log-log slope that should be 1 (proportionality). */
    PROPORTIONAL(String.format(Locale.ROOT, "every log-log slope within 1 +- %.1f: reproduced; within 1 +- %.1f: "
            + "partly; otherwise not reproduced", Thresholds.SLOPE_TOLERANCE, 2 * Thresholds.SLOPE_TOLERANCE)),
    /** A measured value within the bounds the paper derives, allowing for sampling error. */
    WITHIN_BOUNDS(String.format(Locale.ROOT, "the measured value lies between the bounds within %.0f standard "
            + "errors in every configuration: reproduced; in at least half: partly; otherwise not reproduced",
            Thresholds.STANDARD_ERRORS)),
    /** Test accuracy of A above B, beyond the binomial sampling error of the test set. */
    BETTER(String.format(Locale.ROOT, "final test accuracy of A minus B > %.0f standard errors of the difference "
            + "(binomial, from the test-set size): reproduced; > 0: partly; otherwise not reproduced",
            Thresholds.STANDARD_ERRORS)),
    /** Test accuracy of A and B the same within sampling error. */
    SAME(String.format(Locale.ROOT, "|A - B| <= %.0f standard errors of the difference: reproduced; <= %.2f "
            + "accuracy: partly; otherwise not reproduced", Thresholds.STANDARD_ERRORS, Thresholds.CLOSE_ACCURACY)),
    /** A number the paper prints, matched to the digits it prints. */
    PRINTED_VALUE("equal to the paper's printed value when rounded to the digits it prints: reproduced; within twice "
            + "that rounding: partly; otherwise not reproduced");

    private final String description;

    Rule(String description) {
        this.description = description;
    }

    /** The rule in words, with its thresholds. */
    public String description() {
        return description;
    }

    /** The numbers the rules use. */
    public static final class Thresholds {
        /** |rho| at or above which a rank correlation counts as strong. */
        public static final double STRONG_RHO = 0.8;
        /** |rho| at or above which a rank correlation counts as present but weak. */
        public static final double WEAK_RHO = 0.5;
        /** Allowed distance of a proportionality slope from 1 for "reproduced" (twice it for "partly"). */
        public static final double SLOPE_TOLERANCE = 0.2;
        /** Standard errors allowed for sampling noise. */
        public static final double STANDARD_ERRORS = 2;
        /** Largest over smallest value still counted as "does not depend on the parameter". */
        public static final double SPREAD_FACTOR = 1.5;
        /** Accuracy difference still counted as "partly the same". */
        public static final double CLOSE_ACCURACY = 0.02;

        private Thresholds() {
        }
    }

    /** {@link #ALL_CHECKS}: {@code pass} of {@code total} checks hold. */
    public static Verdict allChecks(int pass, int total) {
        if (total <= 0) {
            return Verdict.NOT_RUN;
        }
        if (pass == total) {
            return Verdict.REPRODUCED;
        }
        return 2 * pass >= total ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
    }

    /** {@link #FALLS_WITH_DEPTH} for Spearman's rho of depth against the quantity. */
    public static Verdict fallsWithDepth(double rho) {
        if (Double.isNaN(rho)) {
            return Verdict.NOT_REPRODUCED;
        }
        if (rho <= -Thresholds.STRONG_RHO) {
            return Verdict.REPRODUCED;
        }
        return rho <= -Thresholds.WEAK_RHO ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
    }

    /** {@link #RISES_WITH}: the smallest rho over the groups. */
    public static Verdict risesWith(double smallestRho) {
        if (Double.isNaN(smallestRho)) {
            return Verdict.NOT_REPRODUCED;
        }
        if (smallestRho >= Thresholds.STRONG_RHO) {
            return Verdict.REPRODUCED;
        }
        return smallestRho >= Thresholds.WEAK_RHO ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
    }

    /** {@link #PROPORTIONAL}: the slope farthest from 1. */
    public static Verdict proportional(double worstSlope) {
        double off = Math.abs(worstSlope - 1);
        if (Double.isNaN(off)) {
            return Verdict.NOT_REPRODUCED;
        }
        if (off <= Thresholds.SLOPE_TOLERANCE) {
            return Verdict.REPRODUCED;
        }
        return off <= 2 * Thresholds.SLOPE_TOLERANCE ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
    }

    /** Whether {@code value +- STANDARD_ERRORS x error} reaches into [lower, upper]. */
    public static boolean withinBounds(double value, double error, double lower, double upper) {
        double slack = Thresholds.STANDARD_ERRORS * (Double.isFinite(error) ? error : 0);
        return value + slack >= lower && value - slack <= upper;
    }

    /** {@link #BETTER}: accuracy {@code a} against {@code b}, each measured on {@code n} test examples. */
    public static Verdict better(double a, double b, int n) {
        double diff = a - b;
        if (Double.isNaN(diff)) {
            return Verdict.NOT_REPRODUCED;
        }
        if (diff > Thresholds.STANDARD_ERRORS * differenceError(a, b, n)) {
            return Verdict.REPRODUCED;
        }
        return diff > 0 ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
    }

    /** {@link #SAME}: accuracy {@code a} against {@code b}, each measured on {@code n} test examples. */
    public static Verdict same(double a, double b, int n) {
        double diff = Math.abs(a - b);
        if (Double.isNaN(diff)) {
            return Verdict.NOT_REPRODUCED;
        }
        if (diff <= Thresholds.STANDARD_ERRORS * differenceError(a, b, n)) {
            return Verdict.REPRODUCED;
        }
        return diff <= Thresholds.CLOSE_ACCURACY ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
    }

    /**
     * The standard error of the difference of two accuracies, each a binomial proportion over {@code n}
     * independent test examples: sqrt(a (1 - a) / n + b (1 - b) / n). (The same test images are used for both, so
     * this overstates the error of a paired comparison; it is the conservative choice.)
     */
    public static double differenceError(double a, double b, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("test examples must be positive, got " + n);
        }
        return Math.sqrt((a * (1 - a) + b * (1 - b)) / n);
    }

    /**
     * {@link #PRINTED_VALUE}: {@code ours} against the paper's {@code printed} value, printed with
     * {@code decimals} digits after the point.
     */
    public static Verdict printedValue(double ours, double printed, int decimals) {
        double half = 0.5 * Math.pow(10, -decimals);
        double off = Math.abs(ours - printed);
        if (Double.isNaN(off)) {
            return Verdict.NOT_REPRODUCED;
        }
        if (off <= half * (1 + 1e-9)) {
            return Verdict.REPRODUCED;
        }
        return off <= 2 * half ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
    }
}
