package org.expressivity4j.trainers.options;

import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options of the commands that train networks (a picocli mixin): the training budget, the data subsets, and
 * {@code --resume}. Unset options take the value of the command's profile (full, or {@code --quick}).
 */
public final class TrainingOptions {

    @Option(names = "--epochs", paramLabel = "E",
            description = "Training epochs (per trained layer for train-one-layer). Default: the profile's.")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Training minibatch size. Default: 128 (64 for bn-vs-trajreg --quick).")
    Integer batch;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "Learning rate (Adam's; for bn-vs-trajreg's one-cycle schedule, its peak). "
                    + "Default: 0.001 (bn-vs-trajreg's standard and full profiles: 0.05).")
    Double learningRate;

    @Option(names = "--train-examples", paramLabel = "N",
            description = "Train on a class-balanced subset of N training examples (0: all). Default: all; "
                    + "10000 with --quick (8000 for noise-robustness on cifar10).")
    Integer trainExamples;

    @Option(names = "--test-examples", paramLabel = "N",
            description = "Measure test accuracy on a class-balanced subset of N test examples (0: all). "
                    + "Default: all; 2000 with --quick (1000 for noise-robustness on cifar10 and for bn-vs-trajreg).")
    Integer testExamples;

    @Option(names = "--batch-limit", paramLabel = "N",
            description = "At most N training batches per epoch (0: no limit), for smoke runs. Default: 0.")
    Integer batchLimit;

    @Option(names = "--resume",
            description = "Continue the run in --out from its last checkpoint and the metrics already written "
                    + "(give the options the run was started with).")
    boolean resume;

    /** Checks the values given; returns a message for the first bad one, or null. */
    private String problem() {
        if (epochs != null && epochs < 1) {
            return "--epochs must be at least 1, got " + epochs;
        }
        if (batch != null && batch < 1) {
            return "--batch must be at least 1, got " + batch;
        }
        if (learningRate != null && !(learningRate > 0 && learningRate <= Float.MAX_VALUE)) {
            return "--learning-rate must be positive and at most " + Float.MAX_VALUE
                    + " (float32, the networks' precision), got " + learningRate;
        }
        for (Integer n : new Integer[] {trainExamples, testExamples, batchLimit}) {
            if (n != null && n < 0) {
                return "--train-examples, --test-examples and --batch-limit must be >= 0";
            }
        }
        return null;
    }

    /**
     * Throws {@code usage}'s error for the first bad value, or for {@code --resume} without {@code --out}
     * ({@code outGiven}: whether the command has an {@code --out}).
     */
    public void validate(boolean outGiven, Function<String, CommandLine.ParameterException> usage) {
        String problem = problem();
        if (problem != null) {
            throw usage.apply(problem);
        }
        if (resume && !outGiven) {
            throw usage.apply("--resume needs --out, the folder of the run to continue");
        }
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
