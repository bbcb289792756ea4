package org.expressivity4j.trainers.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.models.Architectures.Normalization;
import org.expressivity4j.trainers.report.Progress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The cost of trajectory regularization against batch norm (Raghu et al. 2017, Section 3.3 and Fig. 11: "trajectory
 * regularization achieves the same performance as batch norm, albeit with slightly more train time"): one training
 * step and inference of the paper's CIFAR-10 conv net ({@link Architectures#cifarConvNet}) with no normalization,
 * with batch norm (bn1..bn4) and with trajectory regularization (tr1..tr4) in the same places.
 *
 * <p>The three networks are built once from the same seed. Each round times, for every variant in turn (the order
 * rotates from round to round so that a drifting machine load favours none), {@code steps} training steps ({@code
 * fit} on one fixed minibatch of random images: forward, backward, update) and one inference pass ({@code output})
 * over the same minibatch. Untimed warm-up rounds of the same alternation come first: the networks share DL4J's
 * per-thread workspaces, which grow while they alternate, and the JIT and oneDNN need their first calls. Figures are
 * per-round means; medians over rounds summarize them.
 */
public final class TrajectoryRegularizationBenchmark {

    /** The variants, in the order of the first round. */
    public static final List<Normalization> VARIANTS = List.of(Normalization.NONE, Normalization.BATCH_NORM,
            Normalization.TRAJECTORY_REGULARIZATION);

    /**
     * What to measure.
     *
     * @param rounds  rounds, each timing every variant
     * @param steps   training steps per variant and round
     * @param batch   minibatch size
     * @param width   the conv net's width multiplier (1: the paper's net, 3.7 M parameters)
     * @param warmup  untimed rounds before the timed ones (each: one step and one inference per variant)
     */
    public record Settings(int rounds, int steps, int batch, double width, int warmup) {
        public Settings {
            if (rounds < 1 || steps < 1 || batch < 2 || !(width > 0) || warmup < 0) {
                throw new IllegalArgumentException("rounds and steps must be positive, batch at least 2, width "
                        + "positive, warm-up non-negative");
            }
        }
    }

    /**
     * The timings of one variant.
     *
     * @param variant                where the net normalizes
     * @param stepMs                 per round: mean milliseconds per training step
     * @param inferenceMsPerExample  per round: milliseconds of {@code output} divided by the batch size
     */
    public record Timing(Normalization variant, List<Double> stepMs, List<Double> inferenceMsPerExample) {
        public double medianStepMs() {
            return Timings.median(stepMs);
        }

        public double medianInferenceMsPerExample() {
            return Timings.median(inferenceMsPerExample);
        }
    }

    /** All timings, with the settings and the JVM's garbage collectors. */
    public record Result(List<Timing> timings, Settings settings, String garbageCollectors) {
        public Timing timing(Normalization variant) {
            return timings.stream().filter(t -> t.variant() == variant).findFirst().orElseThrow();
        }

        /** Median step time of {@code a} over that of {@code b}. */
        public double stepRatio(Normalization a, Normalization b) {
            return timing(a).medianStepMs() / timing(b).medianStepMs();
        }

        /** Median inference time of {@code a} over that of {@code b}. */
        public double inferenceRatio(Normalization a, Normalization b) {
            return timing(a).medianInferenceMsPerExample() / timing(b).medianInferenceMsPerExample();
        }
    }

    /** Runs the benchmark in the current native-backend configuration. */
    public Result run(Settings settings, long seed) {
        DataSet data = data(seed, settings.batch());
        Map<Normalization, MultiLayerNetwork> nets = new EnumMap<>(Normalization.class);
        Map<Normalization, List<Double>> steps = new EnumMap<>(Normalization.class);
        Map<Normalization, List<Double>> inference = new EnumMap<>(Normalization.class);
        for (Normalization variant : VARIANTS) {
            MultiLayerNetwork net = new MultiLayerNetwork(Architectures.cifarConvNet(settings.width(), variant, 2.0,
                    new Sgd(0.01), seed));
            net.init();
            nets.put(variant, net);
            steps.put(variant, new ArrayList<>());
            inference.put(variant, new ArrayList<>());
        }
        long units = (long) VARIANTS.size() * (settings.warmup() * 2L + settings.rounds() * (settings.steps() + 1L));
        try (Progress progress = Progress.start("bench trajreg-step", units, "steps")) {
            for (int round = 0; round < settings.warmup(); round++) {
                for (Normalization variant : VARIANTS) {
                    nets.get(variant).fit(data);
                    nets.get(variant).output(data.getFeatures());
                    progress.advance(2);
                }
            }
            for (int round = 0; round < settings.rounds(); round++) {
                for (int k = 0; k < VARIANTS.size(); k++) {
                    Normalization variant = VARIANTS.get((round + k) % VARIANTS.size());
                    MultiLayerNetwork net = nets.get(variant);
                    long start = System.nanoTime();
                    for (int i = 0; i < settings.steps(); i++) {
                        net.fit(data);
                    }
                    steps.get(variant).add(Timings.secondsSince(start) * 1000 / settings.steps());
                    start = System.nanoTime();
                    INDArray out = net.output(data.getFeatures());
                    double ms = Timings.secondsSince(start) * 1000;
                    if (out.size(0) != settings.batch()) {
                        throw new IllegalStateException("unexpected output shape " + out.shapeInfoToString());
                    }
                    inference.get(variant).add(ms / settings.batch());
                    progress.advance(settings.steps() + 1L);
                }
            }
        }
        List<Timing> timings = new ArrayList<>();
        for (Normalization variant : VARIANTS) {
            timings.add(new Timing(variant, List.copyOf(steps.get(variant)), List.copyOf(inference.get(variant))));
        }
        return new Result(timings, settings, Timings.garbageCollectors());
    }

    /** A fixed minibatch of random images (uniform in [0, 1)) with labels cycling over the 10 classes. */
    private static DataSet data(long seed, int batch) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(DataType.FLOAT, batch, 3, 32, 32);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        return new DataSet(features, labels);
    }
}
