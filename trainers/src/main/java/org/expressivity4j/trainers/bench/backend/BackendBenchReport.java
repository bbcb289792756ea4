package org.expressivity4j.trainers.bench.backend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.RunContext;

/**
 * The report of {@code bench backend}: the metrics rows (ms per step, per configuration and round) and summary.md,
 * from the {@link BackendBenchmark} result.
 */
public final class BackendBenchReport {

    private BackendBenchReport() {
    }

    /**
     * Writes the metrics and summary.md of a benchmark run.
     *
     * @return the headline numbers for the manifest
     */
    public static Map<String, Object> write(RunContext context, BackendBenchmark.Settings settings,
                                            BackendBenchmark.Result result) {
        MarkdownTable table = new MarkdownTable("implementation", "net", "batch", "native threads", "oneDNN helpers",
                "ms / step", "per-round ms", "CPU ms / step");
        Map<String, Object> headline = new LinkedHashMap<>();
        try (MetricsCsv metrics = context.run().metrics(List.of("impl", "net", "threads", "helpers"))) {
            for (BackendBenchmark.Timing t : result.timings()) {
                BackendBenchmark.Config c = t.config();
                boolean torch = c.impl().equals("torch");
                List<String> run = List.of(c.impl(), c.net(), Integer.toString(c.threads()),
                        torch ? "" : c.helpers() ? "on" : "off");
                for (int i = 0; i < t.roundMs().size(); i++) {
                    metrics.append(run, i + 1, "", "ms_per_step", t.roundMs().get(i));
                    metrics.append(run, i + 1, "", "cpu_ms_per_step", t.roundCpuMs().get(i));
                }
                table.row(torch ? "PyTorch " + result.torchVersion() : "DL4J", c.net(),
                        c.net().equals("mlp") ? result.mlpBatch() : result.convBatch(), c.threads(),
                        torch ? "(its own)" : c.helpers() ? "on" : "off", t.medianMs(), String.join(" ",
                                t.roundMs().stream().map(org.expressivity4j.trainers.report.MarkdownTable::format)
                                        .toList()), t.medianCpuMs());
                headline.put(c.label(), t.medianMs());
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder ratios = new StringBuilder();
        if (result.torchMissing() == null) {
            double mlp = result.ratioToTorch("mlp", 1);
            double conv = result.ratioToTorch("conv", cores);
            headline.put("mlp_dl4j_over_torch", mlp);
            headline.put("conv_dl4j_over_torch", conv);
            ratios.append(String.format(Locale.ROOT, "%nDL4J / PyTorch, median step times: MLP on 1 thread **%.2f**, "
                    + "conv net on %d thread%s **%.2f**; in CPU time: MLP %.2f, conv net %.2f.%n", mlp, cores,
                    cores == 1 ? "" : "s", conv, result.cpuRatioToTorch("mlp", 1), result.cpuRatioToTorch("conv",
                            cores)));
        } else {
            ratios.append(String.format(Locale.ROOT, "%nPyTorch: not run: %s.%n", result.torchMissing()));
        }
        context.run().writeSummary("# Native backend: training-step time\n\n" + table.render() + ratios
                + String.format(Locale.ROOT, "%nMedian over %d rounds of the mean step time (after warm-up); "
                        + "configurations alternate within each round; plain SGD on a fixed random batch. CPU time: the "
                        + "process's, all threads (on a shared machine the wall time also counts waiting). GC: %s. "
                        + "MLP: 784, 8 x 100 hard tanh, 10. Conv: c1 c2 p1 c3 c4 c5 p2 fc1 fc2 out (%,d parameters). "
                        + "PyTorch runs bench/torch_backend.py in a subprocess with the same networks, batch and "
                        + "step counts.%n", settings.rounds(), result.garbageCollectors(), result.convParameters()));
        return headline;
    }
}
