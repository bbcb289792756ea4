package org.expressivity4j.trainers.bench.listener;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.dl4j.listeners.Probe;
import org.expressivity4j.dl4j.listeners.TrajectoryListener;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.shared.Timings;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * What a {@link TrajectoryListener} costs. Training time of the paper's MNIST MLP (784, 8 hidden layers of 100 hard
 * tanh, 10; batch 128; one native thread) with the listener at its defaults against without it: two networks from the
 * same seed, one with the listener, trained in one run alternating iteration by iteration, so that the load of a shared
 * machine falls on both alike; a round is a whole number of probe intervals. The same with a probe after every
 * iteration; then the time of one probe call on the MLP and on the CIFAR-10 conv net (all cores). Overheads are medians
 * over rounds of {@code time with / time without - 1}.
 */
public final class ListenerBenchmark {

    /**
     * What to measure.
     *
     * @param rounds              alternating rounds
     * @param chunksPerRound      probe intervals per round at the defaults (a round is this many times the interval,
     *                            so it holds exactly that many probes)
     * @param everyIterationChunk iterations per round when probing every iteration
     * @param probeCalls          timed probe calls per network
     * @param convWidth           the conv net's width multiplier (1: the paper's 3.7 M parameters)
     * @param points              probe points (the listener's default unless testing another)
     * @param everyIterations     the probe interval at "defaults"
     */
    public record Settings(int rounds, int chunksPerRound, int everyIterationChunk, int probeCalls, double convWidth,
                           int points, int everyIterations) {
        public Settings {
            if (rounds < 1 || chunksPerRound < 1 || everyIterationChunk < 1 || probeCalls < 1 || !(convWidth > 0)
                    || points < 2 || everyIterations < 1) {
                throw new IllegalArgumentException("bad listener benchmark settings: " + this);
            }
        }
    }

    /**
     * Training time with and without the listener.
     *
     * @param everyIterations the listener's probe interval
     * @param iterations      iterations of each network per round
     * @param withoutMs       per round: ms per iteration without the listener
     * @param withMs          per round: ms per iteration with it
     */
    public record Overhead(int everyIterations, int iterations, List<Double> withoutMs, List<Double> withMs) {
        /** Per round: with / without - 1, in percent. */
        public List<Double> overheadPercent() {
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < withMs.size(); i++) {
                out.add((withMs.get(i) / withoutMs.get(i) - 1) * 100);
            }
            return out;
        }

        public double medianOverheadPercent() {
            return Timings.median(overheadPercent());
        }
    }

    /**
     * The time of one probe call (propagation and measures, no sinks).
     *
     * @param net     {@code mlp} or {@code conv}
     * @param threads native threads
     * @param points  probe points
     * @param callMs  each timed call
     */
    public record ProbeCost(String net, int threads, int points, List<Double> callMs) {
        public double medianMs() {
            return Timings.median(callMs);
        }
    }

    /** Everything measured. */
    public record Result(Overhead defaults, Overhead everyIteration, ProbeCost mlpProbe, ProbeCost convProbe,
                         String garbageCollectors) {
    }

    public static final int MLP_BATCH = 128;
    /** Least training time before the timed rounds of each overhead measurement. */
    private static final long WARM_UP_NANOS = 20_000_000_000L;

    /** Runs the benchmark; leaves the backend at its defaults. */
    public Result run(Settings settings, long seed) {
        int cores = Runtime.getRuntime().availableProcessors();
        DataSet data = randomBatch(seed, new long[] {MLP_BATCH, 784});
        Probe mlpProbe = Probe.quarterCircle(data.getFeatures().get(NDArrayIndex.interval(0, 1), NDArrayIndex.all()),
                data.getFeatures().get(NDArrayIndex.interval(1, 2), NDArrayIndex.all()));
        long total = 2L * settings.rounds() + 2;
        try (Progress progress = Progress.start("bench listener", total, "parts")) {
            NativeBackend.configure(new NativeBackend.Settings(1, NativeBackend.Settings.defaults().helpers()));
            Overhead defaults = overhead(settings, seed, data, mlpProbe, settings.everyIterations(),
                    settings.chunksPerRound() * settings.everyIterations(), progress);
            Overhead every = overhead(settings, seed, data, mlpProbe, 1, settings.everyIterationChunk(), progress);
            ProbeCost mlpCost = probeCost("mlp", 1, mlp(seed), mlpProbe, settings);
            progress.advance(1);

            NativeBackend.configure(new NativeBackend.Settings(cores, NativeBackend.Settings.defaults().helpers()));
            MultiLayerNetwork conv = new MultiLayerNetwork(Architectures.cifarConvNet(settings.convWidth(),
                    Architectures.Normalization.NONE, 2.0, new Sgd(0.01), seed));
            conv.init();
            DataSet images = randomBatch(seed + 1, new long[] {2, 3, 32, 32});
            INDArray x = images.getFeatures();
            Probe convProbe = Probe.quarterCircle(
                    x.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()),
                    x.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()));
            ProbeCost convCost = probeCost("conv", cores, conv, convProbe, settings);
            progress.advance(1);
            return new Result(defaults, every, mlpCost, convCost, Timings.garbageCollectors());
        } finally {
            NativeBackend.configureDefaults();
        }
    }

    private static Overhead overhead(Settings settings, long seed, DataSet data, Probe probe, int every,
                                     int iterations, Progress progress) {
        MultiLayerNetwork without = mlp(seed);
        MultiLayerNetwork with = mlp(seed);
        with.addListeners(new TrajectoryListener.Builder().probe(probe).points(settings.points()).everyIterations(every)
                .build());
        // Warm-up: JIT, workspaces, the listener's probing copy and first chunk, and the heap: for its first ~15 s
        // the JVM promotes DL4J's long-lived objects, and the serial GC's young collections then pause 100-260 ms
        // (measured with -Xlog:gc), landing at random on either network; afterwards they take 2-3 ms.
        long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
        do {
            interleaved(without, with, data, iterations);
        } while (System.nanoTime() < warmUpEnd);
        List<Double> withoutMs = new ArrayList<>();
        List<Double> withMs = new ArrayList<>();
        for (int round = 0; round < settings.rounds(); round++) {
            double[] ms = interleaved(without, with, data, iterations);
            withoutMs.add(ms[0]);
            withMs.add(ms[1]);
            progress.advance(1);
        }
        return new Overhead(every, iterations, withoutMs, withMs);
    }

    /**
     * Trains both networks {@code n} iterations, alternating iteration by iteration (which of the two goes first
     * alternates too), so that the load of a shared machine falls on both alike; returns the mean ms per iteration
     * without and with the listener.
     */
    private static double[] interleaved(MultiLayerNetwork without, MultiLayerNetwork with, DataSet data, int n) {
        long withoutNanos = 0;
        long withNanos = 0;
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                withoutNanos += timeIteration(without, data);
                withNanos += timeIteration(with, data);
            } else {
                withNanos += timeIteration(with, data);
                withoutNanos += timeIteration(without, data);
            }
        }
        return new double[] {withoutNanos / 1e6 / n, withNanos / 1e6 / n};
    }

    private static ProbeCost probeCost(String name, int threads, MultiLayerNetwork net, Probe probe,
                                       Settings settings) {
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(probe).points(settings.points()).build();
        listener.measure(net);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < settings.probeCalls(); i++) {
            long start = System.nanoTime();
            listener.measure(net);
            ms.add(Timings.secondsSince(start) * 1000);
        }
        return new ProbeCost(name, threads, probe.pointCount(settings.points()), ms);
    }

    /** Nanoseconds of one training iteration. */
    private static long timeIteration(MultiLayerNetwork net, DataSet data) {
        long start = System.nanoTime();
        net.fit(data);
        return System.nanoTime() - start;
    }

    private static MultiLayerNetwork mlp(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.mlp(784, 8, 100, 10, Activation.HARDTANH, 1.0,
                new Sgd(0.01), seed));
        net.init();
        return net;
    }

    private static DataSet randomBatch(long seed, long[] shape) {
        org.nd4j.linalg.api.rng.Random random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray features = Nd4j.rand(random, shape).castTo(DataType.FLOAT);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, shape[0], 10);
        for (int i = 0; i < shape[0]; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        return new DataSet(features, labels);
    }
}
