package org.expressivity4j.trainers.bench.trajreg;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.trainers.models.Architectures.Normalization;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.shared.Timings;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The cost of trajectory regularization against batch norm (Raghu et al. 2017, Section 3.3 and Fig. 11: "trajectory
 * regularization achieves the same performance as batch norm, albeit with slightly more train time"): one training
 * step and inference of the paper's CIFAR-10 conv net ({@link Architectures#cifarConvNet}) with no normalization,
 * with batch norm (bn1..bn4) and with trajectory regularization (tr1..tr4) in the same places.
 *
 * <p>The three networks are built once from the same seed. Each round times, for every variant in turn (the order
 * rotates from round to round so that a drifting machine load favours none), {@code steps} training steps ({@code
 * fit} on one fixed minibatch of random images: forward, backward, update) and as many inference passes ({@code
 * output}) over the same minibatch. Untimed warm-up rounds of the same alternation come first: the networks share DL4J's
 * per-thread workspaces, which grow while they alternate, and the JIT and oneDNN need their first calls. Figures are
 * per-round means; medians over rounds summarize them.
 *
 * <p>A whole step is dominated by the convolutions, and on a shared machine its time varies by more than the
 * normalization layers cost; so the benchmark also times the layers themselves, inside DL4J's own forward and
 * backward passes (workspaces included): for each of the four normalization positions, a network made of the
 * normalization layer and an MSE loss on activations of that position's shape, against the loss alone. The layer's
 * cost is the difference of the two, per {@code computeGradientAndScore} (forward and backward: what a training step
 * does apart from the update, which for these few per-channel parameters is negligible; {@code fit} itself skips a
 * network without parameters, so it cannot time the loss alone) and per inference pass ({@code output}), paired
 * within each round.
 */
public final class TrajectoryRegularizationBenchmark {

    /** The variants, in the order of the first round. */
    public static final List<Normalization> VARIANTS = List.of(Normalization.NONE, Normalization.BATCH_NORM,
            Normalization.TRAJECTORY_REGULARIZATION);

    /**
     * What to measure.
     *
     * @param rounds  rounds, each timing every variant
     * @param steps   training steps (and inference passes) per variant and round
     * @param batch   minibatch size
     * @param width   the conv net's width multiplier (1: the paper's net, 3.7 M parameters)
     * @param warmup  untimed rounds before the timed ones (each: one step and one inference per variant)
     * @param layerFits forward-backward passes per timing of a normalization layer alone (0: skip that part)
     */
    public record Settings(int rounds, int steps, int batch, double width, int warmup, int layerFits) {
        public Settings {
            if (rounds < 1 || steps < 1 || batch < 2 || !(width > 0) || warmup < 0 || layerFits < 0) {
                throw new IllegalArgumentException("rounds and steps must be positive, batch at least 2, width "
                        + "positive, warm-up and layer fits non-negative");
            }
        }
    }

    /**
     * The cost of one normalization layer alone, per training step.
     *
     * @param position  bn1..bn4 (tr1..tr4): after c2, c5, fc1, fc2
     * @param shape     the activations' shape, e.g. [128, 64, 32, 32]
     * @param variant   batch norm or trajectory regularization
     * @param ms        per round: milliseconds per forward-backward pass of [layer, loss] minus those of [loss] in the
     *                  same round
     * @param inferenceMs per round: the same for an inference pass ({@code output})
     */
    public record LayerCost(int position, String shape, Normalization variant, List<Double> ms,
                            List<Double> inferenceMs) {
        public double medianMs() {
            return Timings.median(ms);
        }

        public double medianInferenceMs() {
            return Timings.median(inferenceMs);
        }
    }

    /**
     * The timings of one variant.
     *
     * @param variant                where the net normalizes
     * @param stepMs                 per round: mean milliseconds per training step
     * @param inferenceMsPerExample  per round: mean milliseconds of {@code output} divided by the batch size
     */
    public record Timing(Normalization variant, List<Double> stepMs, List<Double> inferenceMsPerExample) {
        public double medianStepMs() {
            return Timings.median(stepMs);
        }

        public double medianInferenceMsPerExample() {
            return Timings.median(inferenceMsPerExample);
        }
    }

    /** All timings (layer costs empty when not measured), with the settings and the JVM's garbage collectors. */
    public record Result(List<Timing> timings, List<LayerCost> layerCosts, Settings settings,
                         String garbageCollectors) {
        public Timing timing(Normalization variant) {
            return timings.stream().filter(t -> t.variant() == variant).findFirst().orElseThrow();
        }

        /** The cost of a variant's layer at a position (1..4). */
        public LayerCost layerCost(Normalization variant, int position) {
            return layerCosts.stream().filter(c -> c.variant() == variant && c.position() == position).findFirst()
                    .orElseThrow();
        }

        /** The summed median cost of a variant's four layers alone, ms per forward-backward pass. */
        public double layerCostMs(Normalization variant) {
            return layerCosts.stream().filter(c -> c.variant() == variant).mapToDouble(LayerCost::medianMs).sum();
        }

        /** The summed median cost of a variant's four layers alone, ms per inference pass. */
        public double layerInferenceMs(Normalization variant) {
            return layerCosts.stream().filter(c -> c.variant() == variant).mapToDouble(LayerCost::medianInferenceMs)
                    .sum();
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
        long units = (long) VARIANTS.size() * (settings.warmup() * 2L + settings.rounds() * 2L * settings.steps());
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
                    for (int i = 0; i < settings.steps(); i++) {
                        INDArray out = net.output(data.getFeatures());
                        if (out.size(0) != settings.batch()) {
                            throw new IllegalStateException("unexpected output shape " + out.shapeInfoToString());
                        }
                    }
                    double ms = Timings.secondsSince(start) * 1000 / settings.steps();
                    inference.get(variant).add(ms / settings.batch());
                    progress.advance(2L * settings.steps());
                }
            }
        }
        List<Timing> timings = new ArrayList<>();
        for (Normalization variant : VARIANTS) {
            timings.add(new Timing(variant, List.copyOf(steps.get(variant)), List.copyOf(inference.get(variant))));
        }
        nets.clear();
        List<LayerCost> layerCosts = settings.layerFits() > 0 ? layerCosts(settings, seed) : List.of();
        return new Result(timings, layerCosts, settings, Timings.garbageCollectors());
    }

    /** Times each normalization layer alone at each position (see the class documentation). */
    private static List<LayerCost> layerCosts(Settings settings, long seed) {
        MultiLayerConfiguration withBatchNorm = Architectures.cifarConvNet(settings.width(), Normalization.BATCH_NORM,
                2.0, new Sgd(0.01), seed);
        List<InputType> types = withBatchNorm.getLayerActivationTypes(Architectures.CIFAR_INPUT);
        List<LayerCost> costs = new ArrayList<>();
        int position = 0;
        for (int i = 0; i < types.size(); i++) {
            if (!(withBatchNorm.getConf(i).getLayer() instanceof BatchNormalization)) {
                continue;
            }
            position++;
            InputType type = types.get(i);
            long[] shape = type.getShape(true);
            shape[0] = settings.batch();
            DataSet data = data(seed + position, shape);
            Map<Normalization, MultiLayerNetwork> nets = new EnumMap<>(Normalization.class);
            Map<Normalization, List<Double>> train = new EnumMap<>(Normalization.class);
            Map<Normalization, List<Double>> infer = new EnumMap<>(Normalization.class);
            for (Normalization variant : VARIANTS) {
                nets.put(variant, lossNet(variant.layer(position), type, seed));
                train.put(variant, new ArrayList<>());
                infer.put(variant, new ArrayList<>());
            }
            for (int round = -1; round < settings.rounds(); round++) {
                Map<Normalization, Double> t = new EnumMap<>(Normalization.class);
                Map<Normalization, Double> o = new EnumMap<>(Normalization.class);
                for (int k = 0; k < VARIANTS.size(); k++) {
                    Normalization variant = VARIANTS.get((Math.max(round, 0) + k) % VARIANTS.size());
                    MultiLayerNetwork net = nets.get(variant);
                    long start = System.nanoTime();
                    for (int f = 0; f < settings.layerFits(); f++) {
                        net.setInput(data.getFeatures());
                        net.setLabels(data.getLabels());
                        net.computeGradientAndScore();
                    }
                    t.put(variant, Timings.secondsSince(start) * 1000 / settings.layerFits());
                    start = System.nanoTime();
                    for (int f = 0; f < settings.layerFits(); f++) {
                        net.output(data.getFeatures());
                    }
                    o.put(variant, Timings.secondsSince(start) * 1000 / settings.layerFits());
                }
                if (round >= 0) {
                    for (Normalization variant : VARIANTS) {
                        train.get(variant).add(t.get(variant) - t.get(Normalization.NONE));
                        infer.get(variant).add(o.get(variant) - o.get(Normalization.NONE));
                    }
                }
            }
            for (Normalization variant : VARIANTS.subList(1, VARIANTS.size())) {
                costs.add(new LayerCost(position, java.util.Arrays.toString(shape), variant,
                        List.copyOf(train.get(variant)), List.copyOf(infer.get(variant))));
            }
        }
        return costs;
    }

    /** The layer (none: nothing) followed by an MSE loss on activations of the given type. */
    private static MultiLayerNetwork lossNet(Layer layer, InputType type, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(new Sgd(0.01)).list();
        if (layer != null) {
            list.layer(layer);
        }
        list.layer(type.getType() == InputType.Type.CNN
                ? new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build()
                : new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build());
        list.setInputType(type);
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** Random activations (uniform in [0, 1), like relu outputs) and random regression targets of one shape. */
    private static DataSet data(long seed, long[] shape) {
        Nd4j.getRandom().setSeed(seed);
        return new DataSet(Nd4j.rand(DataType.FLOAT, shape), Nd4j.rand(DataType.FLOAT, shape));
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
