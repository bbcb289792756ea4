package org.expressivity4j.trainers.figures.onelayer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.expressivity4j.dl4j.freeze.LayerFreezing;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.report.ResumableMetrics;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.run.RunSettings;
import org.expressivity4j.trainers.shared.RankCorrelation;
import org.expressivity4j.trainers.training.Accuracy;
import org.expressivity4j.trainers.training.ActivationCaching;
import org.expressivity4j.trainers.training.CacheBudget;
import org.expressivity4j.trainers.training.CachedActivations;
import org.expressivity4j.trainers.training.CachedTrainingBatches;
import org.expressivity4j.trainers.training.CheckpointedTraining;
import org.expressivity4j.trainers.training.NetworkCut;
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
 *
 * <p>Caching (the default; {@link ActivationCaching}): the layers below the trained one are frozen and deterministic,
 * so their outputs for an example never change. They are computed once per data set (training examples, the
 * train-accuracy subset, the test examples), in inference mode, and only the trained layer and the layers above it
 * ({@link NetworkCut#top}) are trained, on the same batches in the same order ({@link CachedTrainingBatches}), and
 * measured. Nothing below the trained layer is computed during training. The numbers are those of training the whole
 * network up to the rounding of float32 matrix products: ND4J's products give a row a result that depends on its
 * position in the batch, so the frozen layers' outputs computed once differ in the last bits from those the whole
 * network computes in each shuffled batch (within the bound {@code CachedTrainingBatchesTest} derives); with one
 * example per batch, where positions cannot differ, the two runs are bit for bit the same (tested). Checkpoints and
 * models hold the whole network either way, so a run may be resumed with or without the cache. A layer is trained on the whole network
 * instead, with a log line saying why, when a layer below it has dropout, weight noise or a kind not known to be
 * deterministic ({@link NetworkCut#whyNotDeterministic}), when the cache would not fit its memory budget
 * ({@link CacheBudget}), and for h1 (nothing below it).
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
     * @param caching   per layer trained in this attempt, how: cached (and how large the cache), or why not
     */
    public record Result(TrainOneLayerSettings settings, List<LayerResult> layers, double rhoTrain, double rhoTest,
                         double seconds, Map<String, String> caching) {

        public Result {
            caching = Map.copyOf(caching);
        }
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
    private final ActivationCaching caching;

    /** Caching within half the free native memory. */
    public TrainOneLayerExperiment() {
        this(TrainingLoop.Observer.NONE, ActivationCaching.withFreeMemory());
    }

    /** With this caching ({@link ActivationCaching#OFF}: the whole network for every batch). */
    public TrainOneLayerExperiment(ActivationCaching caching) {
        this(TrainingLoop.Observer.NONE, caching);
    }

    /** With an observer of the training's checkpoints (tests use it to simulate a kill). */
    public TrainOneLayerExperiment(TrainingLoop.Observer observer) {
        this(observer, ActivationCaching.withFreeMemory());
    }

    /** With an observer of the training's checkpoints and this caching. */
    public TrainOneLayerExperiment(TrainingLoop.Observer observer, ActivationCaching caching) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
        this.caching = java.util.Objects.requireNonNull(caching, "caching");
    }

    /** The network all layers start from, for these settings and data. */
    public static MultiLayerConfiguration network(TrainOneLayerSettings s, TrainingData data, long seed) {
        return Architectures.mlp(data.train().featureSize(), s.hiddenLayers(), s.width(), data.train().numClasses(),
                Activation.HARDTANH, s.sigmaW2(), new Adam(s.learningRate()), seed);
    }

    /** Trains each chosen layer in turn, writes the metrics and models ({@link TrainOneLayerReport}: the rest). */
    public Result run(RunContext context, TrainOneLayerSettings s, TrainingData data) {
        return run(context, s, data, network(s, data, context.seed()));
    }

    /** As {@link #run(RunContext, TrainOneLayerSettings, TrainingData)}, starting from {@code configuration}. */
    Result run(RunContext context, TrainOneLayerSettings s, TrainingData data, MultiLayerConfiguration configuration) {
        long start = System.nanoTime();
        RunSettings.recordOrCheck(context.run(), s);
        MultiLayerNetwork base = new MultiLayerNetwork(configuration);
        base.init();
        ImageDataSetIterator train = data.trainIterator(s.batchSize(), context.seed(),
                ImageDataSetIterator.Layout.FLAT, s.batchLimit());
        ImageDataSetIterator trainEval = data.evalIterator(data.trainEval(), EVAL_BATCH,
                ImageDataSetIterator.Layout.FLAT);
        ImageDataSetIterator test = data.evalIterator(data.test(), EVAL_BATCH, ImageDataSetIterator.Layout.FLAT);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("dataset", data.name());
        info.put("layout", ImageDataSetIterator.Layout.FLAT.name());
        info.put("mean", data.stats().mean());
        info.put("std", data.stats().std());
        CheckpointedTraining training = new CheckpointedTraining(context.run().folder(), s.epochs(), train, trainEval,
                test, info, observer);
        List<String> run = List.of(data.name());
        Caches caches = new Caches(base, data, s.batchSize(), trainEval, test);
        Map<String, String> how = new LinkedHashMap<>();
        try (ResumableMetrics metrics = new ResumableMetrics(context.run().metrics(List.of("dataset")))) {
            for (String layer : s.layers()) {
                log.info("training only {} ({} of {})", layer, s.layers().indexOf(layer) + 1, s.layers().size());
                int index = layerIndex(base, layer);
                if (java.nio.file.Files.exists(training.model(layer))) {
                    training.run(layer, () -> LayerFreezing.trainOnly(base, layer),
                            m -> m.appendTo(metrics, run, layer));
                    continue;
                }
                Optional<String> whyNot = whyNotCached(base, index, data, caches);
                if (whyNot.isPresent()) {
                    if (caching.enabled() && index > 0) {
                        log.warn("{}: not cached, the whole network computes every step: {}", layer, whyNot.get());
                    } else {
                        log.info("{}: the whole network computes every step: {}", layer, whyNot.get());
                    }
                    how.put(layer, "not cached: " + whyNot.get());
                    training.run(layer, () -> LayerFreezing.trainOnly(base, layer),
                            m -> m.appendTo(metrics, run, layer));
                } else {
                    caches.moveTo(index);
                    String size = CacheBudget.human(caches.bytes());
                    log.info("{}: training {}..{} on the cached outputs of the frozen layers below ({})", layer,
                            layer, layerName(base, base.getnLayers() - 1), size);
                    how.put(layer, "cached (" + size + ")");
                    training.run(layer, () -> NetworkCut.trainingTop(LayerFreezing.trainOnly(base, layer), index),
                            caches.inputs(training, base, layer, index), m -> m.appendTo(metrics, run, layer));
                }
            }
            return result(s, base, metrics.rows(), data.name(), (System.nanoTime() - start) / 1e9, how);
        }
    }

    /** Batch size of the train-accuracy and test measurements. */
    static final int EVAL_BATCH = 1000;

    private static int layerIndex(MultiLayerNetwork net, String layer) {
        List<String> names = net.getLayerWiseConfigurations().getConfs().stream()
                .map(c -> c.getLayer().getLayerName()).toList();
        return names.indexOf(layer);
    }

    private static String layerName(MultiLayerNetwork net, int index) {
        return net.getLayerWiseConfigurations().getConf(index).getLayer().getLayerName();
    }

    /** Why {@code layer} cannot be trained on cached activations, or empty if it can. */
    private Optional<String> whyNotCached(MultiLayerNetwork base, int index, TrainingData data, Caches caches) {
        if (!caching.enabled()) {
            return Optional.of("caching is off (--no-cache)");
        }
        if (index == 0) {
            return Optional.of("no layer below the first to cache");
        }
        Optional<String> stochastic = NetworkCut.whyNotDeterministic(base.getLayerWiseConfigurations(), index);
        if (stochastic.isPresent()) {
            return stochastic;
        }
        long examples = data.train().count() + data.trainEval().count() + data.test().count();
        long values = caches.valuesPerExample(index);
        // the training examples are held twice: as computed, and gathered into one matrix with their labels
        long bytes = CacheBudget.size(examples + data.train().count(), values + data.train().numClasses(), 4);
        String below = index == 1 ? layerName(base, 0) : layerName(base, 0) + ".." + layerName(base, index - 1);
        return caching.budget().refusal(String.format(java.util.Locale.ROOT, "the outputs of %s for %,d training, "
                + "%,d train-accuracy and %,d test examples (%,d values each)", below, data.train().count(),
                data.trainEval().count(), data.test().count(), values), bytes);
    }

    /**
     * The cached outputs of the frozen layers below the trained one, for the training examples (in their own
     * order), the train-accuracy subset and the test examples; moved up from one trained layer to the next.
     */
    private static final class Caches {
        private final MultiLayerNetwork base;
        private final TrainingData data;
        private final int trainBatch;
        private final ImageDataSetIterator trainEval;
        private final ImageDataSetIterator test;
        private CachedActivations train;
        private CachedActivations onTrainEval;
        private CachedActivations onTest;

        Caches(MultiLayerNetwork base, TrainingData data, int trainBatch, ImageDataSetIterator trainEval,
               ImageDataSetIterator test) {
            this.base = base;
            this.data = data;
            this.trainBatch = trainBatch;
            this.trainEval = trainEval;
            this.test = test;
        }

        long valuesPerExample(int level) {
            INDArray one = data.evalIterator(data.test(), 1, ImageDataSetIterator.Layout.FLAT).next().getFeatures();
            return CachedActivations.valuesPerExample(base, level, one);
        }

        void moveTo(int level) {
            if (train != null && train.level() <= level) {
                train = train.advance(base, level);
                onTrainEval = onTrainEval.advance(base, level);
                onTest = onTest.advance(base, level);
            } else {
                // in batches of the training batch size, so that matrix products have the training steps' shapes
                train = CachedActivations.of(base, level, data.evalIterator(data.train(), trainBatch,
                        ImageDataSetIterator.Layout.FLAT));
                onTrainEval = CachedActivations.of(base, level, trainEval);
                onTest = CachedActivations.of(base, level, test);
            }
        }

        long bytes() {
            return 2 * train.bytes() + onTrainEval.bytes() + onTest.bytes();
        }

        /** The training inputs of the top above {@code level}, its files holding the whole network. */
        CheckpointedTraining.Inputs inputs(CheckpointedTraining training, MultiLayerNetwork base, String layer,
                                           int level) {
            MultiLayerConfiguration whole = LayerFreezing.trainOnly(base.getLayerWiseConfigurations(), layer);
            CachedActivations evalSet = onTrainEval;
            CachedActivations testSet = onTest;
            return new CheckpointedTraining.Inputs(new CachedTrainingBatches(training.trainIterator(), train),
                    net -> Accuracy.of(net, evalSet.batches()), net -> Accuracy.of(net, testSet.batches()),
                    new TrainingLoop.StoredForm() {
                        @Override
                        public MultiLayerNetwork toStored(MultiLayerNetwork trained) {
                            return NetworkCut.join(whole, base, trained);
                        }

                        @Override
                        public MultiLayerNetwork fromStored(MultiLayerNetwork stored) {
                            return NetworkCut.trainingTop(stored, level);
                        }
                    });
        }
    }

    private static Result result(TrainOneLayerSettings s, MultiLayerNetwork base, List<MetricsCsv.Row> rows,
                                 String dataset, double seconds, Map<String, String> caching) {
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
        return new Result(s, layers, rhoTrain, rhoTest, seconds, caching);
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
