package org.expressivity4j.dl4j.listeners;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a {@link TrajectoryRecord} measures about one layer's image of the probe trajectory (Raghu et al., ICML 2017,
 * Section 3 and Figs. 4, 8, 9, 10, 18). Lengths are sums of chord lengths between consecutive probe points, with
 * every point's activations flattened into one vector (so convolution outputs count every channel and position).
 */
public enum TrajectoryMetric {

    /** {@code L(z^(d))}: the length of the trajectory's image at the layer's output (at depth 0, the input's). */
    LENGTH("length"),
    /** {@code L(z^(d)) / L(x)}: the length relative to the input trajectory's (1 for the input itself). */
    LENGTH_RATIO("length_ratio"),
    /**
     * {@code L(z^(d)) / L(z^(d-1))}: the growth from the layer's input (the previous layer of a
     * {@code MultiLayerNetwork}, the one input vertex of a {@code ComputationGraph} vertex); absent for the network
     * input and for vertices with several inputs.
     */
    GROWTH("growth"),
    /**
     * Neuron transitions along the trajectory (Section 2.1): the number of times a unit changes linear region between
     * consecutive probe points, summed over the layer's units. Only for layers whose activation is plain relu or hard
     * tanh; absent (not 0) for the others.
     */
    TRANSITIONS("transitions"),
    /**
     * The scaled weight variance {@code sigma_w^2 = fan_in * Var(W)} (Fig. 9), with {@code fan_in} the number of
     * weights feeding one output unit ({@code n_in} for a dense layer, {@code k_h * k_w * n_in} for a convolution) and
     * {@code Var(W)} the population variance of the layer's weights. Absent for layers without weights.
     */
    SIGMA_W2("sigma_w2");

    private final String id;

    TrajectoryMetric(String id) {
        this.id = id;
    }

    /** The name in files: {@code length}, {@code length_ratio}, {@code growth}, {@code transitions}, {@code sigma_w2}. */
    public String id() {
        return id;
    }

    /** The metric with this {@link #id()} (or enum name), case-insensitive. */
    public static TrajectoryMetric fromId(String id) {
        if (id != null) {
            String key = id.trim().toLowerCase(Locale.ROOT);
            for (TrajectoryMetric m : values()) {
                if (m.id.equals(key) || m.name().toLowerCase(Locale.ROOT).equals(key)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("unknown trajectory metric '" + id + "'; one of "
                + Arrays.stream(values()).map(TrajectoryMetric::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
