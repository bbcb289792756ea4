package org.expressivity4j.trainers.bench.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.backend.NativeBackend;
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
 * threads, and the CIFAR-10 conv net with oneDNN helpers on (1 and 2 threads) and off. Configurations alternate
 * within each round so that drifts of a noisy machine hit all of them alike; each round builds fresh networks
 * (helpers are chosen when a layer is created) from the same seed and times steps after a warm-up.
 */
public final class BackendBenchmark {

    /** What to measure. */
    public record Settings(int rounds, int mlpSteps, int convSteps, int convBatch, double convWidth,
                           boolean includeHelpersOff) {
        public Settings {
            if (rounds < 1 || mlpSteps < 1 || convSteps < 1 || convBatch < 1 || !(convWidth > 0)) {
                throw new IllegalArgumentException("rounds, steps and batch must be positive");
            }
        }
    }

    /** One configuration. */
    public record Config(String net, int threads, boolean helpers) {
        public String label() {
            return String.format(Locale.ROOT, "%s, %d thread%s, helpers %s", net, threads, threads == 1 ? "" : "s",
                    helpers ? "on" : "off");
        }
    }

    /** Milliseconds per training step for one configuration: the per-round means. */
    public record Timing(Config config, List<Double> roundMs) {
        public double medianMs() {
            return Timings.median(roundMs);
        }
    }

    /** All timings, with the JVM's garbage collectors (which only a separate run can change). */
    public record Result(List<Timing> timings, int mlpBatch, int convBatch, String garbageCollectors) {
        public Timing timing(Config config) {
            return timings.stream().filter(t -> t.config().equals(config)).findFirst().orElseThrow();
        }
    }

    public static final int MLP_BATCH = 128;

    /** Runs the benchmark; restores the default backend settings afterwards. */
    public Result run(Settings settings, long seed) {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Config> configs = new ArrayList<>();
        configs.add(new Config("mlp", 1, true));
        if (cores > 1) {
            configs.add(new Config("mlp", cores, true));
        }
        configs.add(new Config("conv", cores, true));
        if (cores > 1) {
            configs.add(new Config("conv", 1, true));
        }
        if (settings.includeHelpersOff()) {
            configs.add(new Config("conv", cores, false));
        }
        List<List<Double>> samples = new ArrayList<>();
        configs.forEach(c -> samples.add(new ArrayList<>()));
        DataSet mlpData = data(seed, new long[] {MLP_BATCH, 784});
        DataSet convData = data(seed, new long[] {settings.convBatch(), 3, 32, 32});
        try (Progress progress = Progress.start("bench backend", (long) settings.rounds() * configs.size(),
                "configurations")) {
            for (int round = 0; round < settings.rounds(); round++) {
                for (int c = 0; c < configs.size(); c++) {
                    Config config = configs.get(c);
                    NativeBackend.configure(new NativeBackend.Settings(config.threads(), config.helpers()));
                    boolean mlp = config.net().equals("mlp");
                    MultiLayerNetwork net = new MultiLayerNetwork(mlp
                            ? Architectures.mlp(784, 8, 100, 10, Activation.HARDTANH, 1.0, new Sgd(0.01), seed)
                            : Architectures.cifarConvNet(settings.convWidth(), Architectures.Normalization.NONE, 2.0,
                                    new Sgd(0.01), seed));
                    net.init();
                    samples.get(c).add(timeSteps(net, mlp ? mlpData : convData,
                            mlp ? settings.mlpSteps() : settings.convSteps(), mlp ? 10 : 1));
                    progress.advance(1);
                }
            }
        } finally {
            NativeBackend.configureDefaults();
        }
        List<Timing> timings = new ArrayList<>();
        for (int c = 0; c < configs.size(); c++) {
            timings.add(new Timing(configs.get(c), samples.get(c)));
        }
        return new Result(timings, MLP_BATCH, settings.convBatch(), Timings.garbageCollectors());
    }

    private static double timeSteps(MultiLayerNetwork net, DataSet data, int steps, int warmup) {
        for (int i = 0; i < warmup; i++) {
            net.fit(data);
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        return Timings.secondsSince(start) * 1000 / steps;
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
