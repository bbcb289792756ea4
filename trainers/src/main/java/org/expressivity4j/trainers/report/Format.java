package org.expressivity4j.trainers.report;

import java.util.Locale;

/** Numbers as the summaries and tables print them ({@link Locale#ROOT}; NaN as "-"). */
public final class Format {

    private Format() {
    }

    /** Three decimals, e.g. {@code 1.234}. */
    public static String decimal(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Three significant digits, e.g. {@code 1.23e+04}. */
    public static String scientific(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3g", v);
    }

    /** A mean and its standard error, e.g. {@code 1.234 +- 0.056}; the mean alone when the error is NaN. */
    public static String plusMinus(double v, double se) {
        return Double.isNaN(v) ? "-" : Double.isNaN(se) ? decimal(v)
                : String.format(Locale.ROOT, "%.3f +- %.3f", v, se);
    }
}
