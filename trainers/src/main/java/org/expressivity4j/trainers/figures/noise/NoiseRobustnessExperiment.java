package org.expressivity4j.trainers.figures.noise;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.datasets.ChannelStats;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.expressivity4j.dl4j.noise.LayerWeightNoise;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.ResumableMetrics;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.run.RunSettings;
import org.expressivity4j.trainers.training.Accuracy;
import org.expressivity4j.trainers.training.ActivationCaching;
import org.expressivity4j.trainers.training.CacheBudget;
import org.expressivity4j.trainers.training.CachedActivations;
import org.expressivity4j.trainers.training.CheckpointedTraining;
import org.expressivity4j.trainers.training.NetworkCut;
import org.expressivity4j.trainers.training.TrainingData;
import org.expressivity4j.trainers.training.TrainingLoop;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Robustness of a trained network to noise in the weights of one layer at a time (Raghu et al. 2017, Section 3.1,
 * Fig. 6): "adding noise of 0.25 magnitude to the first layer results in a 0.7 drop in accuracy, while the same
 * amount of noise added to the fifth layer barely results in a 0.02 drop", because a perturbation grows
 * exponentially with the depth remaining after the perturbed layer.
 *
 * <p>A network is trained (all layers, Adam, checkpointed and resumable as in {@link CheckpointedTraining}) or
 * loaded. Then, for each weighted layer, each noise seed and each magnitude {@code m}, Gaussian noise is added to
 * that layer's weights only ({@link LayerWeightNoise}; biases untouched), test accuracy is measured, and the weights
 * are restored bit for bit. Noise scale: {@link LayerWeightNoise.Scale#RELATIVE} (standard deviation {@code m s_W},
 * {@code s_W} the layer's own weight standard deviation) or {@link LayerWeightNoise.Scale#ABSOLUTE} (standard
 * deviation {@code m}). One noise direction per (layer, seed) serves every magnitude, so each seed's curve is a ray
 * in weight space.
 *
 * <p>Writes {@code metrics.csv} with run columns {@code dataset, phase, noise_scale, noise_magnitude, noise_seed}:
 * phase {@code train} rows as train-one-layer's (layer empty: the whole network); phase {@code noise} rows
 * {@code test_accuracy} and {@code noise_std} per (layer, magnitude, seed), {@code weight_std} per layer and
 * {@code clean_test_accuracy}. Also the model ({@code models/model.zip}), Fig. 6 (accuracy against noise magnitude,
 * one line per layer, error bars over seeds) and a summary. A resumed run skips every measured (layer, magnitude,
 * seed).
 *
 * <p>Caching (the default; {@link ActivationCaching}): noise on a layer leaves the layers below it unchanged, so the
 * test examples' activations at the noised layer's input are computed once per layer ({@link CachedActivations},
 * moved up from one layer to the next), and each (magnitude, seed) runs only the noised layer and the layers above
 * it ({@link NetworkCut#topForInference}) on them, in the same batches. The accuracies are those of the whole
 * network, bit for bit (the tests check it on the MLP and the conv net). A layer whose cache would not fit the
 * memory budget ({@link CacheBudget}) is measured on the whole network, with a log line saying so.
 */
public final class NoiseRobustnessExperiment {

    private static final Logger log = LoggerFactory.getLogger(NoiseRobustnessExperiment.class);

    /** The unit name (and model file name) of the trained network. */
    public static final String UNIT = "model";

    /** The networks this experiment trains. */
    public sealed interface Network permits ConvNet, Mlp {

        /** The configuration for inputs of {@code inputs} values and {@code classes} classes. */
        MultiLayerConfiguration configuration(int inputs, int classes, double learningRate, long seed);

        /** The input layout the network takes. */
        ImageDataSetIterator.Layout layout();

        /** One line for the summary. */
        String describe();
    }

    /**
     * The CIFAR-10 conv net ({@link Architectures#cifarConvNet}), no normalization.
     *
     * @param widthMultiplier channel and unit counts relative to the full net
     * @param sigmaW2         initial weight variance scale (the paper: 2)
     */
    public record ConvNet(double widthMultiplier, double sigmaW2) implements Network {

        @Override
        public MultiLayerConfiguration configuration(int inputs, int classes, double learningRate, long seed) {
            if (inputs != 3 * 32 * 32 || classes != 10) {
                throw new IllegalArgumentException("the conv net takes 3x32x32 images in 10 classes, not " + inputs
                        + " values in " + classes);
            }
            return Architectures.cifarConvNet(widthMultiplier, Architectures.Normalization.NONE, sigmaW2,
                    new Adam(learningRate), seed);
        }

        @Override
        public ImageDataSetIterator.Layout layout() {
            return ImageDataSetIterator.Layout.NCHW;
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "the CIFAR-10 conv net c1 c2 p1 c3 c4 c5 p2 fc1 fc2 out (relu, width "
                    + "multiplier %s), initialized with sigma_w^2 = %s", MarkdownTable.format(widthMultiplier),
                    MarkdownTable.format(sigmaW2));
        }
    }

    /**
     * A hard-tanh fully connected net ({@link Architectures#mlp}).
     *
     * @param hiddenLayers hidden layers
     * @param width        units per hidden layer
     * @param sigmaW2      initial weight variance scale
     */
    public record Mlp(int hiddenLayers, int width, double sigmaW2) implements Network {

        @Override
        public MultiLayerConfiguration configuration(int inputs, int classes, double learningRate, long seed) {
            return Architectures.mlp(inputs, hiddenLayers, width, classes, Activation.HARDTANH, sigmaW2,
                    new Adam(learningRate), seed);
        }

        @Override
        public ImageDataSetIterator.Layout layout() {
            return ImageDataSetIterator.Layout.FLAT;
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "a fully connected net, %d hidden layers of %d hard-tanh units, "
                    + "initialized with sigma_w^2 = %s", hiddenLayers, width, MarkdownTable.format(sigmaW2));
        }
    }

    /**
     * One perturbed layer's measurements.
     *
     * @param layer      its name
     * @param position   its position among the network's weighted layers, 1 for the first (the paper's lay01...)
     * @param weights    number of weights
     * @param weightStd  standard deviation of its trained weights
     * @param accuracy   test accuracy, [magnitude index][seed]
     */
    public record LayerResult(String layer, int position, long weights, double weightStd, double[][] accuracy) {

        /** Mean over seeds, per magnitude. */
        public double[] mean() {
            return Arrays.stream(accuracy).mapToDouble(a -> Arrays.stream(a).average().orElse(Double.NaN)).toArray();
        }

        /** Sample standard deviation over seeds, per magnitude (0 for one seed). */
        public double[] sd() {
            return Arrays.stream(accuracy).mapToDouble(a -> {
                if (a.length < 2) {
                    return 0;
                }
                double m = Arrays.stream(a).average().orElse(0);
                return Math.sqrt(Arrays.stream(a).map(v -> (v - m) * (v - m)).sum() / (a.length - 1));
            }).toArray();
        }
    }

    /**
     * The run's outcome.
     *
     * @param settings      what was run
     * @param modelSource   where the network came from (trained here, or the file)
     * @param cleanAccuracy test accuracy without noise
     * @param classes       number of classes (chance accuracy is 1 / classes)
     * @param testExamples  test examples measured
     * @param layers        one entry per perturbed layer, in network order
     * @param seconds       wall time of this attempt
     * @param caching       per perturbed layer, how it was measured: cached (and how large the cache), or why not
     */
    public record Result(NoiseRobustnessSettings settings, String modelSource, double cleanAccuracy, int classes,
                         long testExamples, List<LayerResult> layers, double seconds, Map<String, String> caching) {

        public Result {
            caching = Map.copyOf(caching);
        }

        /** Mean accuracy drop (clean minus noisy) of each layer at magnitude {@code m}, if {@code m} was measured. */
        public Optional<double[]> drops(double m) {
            int i = settings.magnitudes().indexOf(m);
            if (i < 0) {
                return Optional.empty();
            }
            return Optional.of(layers.stream().mapToDouble(l -> cleanAccuracy - l.mean()[i]).toArray());
        }

        /**
         * Per layer, the smallest magnitude at which the mean accuracy falls halfway from clean to chance (linear
         * interpolation between measured magnitudes; NaN if it never does within the measured ones).
         */
        public double[] halfwayMagnitudes() {
            double target = (cleanAccuracy + 1.0 / classes) / 2;
            List<Double> ms = settings.magnitudes().stream().sorted().toList();
            return layers.stream().mapToDouble(l -> {
                double[] mean = l.mean();
                double prevM = Double.NaN;
                double prevA = Double.NaN;
                for (double m : ms) {
                    double a = mean[settings.magnitudes().indexOf(m)];
                    if (a <= target) {
                        return Double.isNaN(prevM) || prevA == a ? m : prevM + (prevA - target) / (prevA - a)
                                * (m - prevM);
                    }
                    prevM = m;
                    prevA = a;
                }
                return Double.NaN;
            }).toArray();
        }
    }

    /** Told as a run goes (the training's checkpoints and each noise measurement); tests throw from it to kill. */
    public interface Observer extends TrainingLoop.Observer {

        /** Does nothing. */
        Observer NONE = new Observer() {
        };

        /** A noise measurement was made and its rows written. */
        default void noiseMeasured(String layer, int seed, double magnitude) {
        }
    }

    private final Observer observer;
    private final ActivationCaching caching;

    /** Caching within half the free native memory. */
    public NoiseRobustnessExperiment() {
        this(Observer.NONE, ActivationCaching.withFreeMemory());
    }

    /** With this caching ({@link ActivationCaching#OFF}: the whole network for every measurement). */
    public NoiseRobustnessExperiment(ActivationCaching caching) {
        this(Observer.NONE, caching);
    }

    /** With an observer of the training's checkpoints and noise measurements (tests use it to simulate a kill). */
    public NoiseRobustnessExperiment(Observer observer) {
        this(observer, ActivationCaching.withFreeMemory());
    }

    /** With an observer and this caching. */
    public NoiseRobustnessExperiment(Observer observer, ActivationCaching caching) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
        this.caching = java.util.Objects.requireNonNull(caching, "caching");
    }

    /**
     * Test examples per batch in the noise sweep: 250 images for the conv net (its activations are large), 10,000
     * flattened ones for the fully connected net. Every batch costs a fixed number of array operations per layer,
     * whose overhead, not the arithmetic, dominates a small net's forward pass: MNIST's whole test set is one batch.
     */
    static int sweepBatch(ImageDataSetIterator.Layout layout) {
        return layout == ImageDataSetIterator.Layout.NCHW ? 250 : 10_000;
    }

    /** The seed of the noise direction for the layer at network index {@code layerIndex} and noise seed {@code s}. */
    static long noiseSeed(long runSeed, int layerIndex, int s) {
        SplittableRandom r = new SplittableRandom(runSeed ^ 0x6E6F697365L);
        long mixed = r.nextLong();
        return new SplittableRandom(mixed + 1_000_003L * layerIndex + s).nextLong();
    }

    /** The value written in the {@code noise_magnitude} column. */
    static String magnitudeLabel(double m) {
        return BigDecimal.valueOf(m).stripTrailingZeros().toPlainString();
    }

    /** Trains (or loads) the network, sweeps the noise, writes metrics ({@link NoiseRobustnessReport}: the rest). */
    public Result run(RunContext context, NoiseRobustnessSettings s, TrainingData data) {
        long start = System.nanoTime();
        RunSettings.recordOrCheck(context.run(), s);
        List<String> columns = List.of("dataset", "phase", "noise_scale", "noise_magnitude", "noise_seed");
        try (ResumableMetrics metrics = new ResumableMetrics(context.run().metrics(columns))) {
            MultiLayerNetwork net;
            ImageDataSetIterator.Layout layout;
            ChannelStats stats = data.stats();
            String source;
            if (s.model() != null) {
                Path file = Path.of(s.model());
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("no model file " + file);
                }
                net = CheckpointedTraining.restore(file);
                Optional<CheckpointedTraining.State> state = CheckpointedTraining.readState(file);
                layout = state.map(st -> st.info().get("layout")).map(v -> ImageDataSetIterator.Layout.valueOf(
                        v.toString())).orElseGet(() -> net.getLayerWiseConfigurations().getConf(0).getLayer()
                        instanceof ConvolutionLayer ? ImageDataSetIterator.Layout.NCHW
                        : ImageDataSetIterator.Layout.FLAT);
                Optional<ChannelStats> saved = state.flatMap(NoiseRobustnessExperiment::savedStats);
                if (saved.isPresent()) {
                    stats = saved.get();
                }
                source = "loaded from " + file + state.map(st -> " (" + st.epoch() + " epochs, test accuracy "
                        + MarkdownTable.format(st.metrics().testAccuracy()) + " when saved)").orElse("");
            } else {
                layout = s.network().layout();
                net = train(context, s, data, metrics);
                source = "trained here: " + s.network().describe() + String.format(Locale.ROOT, ", Adam (learning "
                        + "rate %s), batch %d, %d epochs%s on %d training examples", MarkdownTable.format(
                        s.learningRate()), s.batchSize(), s.epochs(), s.batchLimit() > 0 ? " of at most "
                        + s.batchLimit() + " batches" : "", data.train().count());
            }
            ImageDataSetIterator test = ImageDataSetIterator.builder(data.test()).batchSize(sweepBatch(layout))
                    .layout(layout).standardize(stats).build();
            checkInputs(net, test, data.name());
            Result result = sweep(context, s, net, test, metrics, data.name(), source, data.test().numClasses(),
                    start);
            return result;
        }
    }

    private MultiLayerNetwork train(RunContext context, NoiseRobustnessSettings s, TrainingData data,
                                    ResumableMetrics metrics) {
        ImageDataSetIterator.Layout layout = s.network().layout();
        int evalBatch = layout == ImageDataSetIterator.Layout.NCHW ? 250 : 1000;
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("dataset", data.name());
        info.put("layout", layout.name());
        info.put("mean", data.stats().mean());
        info.put("std", data.stats().std());
        info.put("network", s.network().describe());
        CheckpointedTraining training = new CheckpointedTraining(context.run().folder(), s.epochs(),
                data.trainIterator(s.batchSize(), context.seed(), layout, s.batchLimit()),
                data.evalIterator(data.trainEval(), evalBatch, layout), data.evalIterator(data.test(), evalBatch, layout),
                info, observer);
        List<String> run = List.of(data.name(), "train", "", "", "");
        return training.run(UNIT, () -> {
            MultiLayerNetwork net = new MultiLayerNetwork(s.network().configuration(data.train().featureSize(),
                    data.train().numClasses(), s.learningRate(), context.seed()));
            net.init();
            return net;
        }, m -> m.appendTo(metrics, run, ""));
    }

    private static Optional<ChannelStats> savedStats(CheckpointedTraining.State state) {
        if (!(state.info().get("mean") instanceof List<?> mean) || !(state.info().get("std") instanceof List<?> std)) {
            return Optional.empty();
        }
        return Optional.of(new ChannelStats(mean.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray(),
                std.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray()));
    }

    private static void checkInputs(MultiLayerNetwork net, ImageDataSetIterator test, String dataset) {
        test.reset();
        INDArray one = test.next(1).getFeatures();
        test.reset();
        try {
            net.output(one, false);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the model does not take " + dataset + " inputs of shape "
                    + Arrays.toString(one.shape()) + ": " + e.getMessage(), e);
        }
    }

    private Result sweep(RunContext context, NoiseRobustnessSettings s, MultiLayerNetwork net,
                         ImageDataSetIterator test, ResumableMetrics metrics, String dataset, String source,
                         int classes, long start) {
        List<String> weighted = Architectures.weightedLayers(net.getLayerWiseConfigurations());
        List<String> layers = s.layers().isEmpty() ? weighted : s.layers();
        for (String layer : layers) {
            if (!weighted.contains(layer)) {
                throw new IllegalArgumentException("no weighted layer " + layer + " in the network; its weighted "
                        + "layers: " + weighted);
            }
        }
        List<String> ordered = weighted.stream().filter(layers::contains).toList();
        String scale = s.scale().label();
        List<String> base = List.of(dataset, "noise", scale, "", "");
        INDArray before = net.params().dup();
        double clean = cleanAccuracy(net, test, metrics, base);
        log.info("clean test accuracy {}", MarkdownTable.format(clean));
        List<String> names = net.getLayerWiseConfigurations().getConfs().stream()
                .map(c -> c.getLayer().getLayerName()).toList();
        List<LayerResult> results = new ArrayList<>();
        Map<String, String> caches = new LinkedHashMap<>();
        long units = (long) ordered.size() * s.noiseSeeds() * s.magnitudes().stream().filter(m -> m > 0).count();
        CachedActivations cache = null;
        try (Progress progress = Progress.start("noise", units, "evaluations")) {
            for (String layer : ordered) {
                int index = names.indexOf(layer);
                double[][] acc = new double[s.magnitudes().size()][s.noiseSeeds()];
                Optional<String> whyNot = whyNotCached(net, index, test);
                MultiLayerNetwork perturbed;
                java.util.function.Supplier<Double> accuracy;
                if (whyNot.isPresent()) {
                    if (caching.enabled()) {
                        log.warn("{}: not cached, every measurement runs the whole network: {}", layer,
                                whyNot.get());
                    } else {
                        log.info("{}: every measurement runs the whole network: {}", layer, whyNot.get());
                    }
                    caches.put(layer, "not cached: " + whyNot.get());
                    cache = null;
                    perturbed = net;
                    accuracy = () -> Accuracy.accuracyOf(net, test).accuracy();
                } else {
                    if (cache != null && caching.budget().refusal("", cache.bytes() + CacheBudget.size(
                            test.images().count(), valuesPerExample(net, index, test), 4)).isPresent()) {
                        cache = null; // computed afresh from the images rather than beside the lower one
                    }
                    cache = cache != null ? cache.advance(net, index) : CachedActivations.of(net, index, test);
                    log.info("{}: measuring {}..{} on the cached input of {} ({})", layer, layer,
                            names.get(names.size() - 1), layer, CacheBudget.human(cache.bytes()));
                    caches.put(layer, "cached (" + CacheBudget.human(cache.bytes()) + ")");
                    MultiLayerNetwork top = NetworkCut.topForInference(net, index);
                    List<org.nd4j.linalg.dataset.DataSet> batches = cache.batches();
                    perturbed = top;
                    accuracy = () -> Accuracy.accuracyOf(top, batches).accuracy();
                }
                LayerWeightNoise noise = LayerWeightNoise.on(perturbed, layer);
                metrics.append(base, 0, layer, "weight_std", noise.weightStd());
                try (noise) {
                    for (int seed = 0; seed < s.noiseSeeds(); seed++) {
                        INDArray direction = null;
                        for (int mi = 0; mi < s.magnitudes().size(); mi++) {
                            double m = s.magnitudes().get(mi);
                            List<String> run = List.of(dataset, "noise", scale, magnitudeLabel(m),
                                    Integer.toString(seed));
                            Optional<Double> done = value(metrics, run, layer, "test_accuracy");
                            double std = s.scale().std(m, noise.weightStd());
                            if (done.isPresent()) {
                                acc[mi][seed] = done.get();
                            } else if (m == 0) {
                                acc[mi][seed] = clean;
                            } else {
                                if (direction == null) {
                                    direction = noise.direction(noiseSeed(context.seed(), index, seed));
                                }
                                noise.apply(std, direction);
                                acc[mi][seed] = accuracy.get();
                                noise.restore();
                            }
                            metrics.append(run, 0, layer, "noise_std", std);
                            metrics.append(run, 0, layer, "test_accuracy", acc[mi][seed]);
                            if (m > 0) {
                                progress.advance(1);
                            }
                            if (done.isEmpty()) {
                                observer.noiseMeasured(layer, seed, m);
                            }
                        }
                    }
                }
                results.add(new LayerResult(layer, weighted.indexOf(layer) + 1, noise.count(), noise.weightStd(),
                        acc));
                log.info("{}: mean accuracy by magnitude {}", layer, Arrays.toString(Arrays.stream(
                        results.get(results.size() - 1).mean()).mapToObj(MarkdownTable::format).toArray()));
            }
        }
        if (!Arrays.equals(before.toFloatVector(), net.params().toFloatVector())) {
            throw new IllegalStateException("the network's parameters differ after the noise was removed");
        }
        return new Result(s, source, clean, classes, test.images().count(), results,
                (System.nanoTime() - start) / 1e9, caches);
    }

    /**
     * Why the test examples' input to layer {@code index} is not cached, or empty if it is to be: caching off, or
     * the cache over the budget.
     */
    private Optional<String> whyNotCached(MultiLayerNetwork net, int index, ImageDataSetIterator test) {
        if (!caching.enabled()) {
            return Optional.of("caching is off (--no-cache)");
        }
        long values = valuesPerExample(net, index, test);
        return caching.budget().refusal(String.format(Locale.ROOT, "the input of %s for %,d test examples (%,d "
                + "values each)", net.getLayer(index).conf().getLayer().getLayerName(), test.images().count(),
                values), CacheBudget.size(test.images().count(), values, 4));
    }

    private static long valuesPerExample(MultiLayerNetwork net, int index, ImageDataSetIterator test) {
        test.reset();
        INDArray one = test.next(1).getFeatures();
        test.reset();
        return CachedActivations.valuesPerExample(net, index, one);
    }

    private static double cleanAccuracy(MultiLayerNetwork net, ImageDataSetIterator test, ResumableMetrics metrics,
                                        List<String> base) {
        Optional<Double> done = value(metrics, base, "", "clean_test_accuracy");
        if (done.isPresent()) {
            return done.get();
        }
        double clean = Accuracy.accuracyOf(net, test).accuracy();
        metrics.append(base, 0, "", "clean_test_accuracy", clean);
        return clean;
    }

    private static Optional<Double> value(ResumableMetrics metrics, List<String> run, String layer, String metric) {
        return metrics.value(run, 0, layer, metric);
    }
}
