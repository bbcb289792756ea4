package org.expressivity4j.trainers.bench.listener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.datasets.ChannelStats;
import org.expressivity4j.datasets.DataLocator;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.expressivity4j.datasets.LabeledImages;
import org.expressivity4j.datasets.Split;
import org.expressivity4j.dl4j.listeners.MemoryHistory;
import org.expressivity4j.dl4j.listeners.Probe;
import org.expressivity4j.dl4j.listeners.TrajectoryListener;
import org.expressivity4j.dl4j.listeners.TrajectoryMetric;
import org.expressivity4j.dl4j.listeners.TrajectoryRecord;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.shared.Timings;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many probe points a {@link TrajectoryListener} needs: the per-layer trajectory lengths of the paper's quarter
 * circle between two test examples, at {@code N = 2^k + 1} equally spaced points, compared with those at the next
 * resolution {@code 2N - 1} (which contains the same points, so the chord sum can only grow). The relative change
 * {@code max over layers of (L(2N - 1) - L(N)) / L(2N - 1)} bounds what doubling the resolution still adds; it is
 * measured on the MNIST MLP (784, 8 x 100 hard tanh, 10; sigma_w^2 = 1) at initialization and after training, and on
 * the CIFAR-10 conv net (relu, sigma_w^2 = 2) at initialization and after a few steps.
 */
public final class ProbePointsConvergence {

    private static final Logger log = LoggerFactory.getLogger(ProbePointsConvergence.class);

    /**
     * What to measure.
     *
     * @param minLevel       smallest k (N = 2^k + 1)
     * @param mlpMaxLevel    largest k for the MLP
     * @param convMaxLevel   largest k for the conv net
     * @param mlpTrainSteps  training steps of the MLP (batch 128, Adam 1e-3) before its "trained" measurement
     * @param convTrainSteps training steps of the conv net before its "trained" measurement (0: skip)
     * @param convBatch      the conv net's minibatch size
     * @param convWidth      the conv net's width multiplier (1: the paper's 3.7 M parameters)
     * @param tolerance      the relative change a resolution must reach, e.g. 0.01
     */
    public record Settings(int minLevel, int mlpMaxLevel, int convMaxLevel, int mlpTrainSteps, int convTrainSteps,
                           int convBatch, double convWidth, double tolerance) {
        public Settings {
            if (minLevel < 1 || mlpMaxLevel <= minLevel || convMaxLevel <= minLevel || mlpTrainSteps < 0
                    || convTrainSteps < 0 || convBatch < 1 || !(convWidth > 0) || !(tolerance > 0)) {
                throw new IllegalArgumentException("bad convergence settings: " + this);
            }
        }
    }

    /**
     * One resolution of one network state.
     *
     * @param net         {@code mlp} or {@code conv}
     * @param state       {@code init} or {@code trained}
     * @param points      N
     * @param change      max over layers of the relative change to 2N - 1 points (NaN at the finest level)
     * @param worstLayer  the layer where that change is largest
     * @param probeMs     the time of one probe at N points
     * @param lengths     the length of each layer (by name) at N points
     */
    public record Row(String net, String state, int points, double change, String worstLayer, double probeMs,
                      Map<String, Double> lengths) {
    }

    /**
     * The measurements.
     *
     * @param rows        every resolution of every state
     * @param chosen      the smallest N whose change is below the tolerance in every state (0 if none)
     * @param mlpTraining what a default listener recorded while the MLP trained (for a Fig. 8 plot)
     */
    public record Result(List<Row> rows, int chosen, MemoryHistory mlpTraining) {
    }

    /** Runs the measurement; leaves the backend at its defaults. */
    public Result run(Settings settings, DataLocator data, long seed) {
        List<Row> rows = new ArrayList<>();
        int states = 2 + (settings.convTrainSteps() > 0 ? 2 : 1);
        MemoryHistory history = new MemoryHistory();
        try (Progress progress = Progress.start("probe points", states, "network states")) {
            NativeBackend.configure(new NativeBackend.Settings(1, NativeBackend.Settings.defaults().helpers()));
            LabeledImages mnistTrain = Dataset.MNIST.load(data, Split.TRAIN);
            LabeledImages mnistTest = Dataset.MNIST.load(data, Split.TEST);
            Probe mnistProbe = Probe.quarterCircle(ImageDataSetIterator.builder(mnistTest).batchSize(256).build(),
                    seed);
            MultiLayerNetwork mlp = new MultiLayerNetwork(Architectures.mlp(784, 8, 100, 10, Activation.HARDTANH, 1.0,
                    new Adam(1e-3), seed));
            mlp.init();
            rows.addAll(levels("mlp", "init", mlp, mnistProbe, settings.minLevel(), settings.mlpMaxLevel()));
            progress.advance(1);
            try (TrajectoryListener listener = new TrajectoryListener.Builder().probe(mnistProbe).history(history)
                    .build()) {
                mlp.addListeners(listener);
                listener.measure(mlp);
                train(mlp, ImageDataSetIterator.builder(mnistTrain).batchSize(128).shuffle(seed).build(),
                        settings.mlpTrainSteps());
                mlp.setListeners();
            }
            rows.addAll(levels("mlp", "trained", mlp, mnistProbe, settings.minLevel(), settings.mlpMaxLevel()));
            progress.advance(1);

            NativeBackend.configure(NativeBackend.Settings.withThreads(0));
            LabeledImages cifarTrain = Dataset.CIFAR10.load(data, Split.TRAIN);
            LabeledImages cifarTest = Dataset.CIFAR10.load(data, Split.TEST);
            ChannelStats stats = ChannelStats.of(cifarTrain);
            Probe cifarProbe = Probe.quarterCircle(ImageDataSetIterator.builder(cifarTest).batchSize(256)
                    .layout(ImageDataSetIterator.Layout.NCHW).standardize(stats).build(), seed);
            MultiLayerNetwork conv = new MultiLayerNetwork(Architectures.cifarConvNet(settings.convWidth(),
                    Architectures.Normalization.NONE, 2.0, new Adam(1e-3), seed));
            conv.init();
            rows.addAll(levels("conv", "init", conv, cifarProbe, settings.minLevel(), settings.convMaxLevel()));
            progress.advance(1);
            if (settings.convTrainSteps() > 0) {
                train(conv, ImageDataSetIterator.builder(cifarTrain).batchSize(settings.convBatch()).shuffle(seed)
                        .layout(ImageDataSetIterator.Layout.NCHW).standardize(stats).build(),
                        settings.convTrainSteps());
                rows.addAll(levels("conv", "trained", conv, cifarProbe, settings.minLevel(),
                        settings.convMaxLevel()));
                progress.advance(1);
            }
        } finally {
            NativeBackend.configureDefaults();
        }
        return new Result(rows, choose(rows, settings.tolerance()), history);
    }

    /** The smallest N whose change is below the tolerance in every measured state; 0 if there is none. */
    static int choose(List<Row> rows, double tolerance) {
        Map<String, Integer> firstConverged = new LinkedHashMap<>();
        for (Row r : rows) {
            firstConverged.putIfAbsent(r.net() + "/" + r.state(), Integer.MAX_VALUE);
        }
        for (Row r : rows) {
            String key = r.net() + "/" + r.state();
            if (r.change() < tolerance && r.points() < firstConverged.get(key)) {
                firstConverged.put(key, r.points());
            }
        }
        int chosen = firstConverged.values().stream().mapToInt(Integer::intValue).max().orElse(Integer.MAX_VALUE);
        return chosen == Integer.MAX_VALUE ? 0 : chosen;
    }

    private static void train(MultiLayerNetwork net, ImageDataSetIterator data, int steps) {
        for (int s = 0; s < steps; s++) {
            if (!data.hasNext()) {
                data.reset();
            }
            net.fit(data.next());
        }
    }

    private static List<Row> levels(String net, String state, MultiLayerNetwork model, Probe probe, int minLevel,
                                    int maxLevel) {
        List<Map<String, Double>> lengths = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        for (int k = minLevel; k <= maxLevel; k++) {
            int points = (1 << k) + 1;
            TrajectoryListener listener = new TrajectoryListener.Builder().probe(probe).points(points).build();
            if (points <= 513) {
                listener.measure(model); // warm-up: the probing copy, the first chunk's sizing
            }
            long start = System.nanoTime();
            List<TrajectoryRecord> records = listener.measure(model);
            times.add(Timings.secondsSince(start) * 1000);
            Map<String, Double> byLayer = new LinkedHashMap<>();
            for (TrajectoryRecord r : records) {
                if (r.metric() == TrajectoryMetric.LENGTH) {
                    byLayer.put(r.name(), r.value());
                }
            }
            lengths.add(byLayer);
            log.debug("{} {} at {} points: {}", net, state, points, byLayer);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lengths.size(); i++) {
            double worst = Double.NaN;
            String worstLayer = "";
            if (i + 1 < lengths.size()) {
                worst = 0;
                for (Map.Entry<String, Double> e : lengths.get(i).entrySet()) {
                    double fine = lengths.get(i + 1).get(e.getKey());
                    double change = fine > 0 ? Math.abs(fine - e.getValue()) / fine : 0.0;
                    if (!(change <= worst)) {
                        worst = change;
                        worstLayer = e.getKey();
                    }
                }
            }
            rows.add(new Row(net, state, (1 << (minLevel + i)) + 1, worst, worstLayer, times.get(i), lengths.get(i)));
        }
        return rows;
    }
}
