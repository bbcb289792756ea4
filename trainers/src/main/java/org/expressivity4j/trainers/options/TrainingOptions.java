package org.expressivity4j.trainers.options;

import java.util.function.Function;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.Split;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options of the commands that train networks (a picocli mixin): the training budget, the data subsets, and
 * {@code --resume}. Unset options take the value of the command's profile (full, or {@code --quick}); the help reads
 * those from the command's resource bundle ({@code default.epochs}, {@code default.batch},
 * {@code default.learning-rate}, {@code default.train-examples}, {@code default.test-examples},
 * {@code default.batch-limit}; see {@link DatasetProfileHelp}).
 */
public final class TrainingOptions {

    @Option(names = "--epochs", paramLabel = "E", converter = Ranges.Count.class,
            description = "Training epochs (per trained layer for train-one-layer). Default: "
                    + "${bundle:default.epochs}.")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", converter = Ranges.Batch.class,
            description = "Training minibatch size. Default: ${bundle:default.batch}.")
    Integer batch;

    @Option(names = "--learning-rate", paramLabel = "LR", converter = Ranges.PositiveFloat.class,
            description = "Learning rate (the optimizer's; with a one-cycle schedule, its peak). "
                    + "Default: ${bundle:default.learning-rate}.")
    Double learningRate;

    @Option(names = "--train-examples", paramLabel = "N", converter = Ranges.Subset.class,
            description = "Train on a class-balanced subset of N training examples (0: all). Default: "
                    + "${bundle:default.train-examples}.")
    Integer trainExamples;

    @Option(names = "--test-examples", paramLabel = "N", converter = Ranges.Subset.class,
            description = "Measure test accuracy on a class-balanced subset of N test examples (0: all). "
                    + "Default: ${bundle:default.test-examples}.")
    Integer testExamples;

    @Option(names = "--batch-limit", paramLabel = "N", converter = Ranges.CountOrZero.class,
            description = "At most N training batches per epoch (0: no limit), for smoke runs. Default: "
                    + "${bundle:default.batch-limit}.")
    Integer batchLimit;

    @Option(names = "--resume",
            description = "Continue the run in --out from its last checkpoint and the metrics already written "
                    + "(give the options the run was started with).")
    boolean resume;

    /**
     * Throws {@code usage}'s error for {@code --resume} without {@code --out} ({@code outGiven}: whether the command
     * has an {@code --out}). Each value's range is checked where it is parsed ({@link Ranges}).
     */
    public void validate(boolean outGiven, Function<String, CommandLine.ParameterException> usage) {
        if (resume && !outGiven) {
            throw usage.apply("--resume needs --out, the folder of the run to continue");
        }
    }

    /**
     * The training examples to use, 0 for all: {@code --train-examples} if given, refused above the split's size or
     * below the number of classes (a class-balanced subset has one of each), else the profile's, at most the split.
     */
    public int trainExamples(Dataset dataset, int profile, Function<String, CommandLine.ParameterException> usage) {
        return subset(trainExamples, profile, "--train-examples", dataset, Split.TRAIN, usage);
    }

    /** The test examples to use, 0 for all: as {@link #trainExamples} for {@code --test-examples}. */
    public int testExamples(Dataset dataset, int profile, Function<String, CommandLine.ParameterException> usage) {
        return subset(testExamples, profile, "--test-examples", dataset, Split.TEST, usage);
    }

    /** Examples a subset size (0 for all) takes from a split of {@code size}. */
    public static int used(int subset, int size) {
        return subset == 0 ? size : Math.min(subset, size);
    }

    private static int subset(Integer given, int profile, String option, Dataset dataset, Split split,
                              Function<String, CommandLine.ParameterException> usage) {
        int size = dataset.examples(split);
        int classes = dataset.classes().size();
        if (given == null) {
            return profile >= size ? 0 : profile;
        }
        if (given > size) {
            throw usage.apply(option + " " + given + " exceeds the " + size + " examples of " + dataset.spec().title()
                    + "'s " + split.label() + " split (0 uses all)");
        }
        if (given > 0 && given < classes) {
            throw usage.apply(option + " " + given + " is fewer than the " + classes + " classes (a class-balanced "
                    + "subset has at least one of each; 0 uses all)");
        }
        return given;
    }

    /**
     * The training minibatch: {@code --batch} if given, refused above the {@code examples} trained on, else the
     * profile's, at most those examples (the batch a smaller set is trained in).
     */
    public int batch(int profile, int examples, Function<String, CommandLine.ParameterException> usage) {
        if (batch == null) {
            return Math.min(profile, examples);
        }
        if (batch > examples) {
            throw usage.apply("--batch " + batch + " exceeds the " + examples + " training examples used");
        }
        return batch;
    }

    public static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    public static double or(Double value, double fallback) {
        return value != null ? value : fallback;
    }

    /** --epochs, or null when not given. */
    public Integer epochs() {
        return epochs;
    }

    /** --batch, or null. */
    public Integer batch() {
        return batch;
    }

    /** --learning-rate, or null. */
    public Double learningRate() {
        return learningRate;
    }

    /** --train-examples, or null. */
    public Integer trainExamples() {
        return trainExamples;
    }

    /** --test-examples, or null. */
    public Integer testExamples() {
        return testExamples;
    }

    /** --batch-limit, or null. */
    public Integer batchLimit() {
        return batchLimit;
    }

    /** Whether --resume was given. */
    public boolean resume() {
        return resume;
    }
}
