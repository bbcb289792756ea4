package org.expressivity4j.trainers.bench.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.trainers.bench.TorchPeer;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.shared.Timings;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Training-step time of the paper's two network families under native-backend configurations, measured side by
 * side in one JVM: the MNIST MLP (784, 8 hidden layers of 100 hard tanh, 10; batch 128) with 1 and 2 native
 * threads, and the CIFAR-10 conv net with oneDNN helpers on (1 and 2 threads) and off; and the same two networks in
 * PyTorch ({@code bench/torch_backend.py}, in a subprocess: the MLP on 1 thread, the conv net on all cores).
 * Configurations alternate within each round so that drifts of a noisy machine hit all of them alike; each round
 * builds fresh networks (helpers are chosen when a layer is created) from the same seed and times steps after a
 * warm-up. Every step is plain SGD on a fixed random batch.
 */
public final class BackendBenchmark {

    /**
     * What to measure.
     *
     * @param torch the PyTorch peer, or null for DL4J alone
     */
    public record Settings(int rounds, int mlpSteps, int convSteps, int convBatch, double convWidth,
                           boolean includeHelpersOff, TorchPeer torch) {
        public Settings {
            if (rounds < 1 || mlpSteps < 1 || convSteps < 1 || convBatch < 1 || !(convWidth > 0)) {
                throw new IllegalArgumentException("rounds, steps and batch must be positive");
            }
        }
    }

    /**
     * One configuration.
     *
     * @param impl    {@code dl4j} or {@code torch}
     * @param net     {@code mlp} or {@code conv}
     * @param threads native threads
     * @param helpers DL4J's oneDNN helpers (always true for PyTorch, which uses oneDNN itself)
     */
    public record Config(String impl, String net, int threads, boolean helpers) {
        public String label() {
            return impl.equals("torch")
                    ? String.format(Locale.ROOT, "PyTorch %s, %d thread%s", net, threads, threads == 1 ? "" : "s")
                    : String.format(Locale.ROOT, "%s, %d thread%s, helpers %s", net, threads,
                            threads == 1 ? "" : "s", helpers ? "on" : "off");
        }
    }

    /**
     * Milliseconds per training step for one configuration: the per-round means of the wall time and of the CPU
     * time its process spent (all threads; unlike the wall time, not lengthened by other work on a shared machine,
     * and the sum over threads where there are several).
     */
    public record Timing(Config config, List<Double> roundMs, List<Double> roundCpuMs) {
        public double medianMs() {
            return Timings.median(roundMs);
        }

        public double medianCpuMs() {
            return Timings.median(roundCpuMs);
        }
    }

    /**
     * All timings, with the JVM's garbage collectors (which only a separate run can change).
     *
     * @param convParameters parameters of the conv net
     * @param torchVersion   PyTorch's version, or null
     * @param torchMissing   why PyTorch was not run, or null
     */
    public record Result(List<Timing> timings, int mlpBatch, int convBatch, String garbageCollectors,
                         long convParameters, String torchVersion, String torchMissing) {
        public Timing timing(Config config) {
            return timings.stream().filter(t -> t.config().equals(config)).findFirst().orElseThrow();
        }

        /** DL4J's median step time over PyTorch's for {@code net} on {@code threads} threads (NaN if either lacks). */
        public double ratioToTorch(String net, int threads) {
            Optional<Timing> dl4j = timings.stream().filter(t -> t.config().equals(new Config("dl4j", net, threads,
                    true))).findFirst();
            Optional<Timing> torch = timings.stream().filter(t -> t.config().impl().equals("torch")
                    && t.config().net().equals(net) && t.config().threads() == threads).findFirst();
            return dl4j.isPresent() && torch.isPresent() ? dl4j.get().medianMs() / torch.get().medianMs()
                    : Double.NaN;
        }

        /** As {@link #ratioToTorch} for the CPU times. */
        public double cpuRatioToTorch(String net, int threads) {
            Optional<Timing> dl4j = timings.stream().filter(t -> t.config().equals(new Config("dl4j", net, threads,
                    true))).findFirst();
            Optional<Timing> torch = timings.stream().filter(t -> t.config().impl().equals("torch")
                    && t.config().net().equals(net) && t.config().threads() == threads).findFirst();
            return dl4j.isPresent() && torch.isPresent() ? dl4j.get().medianCpuMs() / torch.get().medianCpuMs()
                    : Double.NaN;
        }
    }

    public static final int MLP_BATCH = 128;
    static final int MLP_HIDDEN = 8;
    static final int MLP_WIDTH = 100;

    /** Runs the benchmark; restores the default backend settings afterwards. */
    public Result run(Settings settings, long seed) {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Config> configs = new ArrayList<>();
        configs.add(new Config("dl4j", "mlp", 1, true));
        if (cores > 1) {
            configs.add(new Config("dl4j", "mlp", cores, true));
        }
        configs.add(new Config("dl4j", "conv", cores, true));
        if (cores > 1) {
            configs.add(new Config("dl4j", "conv", 1, true));
        }
        if (settings.includeHelpersOff()) {
            configs.add(new Config("dl4j", "conv", cores, false));
        }
        String torchMissing = settings.torch() == null ? "not requested (--no-torch)" : settings.torch().problem();
        String torchVersion = null;
        if (torchMissing == null) {
            configs.add(new Config("torch", "mlp", 1, true));
            configs.add(new Config("torch", "conv", cores, true));
        }
        Architectures.ConvSizes sizes = Architectures.ConvSizes.SVCCA;
        MultiLayerNetwork probe = new MultiLayerNetwork(Architectures.cifarConvNet(settings.convWidth(),
                Architectures.Normalization.NONE, 2.0, new Sgd(0.01), seed));
        probe.init();
        long convParameters = probe.numParams();
        List<List<Double>> samples = new ArrayList<>();
        List<List<Double>> cpuSamples = new ArrayList<>();
        configs.forEach(c -> {
            samples.add(new ArrayList<>());
            cpuSamples.add(new ArrayList<>());
        });
        DataSet mlpData = data(seed, new long[] {MLP_BATCH, 784});
        DataSet convData = data(seed, new long[] {settings.convBatch(), 3, 32, 32});
        try (Progress progress = Progress.start("bench backend", (long) settings.rounds() * configs.size(),
                "configurations")) {
            for (int round = 0; round < settings.rounds(); round++) {
                for (int c = 0; c < configs.size(); c++) {
                    Config config = configs.get(c);
                    boolean mlp = config.net().equals("mlp");
                    if (config.impl().equals("torch")) {
                        JsonNode r = settings.torch().run(torchArgs(settings, config, sizes, seed), config.threads());
                        torchVersion = r.path("torch").asText("?");
                        samples.get(c).add(r.path("ms_per_step").asDouble(Double.NaN));
                        cpuSamples.get(c).add(r.path("cpu_ms_per_step").asDouble(Double.NaN));
                        progress.advance(1);
                        continue;
                    }
                    NativeBackend.configure(new NativeBackend.Settings(config.threads(), config.helpers()));
                    MultiLayerNetwork net = new MultiLayerNetwork(mlp
                            ? Architectures.mlp(784, MLP_HIDDEN, MLP_WIDTH, 10, Activation.HARDTANH, 1.0, new Sgd(0.01),
                                    seed)
                            : Architectures.cifarConvNet(settings.convWidth(), Architectures.Normalization.NONE, 2.0,
                                    new Sgd(0.01), seed));
                    net.init();
                    double[] ms = timeSteps(net, mlp ? mlpData : convData,
                            mlp ? settings.mlpSteps() : settings.convSteps(), mlp ? 10 : 1);
                    samples.get(c).add(ms[0]);
                    cpuSamples.get(c).add(ms[1]);
                    progress.advance(1);
                }
            }
        } finally {
            NativeBackend.configureDefaults();
        }
        List<Timing> timings = new ArrayList<>();
        for (int c = 0; c < configs.size(); c++) {
            timings.add(new Timing(configs.get(c), samples.get(c), cpuSamples.get(c)));
        }
        return new Result(timings, MLP_BATCH, settings.convBatch(), Timings.garbageCollectors(), convParameters,
                torchVersion, torchMissing);
    }

    /** The PyTorch script's arguments for {@code config}: the same network, batch and step counts as DL4J's. */
    static List<String> torchArgs(Settings s, Config config, Architectures.ConvSizes sizes, long seed) {
        boolean mlp = config.net().equals("mlp");
        List<String> args = new ArrayList<>(List.of("--net", config.net(), "--threads",
                Integer.toString(config.threads()), "--batch", Integer.toString(mlp ? MLP_BATCH : s.convBatch()),
                "--steps", Integer.toString(mlp ? s.mlpSteps() : s.convSteps()), "--warmup", mlp ? "10" : "1",
                "--seed", Long.toString(seed)));
        if (mlp) {
            args.addAll(List.of("--hidden", Integer.toString(MLP_HIDDEN), "--width", Integer.toString(MLP_WIDTH)));
        } else {
            args.add("--sizes");
            for (int units : new int[] {sizes.c12(), sizes.c345(), sizes.fc1(), sizes.fc2()}) {
                args.add(Integer.toString(Math.max(1, (int) Math.round(units * s.convWidth()))));
            }
        }
        return args;
    }

    /** Wall and process CPU milliseconds per step. */
    private static double[] timeSteps(MultiLayerNetwork net, DataSet data, int steps, int warmup) {
        for (int i = 0; i < warmup; i++) {
            net.fit(data);
        }
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        return new double[] {Timings.secondsSince(start) * 1000 / steps, (processCpuNanos() - cpu) / 1e6 / steps};
    }

    /** CPU time of this process, all threads, in nanoseconds (-1 where the JVM cannot tell). */
    static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    private static DataSet data(long seed, long[] shape) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(DataType.FLOAT, shape);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, shape[0], 10);
        for (int i = 0; i < shape[0]; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        return new DataSet(features, labels);
    }
}
