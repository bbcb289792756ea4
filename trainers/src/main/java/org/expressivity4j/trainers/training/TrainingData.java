package org.expressivity4j.trainers.training;

import java.util.Objects;
import org.expressivity4j.datasets.Augmentation;
import org.expressivity4j.datasets.ChannelStats;
import org.expressivity4j.datasets.DataLocator;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.expressivity4j.datasets.LabeledImages;
import org.expressivity4j.datasets.Split;
import org.expressivity4j.datasets.Subsets;

/**
 * The images a training experiment uses: the training examples, a fixed subset of them on which train accuracy is
 * measured after each epoch, the test examples, and the per-channel statistics every input is standardized with.
 *
 * <p>The statistics are always those of the <i>full</i> training split, whatever subset is trained on, so that a
 * saved model expects the same inputs whichever profile produced it. Subsets are class-balanced and seeded
 * ({@link Subsets#balanced}); the train-accuracy subset is drawn from the training examples actually used.
 *
 * @param name      dataset name, e.g. {@code mnist}
 * @param train     the training examples
 * @param trainEval the fixed subset of {@code train} that train accuracy is measured on
 * @param test      the test examples
 * @param stats     per-channel mean and std of the full training split
 */
public record TrainingData(String name, LabeledImages train, LabeledImages trainEval, LabeledImages test,
                           ChannelStats stats) {

    public TrainingData {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(trainEval, "trainEval");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(stats, "stats");
    }

    /**
     * Loads (locating or downloading, and verifying) a dataset and selects the subsets.
     *
     * @param trainExamples     training examples to use, 0 for all
     * @param testExamples      test examples to use, 0 for all
     * @param trainEvalExamples training examples to measure train accuracy on, 0 for all that are used
     */
    public static TrainingData load(DataLocator locator, Dataset dataset, int trainExamples, int testExamples,
                                    int trainEvalExamples, long seed) {
        return of(dataset.id(), dataset.load(locator, Split.TRAIN), dataset.load(locator, Split.TEST), trainExamples,
                testExamples, trainEvalExamples, seed);
    }

    /** Selects the subsets from a full training and test split (see {@link #load}). */
    public static TrainingData of(String name, LabeledImages fullTrain, LabeledImages fullTest, int trainExamples,
                                  int testExamples, int trainEvalExamples, long seed) {
        ChannelStats stats = ChannelStats.of(fullTrain);
        Selection s = select(fullTrain, fullTest, trainExamples, testExamples, trainEvalExamples, seed);
        LabeledImages train = s.train().length == fullTrain.count() ? fullTrain
                : fullTrain.select(s.train(), name + "-train-" + trainExamples);
        LabeledImages test = s.test().length == fullTest.count() ? fullTest
                : fullTest.select(s.test(), name + "-test-" + testExamples);
        LabeledImages trainEval = s.trainEval().length == train.count() ? train
                : train.select(s.trainEval(), name + "-train-eval");
        return new TrainingData(name, train, trainEval, test, stats);
    }

    /**
     * Which examples {@link #of} takes (for a peer that reads the same files, e.g. a PyTorch script).
     *
     * @param train     indices into the full training split, in order (all of them when every example is used)
     * @param test      indices into the full test split
     * @param trainEval indices into the selected training examples
     */
    public record Selection(int[] train, int[] test, int[] trainEval) {
    }

    /** The examples {@link #of} selects with these arguments. */
    public static Selection select(LabeledImages fullTrain, LabeledImages fullTest, int trainExamples,
                                   int testExamples, int trainEvalExamples, long seed) {
        int[] train = subset(fullTrain, trainExamples, seed);
        int[] test = subset(fullTest, testExamples, seed + 1);
        int[] trainEval = trainEvalExamples <= 0 || trainEvalExamples >= train.length
                ? java.util.stream.IntStream.range(0, train.length).toArray()
                : Subsets.random(train.length == fullTrain.count() ? fullTrain
                        : fullTrain.select(train, "selection"), trainEvalExamples, seed + 2);
        return new Selection(train, test, trainEval);
    }

    private static int[] subset(LabeledImages images, int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("subset size must be >= 0 (0 for all), got " + n);
        }
        if (n == 0 || n >= images.count()) {
            return java.util.stream.IntStream.range(0, images.count()).toArray();
        }
        return Subsets.balanced(images, n, seed);
    }

    /** Shuffled training batches; pass {@code p} is epoch {@code p + 1}. */
    public ImageDataSetIterator trainIterator(int batchSize, long seed, ImageDataSetIterator.Layout layout,
                                              int batchLimit) {
        return trainIterator(batchSize, seed, layout, batchLimit, Augmentation.NONE);
    }

    /**
     * Shuffled training batches with {@code augmentation} drawn from {@code seed} (test and evaluation iterators are
     * never augmented); pass {@code p} is epoch {@code p + 1}.
     */
    public ImageDataSetIterator trainIterator(int batchSize, long seed, ImageDataSetIterator.Layout layout,
                                              int batchLimit, Augmentation augmentation) {
        return ImageDataSetIterator.builder(train).batchSize(batchSize).shuffle(seed).layout(layout).standardize(stats)
                .batchLimit(batchLimit).augment(augmentation, seed).build();
    }

    /** Batches of {@code images} in their order, standardized like the training batches. */
    public ImageDataSetIterator evalIterator(LabeledImages images, int batchSize, ImageDataSetIterator.Layout layout) {
        return ImageDataSetIterator.builder(images).batchSize(batchSize).layout(layout).standardize(stats).build();
    }
}
