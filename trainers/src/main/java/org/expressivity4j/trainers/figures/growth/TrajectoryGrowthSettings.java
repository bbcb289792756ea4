package org.expressivity4j.trainers.figures.growth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.shared.NetConfig;

/**
 * What to run.
 *
 * @param activations          the nonlinearities; each runs every panel
 * @param depth                hidden layers n of the length-vs-depth panels (at least 2)
 * @param baseWidth            k of panel a
 * @param weightVariances      sigma_w^2 of panel a
 * @param baseWeightVariance   sigma_w^2 of panel b
 * @param widths               k of panel b
 * @param biasVariance         sigma_b^2 everywhere
 * @param networks             independent networks (and endpoint pairs) per configuration, at least 2
 * @param ratioWidths          k of the perturbation grid (panels c, d)
 * @param ratioWeightVariances sigma_w^2 of the perturbation grid
 * @param ratioDepth           hidden layers of the perturbation networks (at least 2)
 * @param probes               probes per network of the perturbation grid
 * @param polygonVertices      vertices of the circle's inscribed polygon for piecewise-linear activations
 *                             (0: sample the circle adaptively instead)
 */
public record TrajectoryGrowthSettings(List<Activation> activations, int depth, int baseWidth,
                                       List<Double> weightVariances, double baseWeightVariance, List<Integer> widths,
                                       double biasVariance, int networks, List<Integer> ratioWidths,
                                       List<Double> ratioWeightVariances, int ratioDepth, int probes,
                                       int polygonVertices) {

    public TrajectoryGrowthSettings {
        activations = List.copyOf(new LinkedHashSet<>(activations));
        weightVariances = List.copyOf(new LinkedHashSet<>(weightVariances));
        widths = List.copyOf(new LinkedHashSet<>(widths));
        ratioWidths = List.copyOf(new LinkedHashSet<>(ratioWidths));
        ratioWeightVariances = List.copyOf(new LinkedHashSet<>(ratioWeightVariances));
        if (activations.isEmpty()) {
            throw new IllegalArgumentException("at least one activation is needed");
        }
        if (depth < 2) {
            throw new IllegalArgumentException("depth must be at least 2 (growth is measured from layer 1 to n), got "
                    + depth);
        }
        if (ratioDepth < 2) {
            throw new IllegalArgumentException("ratioDepth must be at least 2 (growth is measured from layer 1 to "
                    + "n), got " + ratioDepth);
        }
        if (networks < 2) {
            throw new IllegalArgumentException("networks must be at least 2 (for a standard error), got " + networks);
        }
        if (probes < 1) {
            throw new IllegalArgumentException("probes must be at least 1, got " + probes);
        }
        if (polygonVertices != 0 && polygonVertices < 2) {
            throw new IllegalArgumentException("polygon vertices must be 0 (adaptive sampling) or at least 2, got "
                    + polygonVertices);
        }
        // Building the configurations checks every width and variance (NetConfig's constructor).
        lengthConfigs(activations, baseWidth, weightVariances, baseWeightVariance, widths, biasVariance);
        perturbationConfigs(activations, ratioWidths, ratioWeightVariances, biasVariance);
    }

    /**
     * The paper's settings (Fig. 13): hard tanh (and relu, Fig. 12), depth 12; panel a k = 32 with sigma_w^2 =
     * 0.5, 1, 4, 16, 64; panel b sigma_w^2 = 4 with k = 1, 4, 16, 64, 256; sigma_b = 0; perturbation growth for
     * k = 2, 8, 32, 128, 512 and sigma_w^2 = 1, 4, 16, 64, 256 (the paper's axes reach k = 600 and
     * sigma_w^2 = 300) through 6 layers; 10 networks, 20 probes each; polygons of 100 vertices.
     */
    public static TrajectoryGrowthSettings full() {
        return new TrajectoryGrowthSettings(List.of(Activation.HARD_TANH, Activation.RELU), 12, 32,
                List.of(0.5, 1.0, 4.0, 16.0,
                64.0), 4.0, List.of(1, 4, 16, 64, 256), 0.0, 10,
                List.of(2, 8, 32, 128, 512), List.of(1.0, 4.0, 16.0, 64.0, 256.0), 6, 20, 100);
    }

    /**
     * A profile of under a minute on 2 cores: depth 6, k = 16 / sigma_w^2 = 1, 4, 16, 4 networks, 32 probes (with
     * fewer, the saturated hard-tanh points of the perturbation grid are too noisy to show the trend in k).
     */
    public static TrajectoryGrowthSettings quick() {
        return new TrajectoryGrowthSettings(List.of(Activation.HARD_TANH, Activation.RELU), 6, 16,
                List.of(1.0, 4.0, 16.0), 4.0, List.of(4, 16, 64), 0.0, 4, List.of(4, 16, 64), List.of(1.0, 16.0, 64.0),
                4, 32, 100);
    }

    /** The configurations of panels a and b, without repeats. */
    public List<NetConfig> lengthConfigs() {
        return lengthConfigs(activations, baseWidth, weightVariances, baseWeightVariance, widths, biasVariance);
    }

    /** The perturbation grid: every ratio width with every ratio sigma_w^2, per activation. */
    public List<NetConfig> perturbationConfigs() {
        return perturbationConfigs(activations, ratioWidths, ratioWeightVariances, biasVariance);
    }

    private static List<NetConfig> lengthConfigs(List<Activation> activations, int baseWidth,
                                                 List<Double> weightVariances, double baseWeightVariance,
                                                 List<Integer> widths, double biasVariance) {
        LinkedHashSet<NetConfig> configs = new LinkedHashSet<>();
        for (Activation a : activations) {
            for (double s2 : weightVariances) {
                configs.add(new NetConfig(a, baseWidth, s2, biasVariance));
            }
            for (int k : widths) {
                configs.add(new NetConfig(a, k, baseWeightVariance, biasVariance));
            }
        }
        return List.copyOf(configs);
    }

    private static List<NetConfig> perturbationConfigs(List<Activation> activations, List<Integer> widths,
                                                       List<Double> weightVariances, double biasVariance) {
        List<NetConfig> configs = new ArrayList<>();
        for (Activation a : activations) {
            for (int k : widths) {
                for (double s2 : weightVariances) {
                    configs.add(new NetConfig(a, k, s2, biasVariance));
                }
            }
        }
        return configs;
    }

    /** These settings with another {@code activations}. */
    public TrajectoryGrowthSettings withActivations(List<Activation> activations) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }

    /** These settings with another {@code depth}. */
    public TrajectoryGrowthSettings withDepth(int depth) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }

    /** These settings with another {@code baseWidth}. */
    public TrajectoryGrowthSettings withBaseWidth(int baseWidth) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }

    /** These settings with another {@code weightVariances}. */
    public TrajectoryGrowthSettings withWeightVariances(List<Double> weightVariances) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }

    /** These settings with another {@code baseWeightVariance}. */
    public TrajectoryGrowthSettings withBaseWeightVariance(double baseWeightVariance) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }

    /** These settings with another {@code widths}. */
    public TrajectoryGrowthSettings withWidths(List<Integer> widths) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }

    /** These settings with another {@code biasVariance}. */
    public TrajectoryGrowthSettings withBiasVariance(double biasVariance) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }

    /** These settings with another {@code networks}. */
    public TrajectoryGrowthSettings withNetworks(int networks) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }

    /** These settings with another {@code ratioWidths}. */
    public TrajectoryGrowthSettings withRatioWidths(List<Integer> ratioWidths) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }

    /** These settings with another {@code ratioWeightVariances}. */
    public TrajectoryGrowthSettings withRatioWeightVariances(List<Double> ratioWeightVariances) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }

    /** These settings with another {@code ratioDepth}. */
    public TrajectoryGrowthSettings withRatioDepth(int ratioDepth) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }

    /** These settings with another {@code probes}. */
    public TrajectoryGrowthSettings withProbes(int probes) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }

    /** These settings with another {@code polygonVertices}. */
    public TrajectoryGrowthSettings withPolygonVertices(int polygonVertices) {
        return new TrajectoryGrowthSettings(activations, depth, baseWidth, weightVariances, baseWeightVariance, widths,
            biasVariance, networks, ratioWidths, ratioWeightVariances, ratioDepth, probes, polygonVertices);
    }
}
