package org.expressivity4j.trainers.bench.propagation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.bench.PropagationBenchmark;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.options.OptionChecks;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Timings;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench propagation}: the achieved GFLOP/s of propagating a trajectory's points through a random network
 * (the work behind every measure of Raghu et al., ICML 2017, Section 2), beside ND4J's raw GEMM rate on the same
 * shapes and beside PyTorch doing the same propagation, in one run.
 */
@Command(name = "propagation",
        description = {"Propagation throughput: P points through L random fully connected layers of width k "
                + "(Network.propagate, as the measures call it), beside ND4J's raw matrix products on the same shapes "
                + "and PyTorch doing the same propagation (bench/torch_propagation.py, run with /usr/bin/python3 if "
                + "it can import torch), rounds alternating ND4J and PyTorch. Rates count the products' 2 P k^2 L "
                + "flops over the median of all timed passes.",
            "Defaults: 10^4 points, 12 layers of width 1000, hard tanh, float32, 2 native threads (for both), "
                + "3 rounds of 1 warm-up and 3 timed passes each. --quick: 2000 points, 6 layers of width 500, "
                + "2 rounds.",
            "PyTorch: " + PropagationComparison.TORCH_INSTALL + " (libopenblas0-pthread gives it OpenBLAS "
                + "instead of the reference BLAS).", ""},
        mixinStandardHelpOptions = true)
public final class PropagationBenchCommand extends ExperimentCommand {

    @Option(names = "--points", paramLabel = "P", description = "Points. Default: 10000 (2000).")
    Integer points;

    @Option(names = "--depth", paramLabel = "L", description = "Layers. Default: 12 (6).")
    Integer layers;

    /** The old spelling of --depth, kept for existing scripts. */
    @Option(names = "--layers", paramLabel = "L", hidden = true)
    void layers(Integer l) {
        layers = l;
    }

    @Option(names = "--width", paramLabel = "K", description = "Width (and input dimension). Default: 1000 (500).")
    Integer width;

    @Option(names = "--activation", paramLabel = "NAME",
            description = "hard-tanh or relu (PyTorch's side knows these two). Default: hard-tanh.")
    String activation;

    @Option(names = "--dtype", paramLabel = "TYPE", description = "float32 or float64. Default: float32.")
    String dtype;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds (ND4J, then PyTorch). Default: 3 (2).")
    Integer rounds;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed passes of each kind per run. Default: 1.")
    Integer warmup;

    @Option(names = "--repeats", paramLabel = "N", description = "Timed passes of each kind per run. Default: 3.")
    Integer repeats;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
            description = "The interpreter for the PyTorch side. Default: ${DEFAULT-VALUE}.")
    Path python;

    @Option(names = "--torch-script", paramLabel = "FILE",
            description = "The PyTorch script. Default: the bundled copy of bench/torch_propagation.py (written "
                    + "into the run folder).")
    Path torchScript;

    @Option(names = "--no-torch", description = "Time ND4J only.")
    boolean noTorch;

    @Option(names = "--torch-timeout", paramLabel = "S", defaultValue = "1800",
            description = "The most seconds one PyTorch run may take. Default: ${DEFAULT-VALUE}.")
    long torchTimeout;

    private Activation parsed;
    private DataType type;

    @Override
    protected int preferredThreads() {
        return 2;
    }

    @Override
    protected void validate() {
        OptionChecks.atLeast(points, 1, "--points", this::usage);
        OptionChecks.atLeast(layers, 1, "--depth", this::usage);
        OptionChecks.atLeast(width, 1, "--width", this::usage);
        OptionChecks.atLeast(rounds, 1, "--rounds", this::usage);
        OptionChecks.atLeast(warmup, 0, "--warmup", this::usage);
        OptionChecks.atLeast(repeats, 1, "--repeats", this::usage);
        parsed = activation == null ? Activation.HARD_TANH
                : OptionChecks.activation(activation, "--activation", this::usage);
        if (parsed != Activation.HARD_TANH && parsed != Activation.RELU) {
            throw usage("--activation must be hard-tanh or relu, got " + activation);
        }
        String d = dtype == null ? "float32" : dtype.toLowerCase(Locale.ROOT);
        type = switch (d) {
            case "float32", "float" -> DataType.FLOAT;
            case "float64", "double" -> DataType.DOUBLE;
            default -> throw usage("--dtype must be float32 or float64, got " + dtype);
        };
        if (torchTimeout < 1) {
            throw usage("--torch-timeout must be at least 1, got " + torchTimeout);
        }
        if (torchScript != null && !Files.isRegularFile(torchScript)) {
            throw usage("--torch-script " + torchScript + " is not a file");
        }
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        boolean quick = context.quick();
        int threads = NativeBackend.state().threads();
        PropagationBenchmark.Settings b = new PropagationBenchmark.Settings(
                OptionChecks.or(points, quick ? 2000 : 10_000),
                OptionChecks.or(layers, quick ? 6 : 12),
                OptionChecks.or(width, quick ? 500 : 1000), parsed, type, threads,
                OptionChecks.or(warmup, 1), OptionChecks.or(repeats, 3), context.seed());
        Path script = noTorch ? null : torchScript != null ? torchScript : extractScript(context);
        PropagationComparison.Settings settings = new PropagationComparison.Settings(b,
                OptionChecks.or(rounds, quick ? 2 : 3), noTorch ? null : python, script,
                context.run().file("torch-stderr.log"), torchTimeout);
        PropagationComparison.Result r = new PropagationComparison().run(settings);
        record(context, r);
        context.run().writeSummary(summary(r));
        Map<String, Object> headline = new LinkedHashMap<>();
        headline.put("nd4j_propagation_gflops", r.nd4jPropagationGflops());
        headline.put("nd4j_gemm_gflops", r.nd4jGemmGflops());
        headline.put("torch_propagation_gflops", r.torchPropagationGflops());
        headline.put("torch_gemm_gflops", r.torchGemmGflops());
        headline.put("propagation_over_gemm", r.nd4jPropagationGflops() / r.nd4jGemmGflops());
        headline.put("nd4j_over_torch", r.nd4jPropagationGflops() / r.torchPropagationGflops());
        if (r.torchMissing() != null) {
            headline.put("torch", r.torchMissing());
        }
        return headline;
    }

    /** Writes the bundled script into the run folder (so the run keeps the exact code it timed). */
    private static Path extractScript(RunContext context) {
        Path target = context.run().file("torch_propagation.py");
        String resource = PropagationComparison.SCRIPT_RESOURCE;
        try (InputStream in = PropagationBenchCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            Files.write(target, in.readAllBytes());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void record(RunContext context, PropagationComparison.Result r) {
        double flops = r.settings().benchmark().flopsPerPass();
        try (MetricsCsv metrics = context.run().metrics(List.of("impl", "pass"))) {
            for (int round = 0; round < r.nd4j().size(); round++) {
                PropagationBenchmark.Result n = r.nd4j().get(round);
                append(metrics, "nd4j", "propagation", round + 1, n.propagationSeconds(), flops);
                append(metrics, "nd4j", "gemm", round + 1, n.gemmSeconds(), flops);
            }
            for (int round = 0; round < r.torch().size(); round++) {
                PropagationComparison.TorchRun t = r.torch().get(round);
                append(metrics, "torch", "propagation", round + 1, t.propagationSeconds(), flops);
                append(metrics, "torch", "gemm", round + 1, t.gemmSeconds(), flops);
            }
            metrics.append(List.of("nd4j", "propagation"), 0, "", "median_gflops", r.nd4jPropagationGflops());
            metrics.append(List.of("nd4j", "gemm"), 0, "", "median_gflops", r.nd4jGemmGflops());
            if (!r.torch().isEmpty()) {
                metrics.append(List.of("torch", "propagation"), 0, "", "median_gflops", r.torchPropagationGflops());
                metrics.append(List.of("torch", "gemm"), 0, "", "median_gflops", r.torchGemmGflops());
            }
        }
    }

    private static void append(MetricsCsv metrics, String impl, String pass, int round, double[] seconds,
                               double flops) {
        for (double s : seconds) {
            metrics.append(List.of(impl, pass), round, "", "seconds", s);
            metrics.append(List.of(impl, pass), round, "", "gflops", flops / s / 1e9);
        }
    }

    static String summary(PropagationComparison.Result r) {
        PropagationBenchmark.Settings b = r.settings().benchmark();
        StringBuilder sb = new StringBuilder("# Propagation throughput: ND4J vs its own GEMM vs PyTorch\n\n");
        sb.append(String.format(Locale.ROOT, "%d points through %d fully connected %s layers of width %d (input "
                        + "dimension %d), %s, %d native threads; %d rounds, each ND4J (%d warm-up + %d timed passes of "
                        + "propagation and of raw GEMM, alternating) then PyTorch (the same). Rate = 2 P k^2 L = %.3g "
                        + "flops over the median of all timed passes. Backend: %s.%n%n", b.points(), b.layers(),
                b.activation().id(), b.width(), b.width(), b.dataType() == DataType.FLOAT ? "float32" : "float64",
                b.threads(), r.settings().rounds(), b.warmup(), b.repeats(), b.flopsPerPass(),
                r.nd4j().get(0).backend()));
        MarkdownTable t = new MarkdownTable("what", "GFLOP/s (median)", "per-round medians");
        t.row("ND4J propagation (Network.propagate)", fmt(r.nd4jPropagationGflops()),
                perRound(r.nd4j().stream().map(PropagationBenchmark.Result::propagationGflops).toList()));
        t.row("ND4J raw GEMM, same shapes", fmt(r.nd4jGemmGflops()),
                perRound(r.nd4j().stream().map(PropagationBenchmark.Result::gemmGflops).toList()));
        if (r.torchMissing() == null) {
            double flops = b.flopsPerPass();
            t.row("PyTorch " + r.torchVersion() + " propagation (addmm + activation)",
                    fmt(r.torchPropagationGflops()), perRound(r.torch().stream()
                            .map(x -> flops / Timings.median(x.propagationSeconds()) / 1e9).toList()));
            t.row("PyTorch raw GEMM (mm), same shapes", fmt(r.torchGemmGflops()), perRound(r.torch().stream()
                    .map(x -> flops / Timings.median(x.gemmSeconds()) / 1e9).toList()));
        }
        sb.append(t.render()).append('\n');
        double ofGemm = r.nd4jPropagationGflops() / r.nd4jGemmGflops();
        sb.append(String.format(Locale.ROOT, "- ND4J propagation / ND4J GEMM: **%.2f** (goal: at least 0.80: %s).%n",
                ofGemm, ofGemm >= 0.8 ? "met" : "NOT met"));
        if (r.torchMissing() == null) {
            double ofTorch = r.nd4jPropagationGflops() / r.torchPropagationGflops();
            sb.append(String.format(Locale.ROOT, "- ND4J propagation / PyTorch propagation: **%.2f** (goal: not "
                    + "slower, at least 1.00: %s).%n", ofTorch, ofTorch >= 1.0 ? "met" : "NOT met"));
            sb.append(String.format(Locale.ROOT, "- PyTorch propagation / PyTorch GEMM: %.2f; ND4J GEMM / PyTorch "
                    + "GEMM: %.2f.%n", r.torchPropagationGflops() / r.torchGemmGflops(),
                    r.nd4jGemmGflops() / r.torchGemmGflops()));
            if (r.torchGemmGflops() < 10) {
                sb.append("\n**Note:** PyTorch's GEMM is below 10 GFLOP/s: it is probably running on the reference "
                        + "BLAS; install libopenblas0-pthread.\n");
            }
        } else {
            sb.append("- PyTorch: not run: ").append(r.torchMissing()).append(". Install it with `")
                    .append(PropagationComparison.TORCH_INSTALL).append("`.\n");
        }
        sb.append("\nEvery timed pass is in metrics.csv (seconds and GFLOP/s per pass, by round). On a shared machine "
                + "passes are bimodal (other work takes a core or not): compare the per-round medians.\n");
        return sb.toString();
    }

    private static String perRound(List<Double> values) {
        List<String> s = new ArrayList<>();
        for (double v : values) {
            s.add(fmt(v));
        }
        return String.join(" ", s);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
