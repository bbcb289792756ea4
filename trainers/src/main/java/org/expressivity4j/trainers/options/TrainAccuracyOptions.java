package org.expressivity4j.trainers.options;

import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The option of the commands that measure train accuracy as they train (train-one-layer, noise-robustness; a picocli
 * mixin beside {@link TrainingOptions}): the size of the fixed subset it is measured on. Its default is the
 * profile's, which the help reads from the command's resource bundle ({@code default.train-eval-examples}).
 */
public final class TrainAccuracyOptions {

    @Option(names = "--train-eval-examples", paramLabel = "N", converter = Ranges.Subset.class,
            description = "Measure train accuracy on a fixed random subset of N of the training examples used "
                    + "(0: all of them). Default: ${bundle:default.train-eval-examples}.")
    Integer trainEvalExamples;

    /**
     * The training examples train accuracy is measured on, 0 for all those used ({@code trained}):
     * {@code --train-eval-examples} if given, refused above {@code trained}, else the profile's (0 if it covers them
     * all).
     */
    public int trainEvalExamples(int profile, int trained, Function<String, CommandLine.ParameterException> usage) {
        if (trainEvalExamples == null) {
            return profile >= trained ? 0 : profile;
        }
        if (trainEvalExamples > trained) {
            throw usage.apply("--train-eval-examples " + trainEvalExamples + " exceeds the " + trained
                    + " training examples used (0 measures on all of them)");
        }
        return trainEvalExamples;
    }

    /** --train-eval-examples, or null when not given. */
    public Integer trainEvalExamples() {
        return trainEvalExamples;
    }

}
