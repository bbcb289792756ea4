package org.expressivity4j.trainers.figures.transitions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.shared.NetConfig;

/**
 * What to run.
 *
 * @param activation      the nonlinearity
 * @param widths          k values
 * @param weightVariances sigma_w^2 values; every width is measured with every one
 * @param biasVariance    sigma_b^2
 * @param depth           the deepest network n
 * @param networks        networks (and endpoint pairs) per configuration
 * @param maxTransitions  a configuration stops deepening once its last layer has this many transitions
 * @param plotDepths      the depths drawn in the transitions-vs-width plots
 * @param polygonVertices vertices of the circle's inscribed polygon (piecewise-linear activations; 0: adaptive
 *                        sampling of the circle)
 */
public record TransitionsSettings(Activation activation, List<Integer> widths, List<Double> weightVariances,
                                  double biasVariance, int depth, int networks, long maxTransitions,
                                  List<Integer> plotDepths, int polygonVertices) {

    public TransitionsSettings {
        java.util.Objects.requireNonNull(activation, "activation");
        widths = List.copyOf(new LinkedHashSet<>(widths));
        weightVariances = List.copyOf(new LinkedHashSet<>(weightVariances));
        plotDepths = List.copyOf(new LinkedHashSet<>(plotDepths));
        if (widths.isEmpty() || weightVariances.isEmpty()) {
            throw new IllegalArgumentException("at least one width and one sigma_w^2 are needed");
        }
        if (depth < 1 || networks < 1 || maxTransitions < 1) {
            throw new IllegalArgumentException("depth, networks and max transitions must be at least 1");
        }
        for (int d : plotDepths) {
            if (d < 1 || d > depth) {
                throw new IllegalArgumentException("plot depths must be in 1 .. " + depth + ", got " + d);
            }
        }
        if (polygonVertices != 0 && polygonVertices < 2) {
            throw new IllegalArgumentException("polygon vertices must be 0 or at least 2, got " + polygonVertices);
        }
        configs(activation, widths, weightVariances, biasVariance);
    }

    /**
     * The paper's settings (Fig. 2: widths 50 to 1000, sigma_w^2 5 to 16, depth up to 14, a circle between MNIST
     * images): hard tanh, k = 50, 100, 200, 500, 700, 1000, sigma_w^2 = 5, 8, 10, 16, sigma_b = 0, depth 14,
     * 3 networks, at most 5 x 10^4 transitions in the last layer, width plots at depths 2 to 12.
     */
    public static TransitionsSettings full() {
        return new TransitionsSettings(Activation.HARD_TANH, List.of(50, 100, 200, 500, 700, 1000),
                List.of(5.0, 8.0, 10.0, 16.0), 0.0, 14, 3, 50_000, List.of(2, 4, 6, 8, 10, 12), 100);
    }

    /** About a minute on 2 cores: k = 20, 50, 100, sigma_w^2 = 5, 10, depth 8, 2 networks, at most 5000. */
    public static TransitionsSettings quick() {
        return new TransitionsSettings(Activation.HARD_TANH, List.of(20, 50, 100), List.of(5.0, 10.0), 0.0, 8, 2, 5_000,
                List.of(2, 4, 6, 8), 100);
    }

    /** Every width with every sigma_w^2, grouped by sigma_w^2. */
    public List<NetConfig> configs() {
        return configs(activation, widths, weightVariances, biasVariance);
    }

    private static List<NetConfig> configs(Activation a, List<Integer> widths, List<Double> variances,
                                           double biasVariance) {
        List<NetConfig> configs = new ArrayList<>();
        for (double s2 : variances) {
            for (int k : widths) {
                configs.add(new NetConfig(a, k, s2, biasVariance));
            }
        }
        return configs;
    }

    /** These settings with another {@code activation}. */
    public TransitionsSettings withActivation(Activation activation) {
        return new TransitionsSettings(activation, widths, weightVariances, biasVariance, depth, networks,
            maxTransitions, plotDepths, polygonVertices);
    }

    /** These settings with another {@code widths}. */
    public TransitionsSettings withWidths(List<Integer> widths) {
        return new TransitionsSettings(activation, widths, weightVariances, biasVariance, depth, networks,
            maxTransitions, plotDepths, polygonVertices);
    }

    /** These settings with another {@code weightVariances}. */
    public TransitionsSettings withWeightVariances(List<Double> weightVariances) {
        return new TransitionsSettings(activation, widths, weightVariances, biasVariance, depth, networks,
            maxTransitions, plotDepths, polygonVertices);
    }

    /** These settings with another {@code biasVariance}. */
    public TransitionsSettings withBiasVariance(double biasVariance) {
        return new TransitionsSettings(activation, widths, weightVariances, biasVariance, depth, networks,
            maxTransitions, plotDepths, polygonVertices);
    }

    /** These settings with another {@code depth}. */
    public TransitionsSettings withDepth(int depth) {
        return new TransitionsSettings(activation, widths, weightVariances, biasVariance, depth, networks,
            maxTransitions, plotDepths, polygonVertices);
    }

    /** These settings with another {@code networks}. */
    public TransitionsSettings withNetworks(int networks) {
        return new TransitionsSettings(activation, widths, weightVariances, biasVariance, depth, networks,
            maxTransitions, plotDepths, polygonVertices);
    }

    /** These settings with another {@code maxTransitions}. */
    public TransitionsSettings withMaxTransitions(long maxTransitions) {
        return new TransitionsSettings(activation, widths, weightVariances, biasVariance, depth, networks,
            maxTransitions, plotDepths, polygonVertices);
    }

    /** These settings with another {@code plotDepths}. */
    public TransitionsSettings withPlotDepths(List<Integer> plotDepths) {
        return new TransitionsSettings(activation, widths, weightVariances, biasVariance, depth, networks,
            maxTransitions, plotDepths, polygonVertices);
    }

    /** These settings with another {@code polygonVertices}. */
    public TransitionsSettings withPolygonVertices(int polygonVertices) {
        return new TransitionsSettings(activation, widths, weightVariances, biasVariance, depth, networks,
            maxTransitions, plotDepths, polygonVertices);
    }
}
