package org.expressivity4j.trainers.figures.bnvstrajreg;

import static org.expressivity4j.trainers.figures.bnvstrajreg.BnVsTrajRegExperiment.Variant;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.expressivity4j.dl4j.listeners.TrajectoryListener;
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

    /**
     * A profile: the budget the command runs when no option says otherwise. Every other setting is the same in each
     * profile (see {@link #settings(long)}).
     *
     * @param id            its name on the command line ({@code --profile})
     * @param width         the conv net's width multiplier
     * @param epochs        passes over the training examples
     * @param batch         minibatch size
     * @param trainExamples training images, a class-balanced subset (0: all)
     * @param testExamples  test images, a class-balanced subset (0: all)
     * @param evalEvery     steps between test-accuracy measurements and checkpoints
     * @param probeEvery    steps between trajectory probes
     * @param recipe        optimizer, learning rate and schedule, weight decay, augmentation
     */
    public record Profile(String id, double width, int epochs, int batch, int trainExamples, int testExamples,
                          int evalEvery, int probeEvery, TrainingRecipe recipe) {

        /**
         * The settings of this profile with every other default: all three variants, the SVCCA sizes, sigma_w^2 =
         * {@value Architectures#CONV_SIGMA_W2} (relu), no batch limit, the listener's
         * {@value TrajectoryListener#DEFAULT_POINTS} probe points, inference timed on batches of
         * {@value #INFERENCE_BATCH}, the layer's default trajectory-regularization coefficient on its output.
         */
        public BnVsTrajRegSettings settings(long seed) {
            return new BnVsTrajRegSettings(List.of(Variant.values()), Architectures.ConvSizes.SVCCA, width,
                    Architectures.CONV_SIGMA_W2, batch, recipe, epochs, 0, evalEvery, probeEvery,
                    TrajectoryListener.DEFAULT_POINTS, INFERENCE_BATCH, TrajectoryRegularization.DEFAULT_COEFFICIENT,
                    TrajectoryRegularization.Penalized.OUTPUT, seed);
        }
    }

    /** Examples in the batch timed for the inference time. */
    public static final int INFERENCE_BATCH = 100;

    /** Nesterov momentum when {@code --optimizer sgd-nesterov} replaces a profile's Adam. */
    public static final double MOMENTUM = 0.9;

    /** Minutes-long smoke profile: quarter width, 10,000 training images, Adam, no augmentation. */
    public static Profile quick() {
        return new Profile("quick", 0.25, 4, 64, 10_000, 1_000, 40, 160, TrainingRecipe.adam(1e-3));
    }

    /**
     * The profile that fits 2 cores: half width, all 50,000 training images with random crop and flip, batch 128,
     * 12 epochs (4,692 steps) of SGD with Nesterov momentum 0.9, a one-cycle rate peaking at 0.05 and weight decay
     * 5e-4; all 10,000 test images.
     */
    public static Profile standard() {
        return new Profile("standard", 0.5, 12, 128, 0, 0, 391, 782, TrainingRecipe.sgdOneCycle(0.05));
    }

    /** The paper's size: width 1, the standard recipe for 30 epochs (11,730 steps). The default profile. */
    public static Profile full() {
        return new Profile("full", 1.0, 30, 128, 0, 0, 391, 782, TrainingRecipe.sgdOneCycle(0.05));
    }

    /** quick, standard and full, in this order. */
    public static List<Profile> profiles() {
        return List.of(quick(), standard(), full());
    }

    /** The profile of this name, or an exception naming the known ones. */
    public static Profile profile(String id) {
        for (Profile p : profiles()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--profile must be quick, standard or full, got '" + id + "'");
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
