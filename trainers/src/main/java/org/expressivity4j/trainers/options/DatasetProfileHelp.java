package org.expressivity4j.trainers.options;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.expressivity4j.datasets.Dataset;

/**
 * The defaults a training command's help shows where its settings depend on the dataset and the profile
 * ({@code defaults(dataset, quick)}): each value as the full profile's with the quick one's in parentheses where it
 * differs, per dataset where the datasets differ ({@code 20 (10) for mnist, 15 (5) for cifar10}). A command names its
 * subclass in {@code @Command(resourceBundle = ...)} and its descriptions say {@code ${bundle:key}}.
 *
 * <p>The options of {@link TrainingOptions} and {@link TrainAccuracyOptions} read the keys {@code default.epochs},
 * {@code default.batch}, {@code default.learning-rate}, {@code default.train-examples},
 * {@code default.test-examples}, {@code default.batch-limit} and {@code default.train-eval-examples}: every command
 * that mixes them in defines them ({@link #trainingEntries}).
 *
 * @param <S> the command's settings
 */
public abstract class DatasetProfileHelp<S> extends ListResourceBundle {

    private final List<Dataset> datasets;
    private final BiFunction<Dataset, Boolean, S> defaults;

    /** {@code datasets} in the order the help names them; {@code defaults}: a dataset's full or quick settings. */
    protected DatasetProfileHelp(List<Dataset> datasets, BiFunction<Dataset, Boolean, S> defaults) {
        this.datasets = List.copyOf(datasets);
        this.defaults = defaults;
    }

    /** A value over every dataset and both profiles. */
    protected final String value(Function<? super S, String> show) {
        Map<Dataset, String> texts = new LinkedHashMap<>();
        for (Dataset d : datasets) {
            texts.put(d, value(d, show));
        }
        return HelpValues.byDataset(texts);
    }

    /** A value of one dataset's profiles: {@code 1 (0.25)}. */
    protected final String value(Dataset dataset, Function<? super S, String> show) {
        return HelpValues.fullAndQuick(show.apply(defaults.apply(dataset, false)),
                show.apply(defaults.apply(dataset, true)));
    }

    /** The training options' texts (the keys above but {@code default.train-eval-examples}) from these accessors. */
    protected final Object[][] trainingEntries(Function<? super S, Integer> epochs, Function<? super S, Integer> batch,
                                               Function<? super S, Double> learningRate,
                                               Function<? super S, Integer> trainExamples,
                                               Function<? super S, Integer> testExamples,
                                               Function<? super S, Integer> batchLimit) {
        return new Object[][] {
            {"default.epochs", value(s -> String.valueOf(epochs.apply(s)))},
            {"default.batch", value(s -> String.valueOf(batch.apply(s)))},
            {"default.learning-rate", value(s -> HelpValues.number(learningRate.apply(s)))},
            {"default.train-examples", value(s -> HelpValues.examples(trainExamples.apply(s)))},
            {"default.test-examples", value(s -> HelpValues.examples(testExamples.apply(s)))},
            {"default.batch-limit", value(s -> String.valueOf(batchLimit.apply(s)))},
        };
    }
}
