package org.expressivity4j.trainers.options;

import java.util.List;
import java.util.function.Function;
import org.expressivity4j.core.network.Activation;
import picocli.CommandLine;

/** Checks of the random-network commands' options; each failure is a usage error (exit code 2) naming the option. */
public final class OptionChecks {

    private OptionChecks() {
    }

    /** The option's value if it was given, else the profile's default. */
    public static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** Every value (if the list was given) at least {@code min}. */
    public static void atLeast(List<Integer> values, int min, String option,
                        Function<String, CommandLine.ParameterException> usage) {
        if (values != null) {
            if (values.isEmpty()) {
                throw usage.apply(option + " needs at least one value");
            }
            for (int v : values) {
                if (v < min) {
                    throw usage.apply(option + " values must be at least " + min + ", got " + v);
                }
            }
        }
    }

    /** The value (if given) at least {@code min}. */
    public static void atLeast(Integer value, int min, String option, Function<String, CommandLine.ParameterException> usage) {
        if (value != null && value < min) {
            throw usage.apply(option + " must be at least " + min + ", got " + value);
        }
    }

    /** Every value (if the list was given) positive and finite. */
    public static void positive(List<Double> values, String option, Function<String, CommandLine.ParameterException> usage) {
        if (values != null) {
            if (values.isEmpty()) {
                throw usage.apply(option + " needs at least one value");
            }
            for (double v : values) {
                positive(v, option, usage);
            }
        }
    }

    /** The value (if given) positive and finite. */
    public static void positive(Double value, String option, Function<String, CommandLine.ParameterException> usage) {
        if (value != null && (!(value > 0) || value.isInfinite())) {
            throw usage.apply(option + " must be positive, got " + value);
        }
    }

    /** The value (if given) non-negative and finite. */
    public static void nonNegative(Double value, String option, Function<String, CommandLine.ParameterException> usage) {
        if (value != null && (!(value >= 0) || value.isInfinite())) {
            throw usage.apply(option + " must be non-negative, got " + value);
        }
    }

    /** The activations named, or a usage error listing the known ones. */
    public static List<Activation> activations(List<String> names, String option,
                                        Function<String, CommandLine.ParameterException> usage) {
        if (names.isEmpty()) {
            throw usage.apply(option + " needs at least one activation");
        }
        try {
            return names.stream().map(Activation::parse).distinct().toList();
        } catch (IllegalArgumentException e) {
            throw usage.apply(option + ": " + e.getMessage());
        }
    }

    /** One activation, or a usage error. */
    public static Activation activation(String name, String option, Function<String, CommandLine.ParameterException> usage) {
        try {
            return Activation.parse(name);
        } catch (IllegalArgumentException e) {
            throw usage.apply(option + ": " + e.getMessage());
        }
    }
}
