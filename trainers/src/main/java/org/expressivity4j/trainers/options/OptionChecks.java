package org.expressivity4j.trainers.options;

import java.util.List;
import java.util.function.Function;
import org.expressivity4j.core.network.Activation;
import picocli.CommandLine;

/**
 * Helpers of the commands' option checks; each failure is a usage error (exit code 2) naming the option. Numeric
 * ranges are checked where the values are parsed ({@link Ranges}).
 */
public final class OptionChecks {

    private OptionChecks() {
    }

    /** The option's value if it was given, else the profile's default. */
    public static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
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
