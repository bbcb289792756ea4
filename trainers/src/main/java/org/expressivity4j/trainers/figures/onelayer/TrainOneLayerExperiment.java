package org.expressivity4j.trainers.figures.onelayer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
    public record Result(TrainOneLayerSettings settings, List<LayerResult> layers, double rhoTrain, double rhoTest,
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
    public static MultiLayerConfiguration network(TrainOneLayerSettings s, TrainingData data, long seed) {
        return Architectures.mlp(data.train().featureSize(), s.hiddenLayers(), s.width(), data.train().numClasses(),
                Activation.HARDTANH, s.sigmaW2(), new Adam(s.learningRate()), seed);
    }

    /** Trains each chosen layer in turn, writes the metrics and models ({@link TrainOneLayerReport}: the rest). */
    public Result run(RunContext context, TrainOneLayerSettings s, TrainingData data) {
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

    private static Result result(TrainOneLayerSettings s, MultiLayerNetwork base, List<MetricsCsv.Row> rows,
                                 String dataset, double seconds) {
        List<LayerResult> layers = new ArrayList<>();
        for (String layer : s.layers()) {
            TreeMap<Long, Double> train = series(rows, dataset, layer, "train_accuracy");
            TreeMap<Long, Double> test = series(rows, dataset, layer, "test_accuracy");
            String problem = unexpected(train, s.epochs(), "train_accuracy") + unexpected(test, s.epochs(),
                    "test_accuracy");
            if (!problem.isEmpty()) {
                throw new IllegalStateException("metrics.csv, layer " + layer + ":" + problem.substring(0,
                        problem.length() - 1) + " (a row is found by "
                        + "its dataset, step, layer and metric: one was lost, or edited so that it no longer "
                        + "matches); restore it, or start the run again in a new folder");
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

    /** The epochs (0 .. {@code epochs}) missing from a series and those it should not have, in words; "" if none. */
    private static String unexpected(TreeMap<Long, Double> series, int epochs, String metric) {
        List<Long> missing = new ArrayList<>();
        for (long e = 0; e <= epochs; e++) {
            if (!series.containsKey(e)) {
                missing.add(e);
            }
        }
        List<Long> extra = series.keySet().stream().filter(e -> e < 0 || e > epochs).toList();
        return (missing.isEmpty() ? "" : " no " + metric + " row for epoch(s) " + missing + ";")
                + (extra.isEmpty() ? "" : " " + metric + " rows for epoch(s) " + extra + ", not in 0 .. " + epochs
                + ";");
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
