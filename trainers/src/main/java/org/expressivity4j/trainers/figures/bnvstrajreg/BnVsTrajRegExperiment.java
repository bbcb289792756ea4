package org.expressivity4j.trainers.figures.bnvstrajreg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.expressivity4j.dl4j.listeners.Probe;
import org.expressivity4j.dl4j.listeners.TrajectoryListener;
import org.expressivity4j.dl4j.listeners.TrajectoryMetric;
import org.expressivity4j.dl4j.listeners.TrajectoryRecord;
import org.expressivity4j.trainers.models.Architectures.Normalization;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.report.ResumableMetrics;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.training.Accuracy;
import org.expressivity4j.trainers.training.TrainingData;
import org.expressivity4j.trainers.training.TrainingLoop;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch norm vs trajectory regularization vs no normalization on the CIFAR-10 conv net (Raghu et al., ICML 2017,
 * Section 3.3, Figs. 8-11).
 *
 * <p>The three variants ({@link Variant}) are the same network ({@link Architectures#cifarConvNet}) with nothing,
 * batch norm (bn1..bn4) or trajectory regularization (tr1..tr4) after c2, c5, fc1 and fc2. They start from the same
 * weights (the variants' weighted layers are copied from one initialization, so that only the normalization differs)
 * and see the same minibatches in the same order (pass {@code e} of a training iterator seeded alike). They train in
 * turns, one <i>segment</i> of {@code evalEvery} steps each, so that a killed run has all three curves up to about
 * the same step and each variant's step time is measured under the same machine load.
 *
 * <p>After every segment (and at step 0) each variant records, in {@code metrics.csv} with run column
 * {@code variant}: {@code test_accuracy} and {@code test_loss} on the test subset, {@code train_loss} (the mean
 * minibatch score over the segment), {@code step_ms} (the mean wall time of {@code fit} on one minibatch over the
 * segment, evaluation and probing excluded); and every {@code probeEvery} steps the {@link TrajectoryListener}'s
 * per-layer measures of a quarter circle between two test images ({@code length}, {@code length_ratio},
 * {@code growth}, {@code transitions}, {@code sigma_w2}; layer = the layer's name). After its last step a variant
 * records {@code inference_ms_per_example} (median of timed {@code output} calls on one test batch).
 *
 * <p>Checkpoints: after recording a segment, each variant's network (with Adam's state and the iteration count)
 * is written atomically to {@code checkpoints/<variant>.zip} with its step; at the end it becomes
 * {@code models/<variant>.zip}. A resumed run restores each variant from its own file and redoes at most the segment
 * a kill interrupted; rows already in {@code metrics.csv} are not written again ({@link ResumableMetrics}).
 */
public final class BnVsTrajRegExperiment {

    private static final Logger log = LoggerFactory.getLogger(BnVsTrajRegExperiment.class);
    /** The object holding a checkpoint's {@link Position} in its checkpoint and model files. */
    static final String STATE_KEY = "expressivity4j-bn-vs-trajreg.json";
    /** Timed {@code output} calls for the inference time (after one untimed call). */
    private static final int INFERENCE_REPEATS = 5;

    /** The three ways of training the conv net. */
    public enum Variant {
        /** No normalization. */
        NONE("none", Normalization.NONE),
        /** DL4J batch norm after c2, c5, fc1, fc2. */
        BATCH_NORM("batchnorm", Normalization.BATCH_NORM),
        /** Trajectory regularization after c2, c5, fc1, fc2. */
        TRAJECTORY_REGULARIZATION("trajreg", Normalization.TRAJECTORY_REGULARIZATION);

        private final String id;
        private final Normalization normalization;

        Variant(String id, Normalization normalization) {
            this.id = id;
            this.normalization = normalization;
        }

        /** The name used in files, metrics and options. */
        public String id() {
            return id;
        }

        /** Where this variant normalizes. */
        public Normalization normalization() {
            return normalization;
        }

        /** The variant with this id. */
        public static Variant fromId(String id) {
            for (Variant v : values()) {
                if (v.id.equals(id)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown variant '" + id + "' (none, batchnorm, trajreg)");
        }
    }

    /**
     * Where a checkpoint is.
     *
     * @param variant the variant's id
     * @param step    training steps done
     */
    public record Position(String variant, long step) {
    }

    /** Told as a run goes; tests throw from it to simulate a kill. */
    public interface Observer {
        /** Does nothing. */
        Observer NONE = (variant, step) -> { };

        /** {@code variant}'s checkpoint at {@code step} is on disk (its rows were written before it). */
        void checkpointWritten(Variant variant, long step);
    }

    /**
     * What a run produced: per variant, its recorded trajectory measures (from this and earlier attempts).
     *
     * @param stepsPerVariant  total training steps of each variant
     * @param trajectories     each variant's listener records, of every attempt (for the Fig. 8-10 plots)
     */
    public record Result(long stepsPerVariant, Map<Variant, List<TrajectoryRecord>> trajectories) {
    }

    private final Path folder;
    private final TrainingData data;
    private final BnVsTrajRegSettings settings;
    private final ResumableMetrics metrics;
    private final Observer observer;

    /**
     * @param folder   the run folder ({@code checkpoints/} and {@code models/} go in it)
     * @param data     CIFAR-10 (or images of the same shape) with its standardization
     * @param settings what to run
     * @param metrics  the run's metrics, run column {@code variant}
     * @param observer told of each checkpoint
     */
    public BnVsTrajRegExperiment(Path folder, TrainingData data, BnVsTrajRegSettings settings, ResumableMetrics metrics,
                                 Observer observer) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.data = Objects.requireNonNull(data, "data");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.observer = Objects.requireNonNull(observer, "observer");
        if (data.train().channels() != 3 || data.train().height() != 32 || data.train().width() != 32) {
            throw new IllegalArgumentException("the CIFAR-10 conv net needs 3 x 32 x 32 images, got "
                    + data.train().channels() + " x " + data.train().height() + " x " + data.train().width());
        }
    }

    /** Where a variant's checkpoint goes. */
    public Path checkpoint(Variant v) {
        return folder.resolve("checkpoints").resolve(v.id() + ".zip");
    }

    /** Where a variant's trained model goes. */
    public Path model(Variant v) {
        return folder.resolve("models").resolve(v.id() + ".zip");
    }

    /** The untrained network of a variant: the conv net with the shared initial weights. */
    public MultiLayerNetwork initial(Variant v) {
        MultiLayerNetwork reference = build(Normalization.NONE);
        if (v.normalization() == Normalization.NONE) {
            return reference;
        }
        MultiLayerNetwork net = build(v.normalization());
        for (Layer layer : reference.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                net.getLayer(name).setParam(p.getKey(), p.getValue().dup());
            }
        }
        return net;
    }

    private MultiLayerNetwork build(Normalization normalization) {
        MultiLayerConfiguration conf = Architectures.cifarConvNet(settings.sizes(), settings.width(), normalization,
                settings.sigmaW2(), settings.recipe().updater(totalSteps()), settings.recipe().weightDecay(),
                settings.seed());
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            if (layer.getLayer() instanceof TrajectoryRegularization tr) {
                tr.setCoefficient(settings.trajRegCoefficient());
                tr.setPenalized(settings.trajRegPenalized());
            }
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Training steps of each variant: epochs times the batches per pass. */
    public long totalSteps() {
        return (long) data.trainIterator(settings.batch(), settings.seed(), ImageDataSetIterator.Layout.NCHW,
                settings.batchLimit()).batchesPerPass() * settings.epochs();
    }

    /** Trains (or continues, or only loads) every variant and records as it goes. */
    public Result run() {
        ImageDataSetIterator test = data.evalIterator(data.test(), Math.max(settings.batch(), 256),
                ImageDataSetIterator.Layout.NCHW);
        Probe probe = Probe.quarterCircle(data.evalIterator(data.test(), 256, ImageDataSetIterator.Layout.NCHW),
                settings.seed());
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(probe).points(settings.probePoints())
                .everyIterations(0).atEpochEnd(false).build();
        List<Run> runs = new ArrayList<>();
        for (Variant v : settings.variants()) {
            runs.add(new Run(v, test, listener));
        }
        long total = runs.get(0).total;
        Map<Variant, List<TrajectoryRecord>> trajectories = new LinkedHashMap<>();
        try (Progress progress = Progress.start("bn-vs-trajreg", total * runs.size(), "steps")) {
            for (Run r : runs) {
                r.start();
                progress.alreadyDone(r.loop.step());
            }
            boolean any = true;
            while (any) {
                any = false;
                for (Run r : runs) {
                    if (!r.loop.trained()) {
                        progress.advance(r.loop.advance(r));
                        any = true;
                    }
                }
            }
            for (Run r : runs) {
                r.finish();
                if (r.continued) {
                    // Earlier attempts' records are only in metrics.csv: read them all back from there.
                    List<TrajectoryRecord> layout = r.trajectory.isEmpty() ? listener.measure(r.loop.network())
                            : r.trajectory;
                    trajectories.put(r.variant, trajectoryFromRows(metrics.rows(), r.variant, layout));
                } else {
                    trajectories.put(r.variant, List.copyOf(r.trajectory));
                }
            }
        }
        return new Result(total, trajectories);
    }

    /** One variant's training: a {@link TrainingLoop} in segments of evalEvery steps, and what it records. */
    private final class Run implements TrainingLoop.Recorder<Position> {
        final Variant variant;
        final List<String> key;
        final ImageDataSetIterator test;
        final TrajectoryListener listener;
        final long total;
        final TrainingLoop<Position> loop;
        /** The trajectory records this attempt wrote to the metrics, as it wrote them. */
        final List<TrajectoryRecord> trajectory = new ArrayList<>();
        /**
         * Whether an earlier attempt of the run wrote rows of this variant (its first row is the test accuracy at
         * step 0): then its records are partly those of that attempt.
         */
        final boolean continued;

        Run(Variant variant, ImageDataSetIterator test, TrajectoryListener listener) {
            this.variant = variant;
            this.key = List.of(variant.id());
            this.continued = metrics.has(key, 0, "", "test_accuracy");
            this.test = test;
            this.listener = listener;
            ImageDataSetIterator train = data.trainIterator(settings.batch(), settings.seed(),
                    ImageDataSetIterator.Layout.NCHW, settings.batchLimit(), settings.recipe().augmentation());
            this.total = (long) train.batchesPerPass() * settings.epochs();
            this.loop = new TrainingLoop<>(variant.id(), checkpoint(variant), model(variant), STATE_KEY,
                    Position.class, Position::step, train, settings.evalEvery(), total, new TrainingLoop.Observer() {
                        @Override
                        public void checkpointWritten(String name, long units) {
                            observer.checkpointWritten(variant, loop.step());
                        }
                    });
        }

        void start() {
            Position found = loop.start(() -> initial(variant), this);
            if (found != null && Files.exists(model(variant))) {
                log.info("{}: trained model found ({} steps), not training again", variant.id(), found.step());
            } else if (found != null) {
                log.info("{}: resuming from the checkpoint after step {}", variant.id(), found.step());
            }
        }

        @Override
        public void resumed(Position position) {
            if (!position.variant().equals(variant.id())) {
                throw new IllegalStateException(checkpoint(variant) + " holds variant " + position.variant());
            }
        }

        @Override
        public Position record(MultiLayerNetwork net, TrainingLoop.Unit unit) {
            long step = unit.step();
            double trainLoss = unit.steps() > 0 ? unit.meanLoss() : Double.NaN;
            double stepMs = unit.fitMillisPerStep();
            Accuracy onTest = Accuracy.of(net, test);
            metrics.append(key, step, "", "test_accuracy", onTest.accuracy());
            metrics.append(key, step, "", "test_loss", onTest.loss());
            if (unit.steps() > 0) {
                metrics.append(key, step, "", "train_loss", trainLoss);
                metrics.append(key, step, "", "step_ms", stepMs);
            }
            log.info("{} step {}: test accuracy {}, train loss {}, {} ms/step", variant.id(), step,
                    String.format(Locale.ROOT, "%.4f", onTest.accuracy()),
                    String.format(Locale.ROOT, "%.4f", trainLoss), String.format(Locale.ROOT, "%.1f", stepMs));
            if (step % settings.probeEvery() == 0 || step == total) {
                for (TrajectoryRecord r : listener.measure(net)) {
                    if (metrics.append(key, step, r.name(), r.metric().id(), r.value())) {
                        trajectory.add(new TrajectoryRecord(step, r.epoch(), r.layer(), r.name(), r.type(),
                                r.metric(), r.value()));
                    }
                }
            }
            return new Position(variant.id(), step);
        }

        void finish() {
            if (!metrics.has(key, total, "", "inference_ms_per_example")) {
                metrics.append(key, total, "", "inference_ms_per_example", inferenceMsPerExample(loop.network()));
            }
            loop.finish();
        }

        private double inferenceMsPerExample(MultiLayerNetwork network) {
            ImageDataSetIterator batches = data.evalIterator(data.test(), settings.inferenceBatch(),
                    ImageDataSetIterator.Layout.NCHW);
            INDArray features = batches.next().getFeatures();
            network.output(features, false);
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < INFERENCE_REPEATS; i++) {
                long t0 = System.nanoTime();
                network.output(features, false);
                ms.add((System.nanoTime() - t0) / 1e6 / features.size(0));
            }
            ms.sort(null);
            return ms.get(ms.size() / 2);
        }
    }

    /**
     * A variant's trajectory records as written to the metrics rows (by this and earlier attempts of a resumed run),
     * with each layer's index and type taken from {@code layout} (records of the same network). Only a resumed run
     * reads them back: a run from the start keeps the records it writes.
     */
    static List<TrajectoryRecord> trajectoryFromRows(List<MetricsCsv.Row> rows, Variant variant,
                                                     List<TrajectoryRecord> layout) {
        Map<String, TrajectoryRecord> byName = new LinkedHashMap<>();
        for (TrajectoryRecord r : layout) {
            byName.putIfAbsent(r.name(), r);
        }
        List<TrajectoryRecord> out = new ArrayList<>();
        for (MetricsCsv.Row row : rows) {
            if (!row.run().get(0).equals(variant.id()) || row.layer().isEmpty()) {
                continue;
            }
            TrajectoryRecord template = byName.get(row.layer());
            TrajectoryMetric metric;
            try {
                metric = TrajectoryMetric.fromId(row.metric());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (template != null) {
                out.add(new TrajectoryRecord(row.step(), 0, template.layer(), template.name(), template.type(), metric,
                        row.value()));
            }
        }
        return out;
    }
}
