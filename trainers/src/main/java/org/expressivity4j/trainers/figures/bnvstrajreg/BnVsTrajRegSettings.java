package org.expressivity4j.trainers.figures.bnvstrajreg;

import static org.expressivity4j.trainers.figures.bnvstrajreg.BnVsTrajRegExperiment.Variant;

import java.util.List;
import java.util.Objects;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.training.TrainingRecipe;

/**
 * The experiment's settings (all of them: a resumed run must use the same).
 *
 * @param variants        which variants to train, in this order within each round
 * @param sizes           the conv net's layer sizes at width 1 ({@link Architectures.ConvSizes#SVCCA} by default)
 * @param width           the conv net's width multiplier (1: the paper's size)
 * @param sigmaW2         initial weight scale sigma_w^2 (weights N(0, sigma_w^2 / fan_in))
 * @param batch           minibatch size
 * @param recipe          optimizer, learning rate and schedule, weight decay, augmentation (the same for every
 *                        variant)
 * @param epochs          passes over the training examples
 * @param batchLimit      at most this many batches per pass (0: all), for smoke runs
 * @param evalEvery       steps per segment: test accuracy and a checkpoint after each
 * @param probeEvery      steps between trajectory probes (a multiple of evalEvery)
 * @param probePoints     points on the probe's quarter circle
 * @param inferenceBatch  examples in the batch timed for the inference time
 * @param trajRegCoefficient the trajectory-regularization layers' penalty scale c
 * @param trajRegPenalized  which length those layers penalize: their output (after lambda) or their input
 * @param seed            initialization, data order, probe endpoints
 */
public record BnVsTrajRegSettings(List<Variant> variants, Architectures.ConvSizes sizes, double width, double sigmaW2,
                                  int batch, TrainingRecipe recipe, int epochs, int batchLimit, int evalEvery,
                                  int probeEvery, int probePoints, int inferenceBatch, double trajRegCoefficient,
                                  TrajectoryRegularization.Penalized trajRegPenalized, long seed) {
    public BnVsTrajRegSettings {
        Objects.requireNonNull(sizes, "sizes");
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(trajRegPenalized, "trajRegPenalized");
        variants = List.copyOf(variants);
        if (variants.isEmpty() || variants.stream().distinct().count() != variants.size()) {
            throw new IllegalArgumentException("variants must be distinct and at least one: " + variants);
        }
        require(width > 0 && !Double.isInfinite(width), "width must be positive", width);
        require(sigmaW2 > 0 && !Double.isInfinite(sigmaW2), "sigmaW2 must be positive", sigmaW2);
        require(batch >= 1, "batch must be at least 1", batch);
        require(epochs >= 1, "epochs must be at least 1", epochs);
        require(batchLimit >= 0, "batchLimit must be >= 0", batchLimit);
        require(evalEvery >= 1, "evalEvery must be at least 1", evalEvery);
        require(probeEvery >= evalEvery && probeEvery % evalEvery == 0,
                "probeEvery must be a multiple of evalEvery = " + evalEvery, probeEvery);
        require(probePoints >= 2, "probePoints must be at least 2", probePoints);
        require(inferenceBatch >= 1, "inferenceBatch must be at least 1", inferenceBatch);
        require(trajRegCoefficient >= 0 && !Double.isInfinite(trajRegCoefficient),
                "trajRegCoefficient must be finite and >= 0", trajRegCoefficient);
    }

    private static void require(boolean ok, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(rule + ", got " + value);
        }
    }

    /** These settings with another {@code variants}. */
    public BnVsTrajRegSettings withVariants(List<Variant> variants) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code sizes}. */
    public BnVsTrajRegSettings withSizes(Architectures.ConvSizes sizes) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code width}. */
    public BnVsTrajRegSettings withWidth(double width) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code sigmaW2}. */
    public BnVsTrajRegSettings withSigmaW2(double sigmaW2) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code batch}. */
    public BnVsTrajRegSettings withBatch(int batch) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code recipe}. */
    public BnVsTrajRegSettings withRecipe(TrainingRecipe recipe) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code epochs}. */
    public BnVsTrajRegSettings withEpochs(int epochs) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code batchLimit}. */
    public BnVsTrajRegSettings withBatchLimit(int batchLimit) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code evalEvery}. */
    public BnVsTrajRegSettings withEvalEvery(int evalEvery) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code probeEvery}. */
    public BnVsTrajRegSettings withProbeEvery(int probeEvery) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code probePoints}. */
    public BnVsTrajRegSettings withProbePoints(int probePoints) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code inferenceBatch}. */
    public BnVsTrajRegSettings withInferenceBatch(int inferenceBatch) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code trajRegCoefficient}. */
    public BnVsTrajRegSettings withTrajRegCoefficient(double trajRegCoefficient) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code trajRegPenalized}. */
    public BnVsTrajRegSettings withTrajRegPenalized(TrajectoryRegularization.Penalized trajRegPenalized) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }

    /** These settings with another {@code seed}. */
    public BnVsTrajRegSettings withSeed(long seed) {
        return new BnVsTrajRegSettings(variants, sizes, width, sigmaW2, batch, recipe, epochs, batchLimit, evalEvery,
            probeEvery, probePoints, inferenceBatch, trajRegCoefficient, trajRegPenalized, seed);
    }
}
