package org.expressivity4j.trainers.bench.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.bench.PropagationBenchmark;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.bench.TorchPeer;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.shared.Timings;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The propagation behind every measure of Raghu et al. (ICML 2017, Section 2) - P points of a trajectory through L
 * random fully connected layers of width k - timed three ways in one run: ND4J's propagation
 * ({@link PropagationBenchmark}: {@code Network.propagate}), ND4J's raw matrix products on the same shapes, and
 * PyTorch doing the same propagation ({@code bench/torch_propagation.py}: {@code addmm} and the activation in place,
 * with its own raw {@code mm} chain) in a subprocess. Rounds alternate ND4J and PyTorch, so drifts of a shared
 * machine hit both; rates are {@code 2 P k^2 L} flops over the median of all timed passes of all rounds.
 *
 * <p>PyTorch runs with {@code OPENBLAS_NUM_THREADS} and {@code OMP_NUM_THREADS} set to the thread count
 * ({@code torch.set_num_threads} does not reach the system OpenBLAS's own threads). If the interpreter cannot
 * {@code import torch}, the result says why and holds ND4J's figures only.
 */
public final class PropagationComparison {

    private static final Logger log = LoggerFactory.getLogger(PropagationComparison.class);

    /** Where the bundled PyTorch script lies on the class path. */
    public static final String SCRIPT_RESOURCE = "/bench/torch_propagation.py";

    /** How to install PyTorch and a fast BLAS for it on Debian / Ubuntu. */
    public static final String TORCH_INSTALL = TorchPeer.INSTALL;

    /**
     * What to run.
     *
     * @param benchmark     the ND4J benchmark's settings (shapes, activation, type, threads, warm-up and timed
     *                      passes per round); PyTorch gets the same
     * @param rounds        rounds, each one ND4J run and one PyTorch run
     * @param python        the interpreter for the PyTorch side, or null to skip it
     * @param script        the PyTorch script
     * @param log           a file the PyTorch runs' standard error is appended to
     * @param timeoutSeconds the most one PyTorch run may take
     */
    public record Settings(PropagationBenchmark.Settings benchmark, int rounds, Path python, Path script, Path log,
                           long timeoutSeconds) {

        public Settings {
            Objects.requireNonNull(benchmark, "benchmark");
            if (rounds < 1 || timeoutSeconds < 1) {
                throw new IllegalArgumentException("rounds and timeout must be at least 1");
            }
        }
    }

    /**
     * One PyTorch run.
     *
     * @param version            torch's version
     * @param propagationSeconds its timed propagation passes
     * @param gemmSeconds        its timed raw-GEMM passes
     */
    public record TorchRun(String version, double[] propagationSeconds, double[] gemmSeconds) {
    }

    /**
     * The measurements.
     *
     * @param settings     what ran
     * @param nd4j         each round's ND4J result
     * @param torch        each round's PyTorch run (empty when PyTorch was not run)
     * @param torchMissing why PyTorch was not run, or null
     */
    public record Result(Settings settings, List<PropagationBenchmark.Result> nd4j, List<TorchRun> torch,
                         String torchMissing) {

        /** ND4J propagation: flops / median of every timed pass, GFLOP/s. */
        public double nd4jPropagationGflops() {
            return rate(nd4j.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.propagationSeconds())).toArray());
        }

        /** ND4J raw GEMM chain, GFLOP/s. */
        public double nd4jGemmGflops() {
            return rate(nd4j.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.gemmSeconds())).toArray());
        }

        /** PyTorch propagation, GFLOP/s (NaN without PyTorch). */
        public double torchPropagationGflops() {
            return rate(torch.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.propagationSeconds())).toArray());
        }

        /** PyTorch raw GEMM chain, GFLOP/s (NaN without PyTorch). */
        public double torchGemmGflops() {
            return rate(torch.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.gemmSeconds())).toArray());
        }

        /** The PyTorch version, or null. */
        public String torchVersion() {
            return torch.isEmpty() ? null : torch.get(0).version();
        }

        private double rate(double[] seconds) {
            if (seconds.length == 0) {
                return Double.NaN;
            }
            return settings.benchmark().flopsPerPass() / Timings.median(seconds) / 1e9;
        }
    }

    /** Runs the rounds. */
    public Result run(Settings s) {
        PropagationBenchmark.Settings b = s.benchmark();
        String missing = s.python() == null ? "not requested (--no-torch)" : torchProblem(s);
        if (missing == null && b.activation() != Activation.HARD_TANH && b.activation() != Activation.RELU) {
            missing = "the PyTorch script implements hard-tanh and relu only, not " + b.activation().id();
        }
        if (missing == null && b.dataType() != DataType.FLOAT && b.dataType() != DataType.DOUBLE) {
            missing = "unsupported data type " + b.dataType();
        }
        List<PropagationBenchmark.Result> nd4j = new ArrayList<>();
        List<TorchRun> torch = new ArrayList<>();
        try (Progress progress = Progress.start("bench propagation", (long) s.rounds() * (missing == null ? 2 : 1),
                "runs")) {
            for (int round = 0; round < s.rounds(); round++) {
                NativeBackend.State state = NativeBackend.configure(new NativeBackend.Settings(b.threads(), true));
                PropagationBenchmark.Result r = PropagationBenchmark.run(b, state.describe());
                log.info("round {}: ND4J propagation {} GFLOP/s, GEMM {} GFLOP/s", round + 1,
                        String.format(Locale.ROOT, "%.1f", r.propagationGflops()),
                        String.format(Locale.ROOT, "%.1f", r.gemmGflops()));
                nd4j.add(r);
                progress.advance(1);
                if (missing == null) {
                    TorchRun t = runTorch(s);
                    double flops = b.flopsPerPass();
                    log.info("round {}: PyTorch propagation {} GFLOP/s, GEMM {} GFLOP/s", round + 1,
                            String.format(Locale.ROOT, "%.1f", flops / Timings.median(t.propagationSeconds()) / 1e9),
                            String.format(Locale.ROOT, "%.1f", flops / Timings.median(t.gemmSeconds()) / 1e9));
                    torch.add(t);
                    progress.advance(1);
                }
            }
        }
        return new Result(s, nd4j, torch, missing);
    }

    /** Null if the interpreter imports torch, else why not. */
    static String torchProblem(Settings s) {
        if (s.script() == null) {
            return "the PyTorch script is missing";
        }
        return peer(s).problem();
    }

    private static TorchPeer peer(Settings s) {
        return new TorchPeer(s.python(), s.script(), s.log(), s.timeoutSeconds());
    }

    private static TorchRun runTorch(Settings s) {
        PropagationBenchmark.Settings b = s.benchmark();
        List<String> args = List.of("--points", Integer.toString(b.points()), "--layers", Integer.toString(b.layers()),
                "--width", Integer.toString(b.width()), "--activation", b.activation().id(),
                "--dtype", b.dataType() == DataType.FLOAT ? "float32" : "float64",
                "--threads", Integer.toString(b.threads()), "--warmup", Integer.toString(b.warmup()),
                "--repeats", Integer.toString(b.repeats()), "--seed", Long.toString(b.seed()));
        return parse(peer(s).run(args, b.threads()));
    }

    /** The last JSON line of the script's output. */
    static TorchRun parse(String output) {
        return parse(TorchPeer.lastJson(output));
    }

    private static TorchRun parse(JsonNode n) {
        return new TorchRun(n.path("torch").asText("?"), doubles(n.get("prop_s")), doubles(n.get("gemm_s")));
    }

    private static double[] doubles(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new IllegalStateException("the PyTorch script's output lacks its timings");
        }
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }
}
