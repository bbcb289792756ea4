package org.expressivity4j.trainers.figures.linearity;

import static org.expressivity4j.trainers.figures.linearity.LinearityExperiment.Config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.expressivity4j.core.network.Activation;

/**
 * What to run.
 *
 * @param activations      the main comparison's activations
 * @param inputDimension   m
 * @param width            k
 * @param depth            hidden layers
 * @param weightVariance   sigma_w^2 of the main comparison
 * @param biasVariance     sigma_b^2 of the main comparison
 * @param samples          N inputs per sigma (N &gt; m + 1)
 * @param trajectoryPoints points on the segment
 * @param sigmas           the inputs' standard deviations, positive
 * @param variants         whether to add relu and selu at sigma_w^2 = 2 and the nonlinear activations at
 *                         sigma_b^2 = 0.1
 * @param bnSamples        samples of the sigmoid batch-norm table
 */
public record LinearitySettings(List<Activation> activations, int inputDimension, int width, int depth,
                                double weightVariance, double biasVariance, int samples, int trajectoryPoints,
                                double[] sigmas, boolean variants, int bnSamples) {

    public LinearitySettings {
        activations = List.copyOf(activations);
        if (activations.isEmpty()) {
            throw new IllegalArgumentException("at least one activation is needed");
        }
        if (inputDimension < 1 || width < 1 || depth < 1) {
            throw new IllegalArgumentException("input dimension, width and depth must be at least 1");
        }
        if (samples <= inputDimension + 1) {
            throw new IllegalArgumentException("an affine fit of " + inputDimension + " inputs needs more than "
                    + (inputDimension + 1) + " samples, got " + samples);
        }
        if (trajectoryPoints < 2) {
            throw new IllegalArgumentException("the segment needs at least 2 points, got " + trajectoryPoints);
        }
        if (!(weightVariance > 0) || !(biasVariance >= 0) || Double.isInfinite(weightVariance)
                || Double.isInfinite(biasVariance)) {
            throw new IllegalArgumentException("sigma_w^2 must be positive and sigma_b^2 non-negative, got "
                    + weightVariance + ", " + biasVariance);
        }
        sigmas = sigmas.clone();
        if (sigmas.length == 0) {
            throw new IllegalArgumentException("at least one sigma is needed");
        }
        for (double s : sigmas) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("sigmas must be positive and finite, got " + s);
            }
        }
        if (bnSamples < 3) {
            throw new IllegalArgumentException("the batch-norm table needs at least 3 samples, got " + bnSamples);
        }
    }

    /** sigma = 1, 10^-0.5, ..., 10^-3: seven values. */
    public static double[] logGrid() {
        return new double[] {1, Math.pow(10, -0.5), 0.1, Math.pow(10, -1.5), 0.01, Math.pow(10, -2.5), 0.001};
    }

    /**
     * The full profile: sigmoid, tanh, relu, selu, linear; m = 10, width 100, depth 10, sigma_w^2 = 1,
     * sigma_b^2 = 0; 2000 samples; 201 points on the segment; the seven-value log grid; the variants.
     */
    public static LinearitySettings full() {
        return new LinearitySettings(List.of(Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.SELU,
                Activation.LINEAR), 10, 100, 10, 1.0, 0.0, 2000, 201, logGrid(), true, 20_000);
    }

    /** The quick profile: as full, but sigma = 1, 0.1, 0.01, 0.001, 1000 samples, 101 points. */
    public static LinearitySettings quick() {
        return new LinearitySettings(full().activations(), 10, 100, 10, 1.0, 0.0, 1000, 101,
                new double[] {1, 0.1, 0.01, 0.001}, true, 5_000);
    }

    /** The configurations to run: the main ones, then the variants. */
    public List<Config> configs() {
        List<Config> configs = new ArrayList<>();
        for (Activation a : activations) {
            configs.add(new Config(a, weightVariance, biasVariance, true));
        }
        if (variants) {
            for (Activation a : activations) {
                if ((a == Activation.RELU || a == Activation.SELU) && weightVariance != 2.0) {
                    configs.add(new Config(a, 2.0, biasVariance, false));
                }
            }
            for (Activation a : activations) {
                if (a != Activation.LINEAR && biasVariance != 0.1) {
                    configs.add(new Config(a, weightVariance, 0.1, false));
                }
            }
        }
        return configs;
    }

    /** The smallest sigma. */
    public double smallestSigma() {
        return Arrays.stream(sigmas).min().orElseThrow();
    }

    /** The largest sigma. */
    public double largestSigma() {
        return Arrays.stream(sigmas).max().orElseThrow();
    }

    /** These settings with another {@code activations}. */
    public LinearitySettings withActivations(List<Activation> activations) {
        return new LinearitySettings(activations, inputDimension, width, depth, weightVariance, biasVariance, samples,
            trajectoryPoints, sigmas, variants, bnSamples);
    }

    /** These settings with another {@code inputDimension}. */
    public LinearitySettings withInputDimension(int inputDimension) {
        return new LinearitySettings(activations, inputDimension, width, depth, weightVariance, biasVariance, samples,
            trajectoryPoints, sigmas, variants, bnSamples);
    }

    /** These settings with another {@code width}. */
    public LinearitySettings withWidth(int width) {
        return new LinearitySettings(activations, inputDimension, width, depth, weightVariance, biasVariance, samples,
            trajectoryPoints, sigmas, variants, bnSamples);
    }

    /** These settings with another {@code depth}. */
    public LinearitySettings withDepth(int depth) {
        return new LinearitySettings(activations, inputDimension, width, depth, weightVariance, biasVariance, samples,
            trajectoryPoints, sigmas, variants, bnSamples);
    }

    /** These settings with another {@code weightVariance}. */
    public LinearitySettings withWeightVariance(double weightVariance) {
        return new LinearitySettings(activations, inputDimension, width, depth, weightVariance, biasVariance, samples,
            trajectoryPoints, sigmas, variants, bnSamples);
    }

    /** These settings with another {@code biasVariance}. */
    public LinearitySettings withBiasVariance(double biasVariance) {
        return new LinearitySettings(activations, inputDimension, width, depth, weightVariance, biasVariance, samples,
            trajectoryPoints, sigmas, variants, bnSamples);
    }

    /** These settings with another {@code samples}. */
    public LinearitySettings withSamples(int samples) {
        return new LinearitySettings(activations, inputDimension, width, depth, weightVariance, biasVariance, samples,
            trajectoryPoints, sigmas, variants, bnSamples);
    }

    /** These settings with another {@code trajectoryPoints}. */
    public LinearitySettings withTrajectoryPoints(int trajectoryPoints) {
        return new LinearitySettings(activations, inputDimension, width, depth, weightVariance, biasVariance, samples,
            trajectoryPoints, sigmas, variants, bnSamples);
    }

    /** These settings with another {@code sigmas}. */
    public LinearitySettings withSigmas(double[] sigmas) {
        return new LinearitySettings(activations, inputDimension, width, depth, weightVariance, biasVariance, samples,
            trajectoryPoints, sigmas, variants, bnSamples);
    }

    /** These settings with another {@code variants}. */
    public LinearitySettings withVariants(boolean variants) {
        return new LinearitySettings(activations, inputDimension, width, depth, weightVariance, biasVariance, samples,
            trajectoryPoints, sigmas, variants, bnSamples);
    }

    /** These settings with another {@code bnSamples}. */
    public LinearitySettings withBnSamples(int bnSamples) {
        return new LinearitySettings(activations, inputDimension, width, depth, weightVariance, biasVariance, samples,
            trajectoryPoints, sigmas, variants, bnSamples);
    }
}
