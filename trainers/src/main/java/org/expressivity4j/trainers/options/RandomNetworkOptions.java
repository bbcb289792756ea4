package org.expressivity4j.trainers.options;

import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options the random-network figures share (a picocli mixin): the bias variance sigma_b^2 of the networks (biases
 * N(0, sigma_b^2); Raghu et al. 2017, Section 2). Unset, it takes the figure's profile value.
 */
public final class RandomNetworkOptions {

    @Option(names = "--bias-variance", paramLabel = "S2", description = "sigma_b^2. Default: 0.")
    Double biasVariance;

    /** --bias-variance, or null when not given. */
    public Double biasVariance() {
        return biasVariance;
    }

    /** Throws {@code usage}'s error if a value given is bad. */
    public void validate(Function<String, CommandLine.ParameterException> usage) {
        OptionChecks.nonNegative(biasVariance, "--bias-variance", usage);
    }
}
