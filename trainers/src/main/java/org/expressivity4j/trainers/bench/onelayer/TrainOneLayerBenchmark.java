package org.expressivity4j.trainers.bench.onelayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.datasets.ChannelStats;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.expressivity4j.datasets.LocatedDataset;
import org.expressivity4j.trainers.bench.TorchPeer;
import org.expressivity4j.trainers.figures.onelayer.TrainOneLayerExperiment;
import org.expressivity4j.trainers.figures.onelayer.TrainOneLayerSettings;
import org.expressivity4j.trainers.run.Manifest;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.run.RunDirectory;
import org.expressivity4j.trainers.shared.Timings;
import org.expressivity4j.trainers.training.ActivationCaching;
import org.expressivity4j.trainers.training.TrainingData;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Train-one-layer (Raghu et al. 2017, Fig. 7) on MNIST three ways, side by side: this project's experiment with the
 * cache of the frozen layers' outputs (the default), the same without it (the whole network every step, as before
 * the cache), and a PyTorch script that does what a PyTorch user would ({@code bench/torch_train_one_layer.py}:
 * {@code requires_grad = False} on the other layers, the whole network run every step). All three start from the
 * same weights and see the same examples in the same order, and measure train and test accuracy after every epoch.
 * Rounds alternate the three, so that drifts of a shared machine hit them alike; the times compared are medians over
 * rounds of each run's wall time (training and measurement, the data already in memory; the project's runs also
 * write their checkpoints and metrics, as the command does). An untimed short run of each of the project's ways
 * comes first, so that the JVM's compilation of the hot code is not timed (a long run pays it once).
 */
public final class TrainOneLayerBenchmark {

    private static final Logger log = LoggerFactory.getLogger(TrainOneLayerBenchmark.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The three ways. */
    public enum Way {
        /** This project, caching the frozen layers' outputs. */
        CACHED("expressivity4j, cached"),
        /** This project with --no-cache: the whole network every step. */
        WHOLE("expressivity4j, --no-cache"),
        /** The PyTorch script. */
        TORCH("PyTorch, whole network");

        private final String label;

        Way(String label) {
            this.label = label;
        }

        /** How the summary names it. */
        public String label() {
            return label;
        }

        /** The metrics column value. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What to run.
     *
     * @param experiment the experiment's settings (layers, epochs, batch, data subsets)
     * @param rounds     rounds, each running every way once
     * @param ways       the ways to run (PyTorch is left out when {@code torch} is null or cannot run)
     * @param torch      the PyTorch peer, or null
     */
    public record Settings(TrainOneLayerSettings experiment, int rounds, List<Way> ways, TorchPeer torch) {
        public Settings {
            Objects.requireNonNull(experiment, "experiment");
            ways = List.copyOf(ways);
            if (rounds < 1 || ways.isEmpty()) {
                throw new IllegalArgumentException("at least one round and one way");
            }
        }
    }

    /**
     * One run.
     *
     * @param way      which way
     * @param round    1-based
     * @param seconds  its wall time
     * @param cpuSeconds the CPU time its process spent meanwhile (all its threads): unlike the wall time, not
     *                 lengthened by other work on a shared machine
     * @param epochs   per trained layer and epoch, in order: train loss, train accuracy, test accuracy, test loss
     *                 (losses NaN for the project's runs, whose losses are in their own run folders)
     * @param firstBatchLoss PyTorch's loss on the first batch under the initial weights (NaN for the project's runs)
     */
    public record Run(Way way, int round, double seconds, double cpuSeconds, List<double[]> epochs,
                      double firstBatchLoss) {
    }

    /**
     * The measurements.
     *
     * @param settings      what ran
     * @param runs          every run, in the order run
     * @param torchVersion  PyTorch's version, or null
     * @param torchMissing  why PyTorch did not run, or null
     * @param firstBatchLoss DL4J's loss on the first training batch under the initial weights, to compare with
     *                       PyTorch's: the same weights, inputs and labels give the same loss to float rounding
     */
    public record Result(Settings settings, List<Run> runs, String torchVersion, String torchMissing,
                         double firstBatchLoss) {

        /** The median wall time of {@code way}'s runs (NaN if it did not run). */
        public double medianSeconds(Way way) {
            List<Double> s = runs.stream().filter(r -> r.way() == way).map(Run::seconds).toList();
            return s.isEmpty() ? Double.NaN : Timings.median(s);
        }

        /** The median CPU time of {@code way}'s runs (NaN if it did not run). */
        public double medianCpuSeconds(Way way) {
            List<Double> s = runs.stream().filter(r -> r.way() == way).map(Run::cpuSeconds).toList();
            return s.isEmpty() ? Double.NaN : Timings.median(s);
        }

        /** The last run of {@code way}, if any. */
        public java.util.Optional<Run> last(Way way) {
            return runs.stream().filter(r -> r.way() == way).reduce((a, b) -> b);
        }
    }

    /** Runs the rounds; the project's runs write their run folders under {@code folder}/rounds. */
    public Result run(Settings s, TrainingData data, LocatedDataset mnist, TrainingData.Selection selection,
                      RunContext context) {
        List<Way> ways = new ArrayList<>(s.ways());
        String missing = null;
        if (ways.contains(Way.TORCH)) {
            missing = s.torch() == null ? "not requested (--no-torch)" : s.torch().problem();
            if (missing != null) {
                ways.remove(Way.TORCH);
                log.warn("PyTorch not run: {}", missing);
            }
        }
        Path inputs = context.run().folder().resolve("torch-inputs");
        if (ways.contains(Way.TORCH)) {
            writeTorchInputs(inputs, s.experiment(), data, mnist, selection, context.seed());
        }
        warmUp(s.experiment(), data, context, ways);
        List<Run> runs = new ArrayList<>();
        String version = null;
        try (Progress progress = Progress.start("bench train-one-layer", (long) s.rounds() * ways.size(), "runs")) {
            for (int round = 1; round <= s.rounds(); round++) {
                for (Way way : ways) {
                    Run r;
                    if (way == Way.TORCH) {
                        // one process per layer, as the project trains one network per layer; the times add up
                        double seconds = 0;
                        double cpu = 0;
                        double first = Double.NaN;
                        List<double[]> epochs = new ArrayList<>();
                        for (String layer : s.experiment().layers()) {
                            int trained = TrainOneLayerExperiment.layerNames(s.experiment().hiddenLayers())
                                    .indexOf(layer);
                            JsonNode out = s.torch().run(List.of("--inputs", inputs.toString(), "--trained",
                                    Integer.toString(trained), "--threads", "1"), 1);
                            version = out.path("torch").asText("?");
                            seconds += out.path("seconds").asDouble(Double.NaN);
                            cpu += out.path("cpu_seconds").asDouble(Double.NaN);
                            if (Double.isNaN(first)) {
                                first = out.path("first_batch_loss").asDouble(Double.NaN);
                            }
                            for (JsonNode e : out.path("epochs")) {
                                epochs.add(new double[] {e.path("train_loss").asDouble(),
                                        e.path("train_accuracy").asDouble(), e.path("test_accuracy").asDouble(),
                                        e.path("test_loss").asDouble()});
                            }
                        }
                        r = new Run(way, round, seconds, cpu, epochs, first);
                    } else {
                        r = runProject(way, round, s.experiment(), data, context);
                    }
                    log.info("round {}: {} {} s ({} s CPU)", round, way.label(), String.format(java.util.Locale.ROOT,
                            "%.1f", r.seconds()), String.format(java.util.Locale.ROOT, "%.1f", r.cpuSeconds()));
                    runs.add(r);
                    progress.advance(1);
                }
            }
        }
        return new Result(s, runs, version, missing, firstBatchLoss(s.experiment(), data, context.seed()));
    }

    /** CPU time of this process, all threads, in nanoseconds (NaN-free: -1 where the JVM cannot tell). */
    static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /** The initial network's loss on the first batch of the first epoch. */
    static double firstBatchLoss(TrainOneLayerSettings s, TrainingData data, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(TrainOneLayerExperiment.network(s, data, seed));
        net.init();
        return net.score(data.trainIterator(s.batchSize(), seed, ImageDataSetIterator.Layout.FLAT, s.batchLimit())
                .next(), false);
    }

    /**
     * An untimed short run of each of the project's ways first (one layer, 50 batches), so that the timed runs do
     * not pay for compiling the JVM's hot code: a long experiment pays it once.
     */
    private static void warmUp(TrainOneLayerSettings s, TrainingData data, RunContext context, List<Way> ways) {
        TrainOneLayerSettings small = s.withLayers(List.of(s.layers().get(0))).withEpochs(1).withBatchLimit(50);
        for (Way way : ways) {
            if (way != Way.TORCH) {
                runProject(way, 0, "warm-up-" + way.id(), small, data, context);
            }
        }
    }

    private static Run runProject(Way way, int round, TrainOneLayerSettings s, TrainingData data,
                                  RunContext context) {
        return runProject(way, round, round + "-" + way.id(), s, data, context);
    }

    private static Run runProject(Way way, int round, String name, TrainOneLayerSettings s, TrainingData data,
                                  RunContext context) {
        Path folder = context.run().folder().resolve("rounds").resolve(name);
        Manifest manifest = new Manifest("train-one-layer", List.of("train-one-layer"), Map.of(), context.seed(),
                false, Map.of(), Map.of(), RunDirectory.now(), null, "running", null, null, null);
        RunContext inner = new RunContext(RunDirectory.create(folder, manifest), context.seed(), false,
                context.data(), false);
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        TrainOneLayerExperiment.Result r = new TrainOneLayerExperiment(way == Way.CACHED
                ? ActivationCaching.withFreeMemory() : ActivationCaching.OFF).run(inner, s, data);
        double seconds = Timings.secondsSince(start);
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        List<double[]> epochs = new ArrayList<>();
        for (TrainOneLayerExperiment.LayerResult layer : r.layers()) {
            for (int e = 1; e < layer.trainAccuracy().length; e++) {
                epochs.add(new double[] {Double.NaN, layer.trainAccuracy()[e], layer.testAccuracy()[e], Double.NaN});
            }
        }
        return new Run(way, round, seconds, cpu, epochs, Double.NaN);
    }

    /**
     * The PyTorch script's inputs: meta.json (file paths, standardization, sizes, trained layer, training settings),
     * the selected examples (train.bin, test.bin: indices into the files; train_eval.bin: into the selected training
     * examples), the batch order of every epoch (order.bin) and the initial weights (weights.bin, each layer's W as
     * [in, out] in C order, then b), all little-endian.
     */
    static void writeTorchInputs(Path folder, TrainOneLayerSettings s, TrainingData data, LocatedDataset mnist,
                                 TrainingData.Selection selection, long seed) {
        try {
            Files.createDirectories(folder);
            MultiLayerNetwork net = new MultiLayerNetwork(TrainOneLayerExperiment.network(s, data, seed));
            net.init();
            List<Integer> sizes = new ArrayList<>();
            sizes.add(data.train().featureSize());
            List<float[]> weights = new ArrayList<>();
            for (Layer layer : net.getLayers()) {
                INDArray w = layer.getParam("W");
                sizes.add((int) w.size(1));
                weights.add(w.dup('c').castTo(DataType.FLOAT).data().asFloat());
                weights.add(layer.getParam("b").dup('c').castTo(DataType.FLOAT).data().asFloat());
            }
            writeFloats(folder.resolve("weights.bin"), weights);
            writeInts(folder.resolve("train.bin"), selection.train());
            writeInts(folder.resolve("test.bin"), selection.test());
            writeInts(folder.resolve("train_eval.bin"), selection.trainEval());
            ImageDataSetIterator order = data.trainIterator(s.batchSize(), seed, ImageDataSetIterator.Layout.FLAT,
                    s.batchLimit());
            int[] all = new int[s.epochs() * data.train().count()];
            for (int e = 0; e < s.epochs(); e++) {
                System.arraycopy(order.passOrder(e), 0, all, e * data.train().count(), data.train().count());
            }
            writeInts(folder.resolve("order.bin"), all);
            ChannelStats stats = data.stats();
            Map<String, Object> meta = new LinkedHashMap<>();
            Map<String, String> files = new LinkedHashMap<>();
            files.put("train_images", file(mnist, "train-images-idx3-ubyte"));
            files.put("train_labels", file(mnist, "train-labels-idx1-ubyte"));
            files.put("test_images", file(mnist, "t10k-images-idx3-ubyte"));
            files.put("test_labels", file(mnist, "t10k-labels-idx1-ubyte"));
            meta.put("files", files);
            // as ImageDataSetIterator: value = pixel * scale - shift, in float32
            meta.put("scale", (double) (float) (1.0 / (255.0 * stats.std()[0])));
            meta.put("shift", (double) (float) (stats.mean()[0] / stats.std()[0]));
            meta.put("sizes", sizes);
            meta.put("epochs", s.epochs());
            meta.put("batch", s.batchSize());
            meta.put("batch_limit", s.batchLimit());
            meta.put("learning_rate", s.learningRate());
            Files.writeString(folder.resolve("meta.json"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(meta));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PyTorch inputs into " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String file(LocatedDataset mnist, String name) {
        Path p = mnist.files().get(name);
        if (p == null) {
            throw new IllegalStateException("MNIST's " + name + " is not a file of its own (found in "
                    + mnist.location() + ")");
        }
        return p.toAbsolutePath().toString();
    }

    private static void writeInts(Path file, int[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        Files.write(file, b.array());
    }

    private static void writeFloats(Path file, List<float[]> arrays) throws IOException {
        int n = arrays.stream().mapToInt(a -> a.length).sum();
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] a : arrays) {
            for (float v : a) {
                b.putFloat(v);
            }
        }
        Files.write(file, b.array());
    }
}
