package org.expressivity4j.trainers.options;

import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The option of the commands that measure train accuracy as they train (train-one-layer, noise-robustness; a picocli
 * mixin beside {@link TrainingOptions}): the size of the fixed subset it is measured on.
 */
public final class TrainAccuracyOptions {

    @Option(names = "--train-eval-examples", paramLabel = "N",
            description = "Measure train accuracy on a fixed random subset of N of the training examples used "
                    + "(0: all of them). Default: 10000; with --quick all of them (2000 for noise-robustness on "
                    + "cifar10).")
    Integer trainEvalExamples;

    /** --train-eval-examples, or null when not given. */
    public Integer trainEvalExamples() {
        return trainEvalExamples;
    }

    /** Throws {@code usage}'s error if the value given is bad. */
    public void validate(Function<String, CommandLine.ParameterException> usage) {
        if (trainEvalExamples != null && trainEvalExamples < 0) {
            throw usage.apply("--train-eval-examples must be >= 0, got " + trainEvalExamples);
        }
    }
}
