package org.expressivity4j.trainers.options;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.expressivity4j.datasets.Dataset;

/**
 * Values as help texts show them, so that a command's help can be built from the defaults its settings hold (the
 * figures' {@code quick()} and {@code full()}) instead of repeating them by hand. A command names a
 * {@link java.util.ListResourceBundle} of such texts in {@code @Command(resourceBundle = ...)} and its descriptions
 * say {@code ${bundle:key}}.
 */
public final class HelpValues {

    private HelpValues() {
    }

    /** A number as short as it is exact: {@code 4}, {@code 0.25}, {@code 0.0005}, {@code 1E-9}. */
    public static String number(double value) {
        BigDecimal v = BigDecimal.valueOf(value).stripTrailingZeros();
        double magnitude = Math.abs(value);
        return magnitude >= 1e-4 && magnitude < 1e7 || value == 0 ? v.toPlainString()
                : v.toString().replace("E+", "E");
    }

    /** A count with thousands separators: {@code 10,000}. */
    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Numbers joined by commas without spaces, as the options take them: {@code 0.5,1,4,16}. */
    public static String list(List<? extends Number> values) {
        return values.stream().map(v -> v instanceof Double || v instanceof Float ? number(v.doubleValue())
                : String.valueOf(v)).collect(Collectors.joining(","));
    }

    /** Items shown by {@code show}, joined by commas without spaces. */
    public static <T> String list(List<T> values, Function<? super T, String> show) {
        return values.stream().map(show).collect(Collectors.joining(","));
    }

    /**
     * A default that differs with {@code --quick}: the full profile's value, and the quick one's in parentheses when
     * it differs ({@code 12 (6)}), as the figures' help texts write it.
     */
    public static String fullAndQuick(String full, String quick) {
        return full.equals(quick) ? full : full + " (" + quick + ")";
    }

    /** A subset size as the options take it: {@code all} for 0, else the number ({@code 10000}). */
    public static String examples(int subset) {
        return subset == 0 ? "all" : String.valueOf(subset);
    }

    /**
     * Defaults that differ by dataset, in the map's order: {@code 20 (10) for mnist, 15 (5) for cifar10}; the one
     * text where every dataset has the same.
     */
    public static String byDataset(Map<Dataset, String> values) {
        if (new LinkedHashSet<>(values.values()).size() == 1) {
            return values.values().iterator().next();
        }
        List<String> parts = new ArrayList<>();
        values.forEach((dataset, text) -> parts.add(text + " for " + dataset.id()));
        return String.join(", ", parts);
    }
}
