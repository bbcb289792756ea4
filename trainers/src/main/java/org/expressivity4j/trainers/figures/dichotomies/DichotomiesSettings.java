package org.expressivity4j.trainers.figures.dichotomies;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.shared.NetConfig;

/**
 * What to run.
 *
 * @param activation               the nonlinearity (the paper: hard tanh)
 * @param widths                   k of Figs. 14 and 16
 * @param remainingDepths          remaining depths (hidden layers at and above the swept weights), ascending
 * @param weightVariance           sigma_w^2 of Figs. 14 and 15
 * @param transitionsWeightVariance sigma_w^2 of Fig. 16
 * @param layerWidth               k of Fig. 15
 * @param sweptLayers              the layers swept in Fig. 15 (1 = the first layer's weights)
 * @param biasVariance             sigma_b^2
 * @param inputs                   s, the labelled inputs (1 .. 63)
 * @param inputDimension           m
 * @param networks                 networks (and sweeps) per point
 * @param maxFlips                 a series stops deepening after a point with this many flips
 * @param initialSamples           equally spaced angles each sweep starts from
 * @param maxSamples               the most angles one sweep may evaluate
 */
public record DichotomiesSettings(Activation activation, List<Integer> widths, List<Integer> remainingDepths,
                                  double weightVariance, double transitionsWeightVariance, int layerWidth,
                                  List<Integer> sweptLayers, double biasVariance, int inputs, int inputDimension,
                                  int networks, long maxFlips, int initialSamples, long maxSamples) {

    public DichotomiesSettings {
        java.util.Objects.requireNonNull(activation, "activation");
        widths = List.copyOf(new LinkedHashSet<>(widths));
        remainingDepths = List.copyOf(new TreeSet<>(remainingDepths));
        sweptLayers = List.copyOf(new TreeSet<>(sweptLayers));
        if (widths.isEmpty() || remainingDepths.isEmpty() || sweptLayers.isEmpty()) {
            throw new IllegalArgumentException("widths, remaining depths and swept layers need a value each");
        }
        if (remainingDepths.get(0) < 1 || sweptLayers.get(0) < 1) {
            throw new IllegalArgumentException("remaining depths and swept layers must be at least 1");
        }
        if (inputs < 1 || inputs > 63) {
            throw new IllegalArgumentException("inputs must be in 1 .. 63, got " + inputs);
        }
        if (inputDimension < 1 || networks < 1 || maxFlips < 1) {
            throw new IllegalArgumentException("input dimension, networks and max flips must be at least 1");
        }
        if (initialSamples < 2 || maxSamples < initialSamples) {
            throw new IllegalArgumentException("need 2 <= initial samples <= max samples");
        }
        for (int k : widths) {
            new NetConfig(activation, k, weightVariance, biasVariance);
            new NetConfig(activation, k, transitionsWeightVariance, biasVariance);
        }
        new NetConfig(activation, layerWidth, weightVariance, biasVariance);
    }

    /**
     * The paper's settings: hard tanh, s = 15 random inputs, sigma_b = 0; Fig. 14 k = 2, 8, 32, 128, 512 at
     * sigma_w^2 = 8; Fig. 15 k = 128, swept layers 1, 4, 8, 12; Fig. 16 sigma_w^2 = 16; remaining depths 1, 3,
     * ..., 17; 2 networks per point; a series stops after 5 x 10^4 flips; inputs in R^100 (the paper does not
     * say); sweeps from 1000 angles, at most 2^22.
     */
    public static DichotomiesSettings full() {
        return new DichotomiesSettings(Activation.HARD_TANH, List.of(2, 8, 32, 128, 512),
                List.of(1, 3, 5, 7, 9, 11, 13, 15,
                17), 8.0, 16.0, 128, List.of(1, 4, 8, 12), 0.0, 15,
                100, 2, 50_000, 1000, 1L << 22);
    }

    /** About a minute on 2 cores: k = 2, 8, 32, remaining depths 1 .. 9 (odd), layers 1, 3, 5 at k = 32. */
    public static DichotomiesSettings quick() {
        return new DichotomiesSettings(Activation.HARD_TANH, List.of(2, 8, 32), List.of(1, 3, 5, 7, 9), 8.0, 16.0, 32,
                List.of(1, 3, 5), 0.0, 15, 100, 2, 5_000, 1000, 1L << 22);
    }

    /** These settings with another {@code activation}. */
    public DichotomiesSettings withActivation(Activation activation) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code widths}. */
    public DichotomiesSettings withWidths(List<Integer> widths) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code remainingDepths}. */
    public DichotomiesSettings withRemainingDepths(List<Integer> remainingDepths) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code weightVariance}. */
    public DichotomiesSettings withWeightVariance(double weightVariance) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code transitionsWeightVariance}. */
    public DichotomiesSettings withTransitionsWeightVariance(double transitionsWeightVariance) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code layerWidth}. */
    public DichotomiesSettings withLayerWidth(int layerWidth) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code sweptLayers}. */
    public DichotomiesSettings withSweptLayers(List<Integer> sweptLayers) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code biasVariance}. */
    public DichotomiesSettings withBiasVariance(double biasVariance) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code inputs}. */
    public DichotomiesSettings withInputs(int inputs) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code inputDimension}. */
    public DichotomiesSettings withInputDimension(int inputDimension) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code networks}. */
    public DichotomiesSettings withNetworks(int networks) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code maxFlips}. */
    public DichotomiesSettings withMaxFlips(long maxFlips) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code initialSamples}. */
    public DichotomiesSettings withInitialSamples(int initialSamples) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }

    /** These settings with another {@code maxSamples}. */
    public DichotomiesSettings withMaxSamples(long maxSamples) {
        return new DichotomiesSettings(activation, widths, remainingDepths, weightVariance, transitionsWeightVariance,
            layerWidth, sweptLayers, biasVariance, inputs, inputDimension, networks, maxFlips, initialSamples,
            maxSamples);
    }
}
