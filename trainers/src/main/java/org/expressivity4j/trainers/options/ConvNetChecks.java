package org.expressivity4j.trainers.options;

import java.util.function.Function;
import org.expressivity4j.trainers.models.Architectures;
import picocli.CommandLine;

/** Checks of a conv net's {@code --width-multiplier} beyond its range ({@link Ranges.WidthMultiplier}). */
public final class ConvNetChecks {

    private ConvNetChecks() {
    }

    /**
     * Throws {@code usage}'s error if the multiplier scales a layer of the conv net with these sizes below one
     * channel or unit (the network would silently get one instead).
     */
    public static void requireChannels(Architectures.ConvSizes sizes, double widthMultiplier,
                                       Function<String, CommandLine.ParameterException> usage) {
        double smallest = Architectures.smallestWidthMultiplier(sizes);
        if (widthMultiplier < smallest) {
            int fewest = Math.min(Math.min(sizes.c12(), sizes.c345()), Math.min(sizes.fc1(), sizes.fc2()));
            throw usage.apply("--width-multiplier " + format(widthMultiplier) + " leaves a layer of the conv net "
                    + "(" + fewest + " channels at width 1) with less than one channel: the smallest multiplier is "
                    + format(smallest));
        }
    }

    /** A multiplier as a short number: {@code 0.25}, {@code 1E-9}, {@code 30}. */
    public static String format(double value) {
        return HelpValues.number(value);
    }
}
