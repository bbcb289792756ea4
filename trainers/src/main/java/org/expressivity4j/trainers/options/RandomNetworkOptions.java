package org.expressivity4j.trainers.options;

import picocli.CommandLine.Option;

/**
 * Options the random-network figures share (a picocli mixin): the bias variance sigma_b^2 of the networks (biases
 * N(0, sigma_b^2); Raghu et al. 2017, Section 2). Unset, it takes the figure's profile value, which the help shows
 * through the command's {@link ProfileHelp} ({@code default.biasVariance}).
 */
public final class RandomNetworkOptions {

    @Option(names = "--bias-variance", paramLabel = "S2", converter = Ranges.NonNegative.class,
            description = "sigma_b^2. Default: ${bundle:default.biasVariance}.")
    Double biasVariance;

    /** --bias-variance, or null when not given. */
    public Double biasVariance() {
        return biasVariance;
    }
}
