package org.expressivity4j.trainers.figures.onelayer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.expressivity4j.dl4j.freeze.LayerFreezing;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.report.ResumableMetrics;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.run.RunSettings;
import org.expressivity4j.trainers.shared.RankCorrelation;
import org.expressivity4j.trainers.training.CheckpointedTraining;
import org.expressivity4j.trainers.training.TrainingData;
import org.expressivity4j.trainers.training.TrainingLoop;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training exactly one layer of a randomly initialized fully connected network, all others frozen at their random
 * values (Raghu et al. 2017, Section 3.1, Fig. 7 on MNIST and Fig. 17 on CIFAR-10): the paper finds that the lower
 * the trained layer, the higher the accuracy reached, because a layer's effect on the output grows with the depth
 * remaining above it.
 *
 * <p>One network is initialized (hard tanh, weights N(0, sigma_w^2 / fan_in), biases 0); for each chosen hidden
 * layer a copy in which only that layer trains ({@link LayerFreezing#trainOnly}) is trained with Adam for E epochs
 * on the same seeded batch order. By default the layers are h2..hN: each has {@code width x width + width}
 * parameters, so every run trains the same number (the paper: "we only train from the second hidden layer (weights
 * W^(1)) onwards, so that the number of parameters trained remains fixed"). After every epoch, train accuracy is
 * measured on a fixed subset of the training examples and test accuracy on the test examples.
 *
 * <p>Writes {@code metrics.csv} (run column {@code dataset}; step = epoch, 0 being the untrained network; layer =
 * the trained layer; metrics {@code train_loss}, {@code train_accuracy}, {@code test_accuracy}, {@code test_loss},
 * {@code epoch_seconds}), the trained models in {@code models/<layer>.zip}, plots of train and test accuracy against
 * epoch (Fig. 7's two panels) and of final accuracy by layer, and a summary with Spearman's rank correlation between
 * the layer's index and its final accuracy. Resumable: see {@link CheckpointedTraining}.
 */
public final class TrainOneLayerExperiment {

    private static final Logger log = LoggerFactory.getLogger(TrainOneLayerExperiment.class);

    /**
     * Everything that determines a run's numbers (besides the seed and the data).
     *
     * @param dataset           which dataset (names the figure: Fig. 7 for MNIST, Fig. 17 for CIFAR-10)
     * @param hiddenLayers      hidden layers of the network
     * @param width             units per hidden layer
     * @param sigmaW2           weight variance scale sigma_w^2
     * @param layers            names of the layers to train, one at a time (h1..hN or out)
     * @param epochs            epochs per layer
     * @param batchSize         training minibatch size
     * @param learningRate      Adam's learning rate
     * @param trainExamples     training examples used (class-balanced subset), 0 for all
     * @param testExamples      test examples used (class-balanced subset), 0 for all
     * @param trainEvalExamples training examples train accuracy is measured on, 0 for all used
     * @param batchLimit        at most this many batches per epoch, 0 for no limit (smoke tests)
     */
    public record Settings(Dataset dataset, int hiddenLayers, int width, double sigmaW2, List<String> layers,
                           int epochs, int batchSize, double learningRate, int trainExamples, int testExamples,
                           int trainEvalExamples, int batchLimit) {

        public Settings {
            Objects.requireNonNull(dataset, "dataset");
            layers = List.copyOf(layers);
            if (hiddenLayers < 1 || width < 1 || epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("hidden layers, width, epochs and batch size must be at least 1");
            }
            if (!(sigmaW2 > 0) || !(learningRate > 0)) {
                throw new IllegalArgumentException("sigma_w^2 and the learning rate must be positive");
            }
            if (trainExamples < 0 || testExamples < 0 || trainEvalExamples < 0 || batchLimit < 0) {
                throw new IllegalArgumentException("example counts and the batch limit must be >= 0");
            }
            List<String> known = layerNames(hiddenLayers);
            for (String layer : layers) {
                if (!known.contains(layer)) {
                    throw new IllegalArgumentException("no layer " + layer + " in a net with " + hiddenLayers
                            + " hidden layers: choose from " + known);
                }
            }
            if (layers.isEmpty() || layers.stream().distinct().count() != layers.size()) {
                throw new IllegalArgumentException("choose at least one layer, each once: " + layers);
            }
        }

        /**
         * The paper's network for {@code dataset} (MNIST: 9 x 100, CIFAR-10: 8 x 200, hard tanh, sigma_w^2 = 1) and
         * the profile's training budget: full = all training examples, 10,000 of them for train accuracy, the whole
         * test set, 50 epochs; quick = 10,000 training examples (all measured), 2,000 test examples, 15 epochs.
         * Adam, learning rate 1e-3, batch 128.
         */
        public static Settings defaults(Dataset dataset, boolean quick) {
            int hidden = dataset == Dataset.MNIST ? Architectures.MNIST_MLP_HIDDEN_LAYERS
                    : Architectures.CIFAR_MLP_HIDDEN_LAYERS;
            int width = dataset == Dataset.MNIST ? Architectures.MNIST_MLP_WIDTH : Architectures.CIFAR_MLP_WIDTH;
            return quick
                    ? new Settings(dataset, hidden, width, Architectures.MLP_SIGMA_W2, defaultLayers(hidden), 15, 128,
                    1e-3, 10_000, 2_000, 0, 0)
                    : new Settings(dataset, hidden, width, Architectures.MLP_SIGMA_W2, defaultLayers(hidden), 50, 128,
                    1e-3, 0, 0, 10_000, 0);
        }

        /** The same settings with these layers. */
        public Settings withLayers(List<String> newLayers) {
            return new Settings(dataset, hiddenLayers, width, sigmaW2, newLayers, epochs, batchSize, learningRate,
                    trainExamples, testExamples, trainEvalExamples, batchLimit);
        }
    }

    /**
     * One trained layer's curves.
     *
     * @param layer             its name, h{@code depth}
     * @param depth             its hidden-layer number (h3: 3)
     * @param trainedParameters parameters it trains (weights and biases)
     * @param trainAccuracy     train accuracy after epoch 0..E (index = epoch)
     * @param testAccuracy      test accuracy after epoch 0..E
     */
    public record LayerResult(String layer, int depth, long trainedParameters, double[] trainAccuracy,
                              double[] testAccuracy) {

        /** Train accuracy after the last epoch. */
        public double finalTrain() {
            return trainAccuracy[trainAccuracy.length - 1];
        }

        /** Test accuracy after the last epoch. */
        public double finalTest() {
            return testAccuracy[testAccuracy.length - 1];
        }
    }

    /**
     * The run's outcome.
     *
     * @param settings  what was run
     * @param layers    one entry per trained layer, in the order given
     * @param rhoTrain  Spearman's rho between layer depth and final train accuracy (the paper: negative)
     * @param rhoTest   Spearman's rho between layer depth and final test accuracy
     * @param seconds   wall time of this attempt
     */
    public record Result(Settings settings, List<LayerResult> layers, double rhoTrain, double rhoTest,
                         double seconds) {
    }

    /** The hidden layers from the second one up: h2..hN (just h1 for a single hidden layer). */
    public static List<String> defaultLayers(int hiddenLayers) {
        return hiddenLayers == 1 ? List.of("h1")
                : IntStream.rangeClosed(2, hiddenLayers).mapToObj(h -> "h" + h).toList();
    }

    /** Every trainable layer of the MLP: h1..hN, out. */
    public static List<String> layerNames(int hiddenLayers) {
        List<String> names = new ArrayList<>(IntStream.rangeClosed(1, hiddenLayers).mapToObj(h -> "h" + h).toList());
        names.add("out");
        return names;
    }

    private final TrainingLoop.Observer observer;

    public TrainOneLayerExperiment() {
        this(TrainingLoop.Observer.NONE);
    }

    /** With an observer of the training's checkpoints (tests use it to simulate a kill). */
    public TrainOneLayerExperiment(TrainingLoop.Observer observer) {
        this.observer = observer;
    }

    /** The network all layers start from, for these settings and data. */
    public static MultiLayerConfiguration network(Settings s, TrainingData data, long seed) {
        return Architectures.mlp(data.train().featureSize(), s.hiddenLayers(), s.width(), data.train().numClasses(),
                Activation.HARDTANH, s.sigmaW2(), new Adam(s.learningRate()), seed);
    }

    /** Trains each chosen layer in turn, writes the metrics and models ({@link TrainOneLayerReport}: the rest). */
    public Result run(RunContext context, Settings s, TrainingData data) {
        long start = System.nanoTime();
        RunSettings.recordOrCheck(context.run(), s);
        MultiLayerNetwork base = new MultiLayerNetwork(network(s, data, context.seed()));
        base.init();
        ImageDataSetIterator train = data.trainIterator(s.batchSize(), context.seed(),
                ImageDataSetIterator.Layout.FLAT, s.batchLimit());
        ImageDataSetIterator trainEval = data.evalIterator(data.trainEval(), 1000, ImageDataSetIterator.Layout.FLAT);
        ImageDataSetIterator test = data.evalIterator(data.test(), 1000, ImageDataSetIterator.Layout.FLAT);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("dataset", data.name());
        info.put("layout", ImageDataSetIterator.Layout.FLAT.name());
        info.put("mean", data.stats().mean());
        info.put("std", data.stats().std());
        CheckpointedTraining training = new CheckpointedTraining(context.run().folder(), s.epochs(), train, trainEval,
                test, info, observer);
        List<String> run = List.of(data.name());
        try (ResumableMetrics metrics = new ResumableMetrics(context.run().metrics(List.of("dataset")))) {
            for (String layer : s.layers()) {
                log.info("training only {} ({} of {})", layer, s.layers().indexOf(layer) + 1, s.layers().size());
                training.run(layer, () -> LayerFreezing.trainOnly(base, layer),
                        m -> m.appendTo(metrics, run, layer));
            }
            Result result = result(s, base, metrics.rows(), data.name(), (System.nanoTime() - start) / 1e9);
            return result;
        }
    }

    private static Result result(Settings s, MultiLayerNetwork base, List<MetricsCsv.Row> rows, String dataset,
                                 double seconds) {
        List<LayerResult> layers = new ArrayList<>();
        for (String layer : s.layers()) {
            TreeMap<Long, Double> train = series(rows, dataset, layer, "train_accuracy");
            TreeMap<Long, Double> test = series(rows, dataset, layer, "test_accuracy");
            if (train.size() != s.epochs() + 1 || test.size() != s.epochs() + 1) {
                throw new IllegalStateException("metrics.csv lacks epochs of layer " + layer + ": train accuracy for "
                        + train.keySet() + ", test accuracy for " + test.keySet());
            }
            int depth = layer.equals("out") ? s.hiddenLayers() + 1 : Integer.parseInt(layer.substring(1));
            layers.add(new LayerResult(layer, depth, base.getLayer(layer).numParams(),
                    train.values().stream().mapToDouble(Double::doubleValue).toArray(),
                    test.values().stream().mapToDouble(Double::doubleValue).toArray()));
        }
        double[] depth = layers.stream().mapToDouble(LayerResult::depth).toArray();
        double rhoTrain = RankCorrelation.spearman(depth, layers.stream().mapToDouble(LayerResult::finalTrain)
                .toArray());
        double rhoTest = RankCorrelation.spearman(depth, layers.stream().mapToDouble(LayerResult::finalTest)
                .toArray());
        return new Result(s, layers, rhoTrain, rhoTest, seconds);
    }

    static TreeMap<Long, Double> series(List<MetricsCsv.Row> rows, String dataset, String layer, String metric) {
        TreeMap<Long, Double> values = new TreeMap<>();
        for (MetricsCsv.Row row : rows) {
            if (row.run().get(0).equals(dataset) && row.layer().equals(layer) && row.metric().equals(metric)) {
                values.put(row.step(), row.value());
            }
        }
        return values;
    }
}
