package org.expressivity4j.trainers.bench.propagation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.expressivity4j.core.bench.PropagationBenchmark;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Timings;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The report of {@code bench propagation}: the metrics rows (seconds and GFLOP/s per pass and round, the medians) and
 * summary.md, from the {@link PropagationComparison} result.
 */
public final class PropagationBenchReport {

    private PropagationBenchReport() {
    }

    /** Writes the metrics and summary.md of a comparison. */
    public static void write(RunContext context, PropagationComparison.Result r) {
        record(context, r);
        context.run().writeSummary(summary(r));
    }

    static void record(RunContext context, PropagationComparison.Result r) {
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
    static void append(MetricsCsv metrics, String impl, String pass, int round, double[] seconds,
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
    static String perRound(List<Double> values) {
        List<String> s = new ArrayList<>();
        for (double v : values) {
            s.add(fmt(v));
        }
        return String.join(" ", s);
    }
    static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
