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
        MarkdownTable table = new MarkdownTable("net", "batch", "native threads", "oneDNN helpers", "ms / step",
                "per-round ms");
        Map<String, Object> headline = new LinkedHashMap<>();
        try (MetricsCsv metrics = context.run().metrics(List.of("net", "threads", "helpers"))) {
            for (BackendBenchmark.Timing t : result.timings()) {
                BackendBenchmark.Config c = t.config();
                List<String> run = List.of(c.net(), Integer.toString(c.threads()), c.helpers() ? "on" : "off");
                for (int i = 0; i < t.roundMs().size(); i++) {
                    metrics.append(run, i + 1, "", "ms_per_step", t.roundMs().get(i));
                }
                table.row(c.net(), c.net().equals("mlp") ? result.mlpBatch() : result.convBatch(), c.threads(),
                        c.helpers() ? "on" : "off", t.medianMs(), String.join(" ",
                                t.roundMs().stream().map(org.expressivity4j.trainers.report.MarkdownTable::format)
                                        .toList()));
                headline.put(c.label(), t.medianMs());
            }
        }
        context.run().writeSummary("# Native backend: training-step time\n\n" + table.render() + String.format(
                Locale.ROOT, "%nMedian over %d rounds of the mean step time (after warm-up); configurations alternate "
                        + "within each round. GC: %s. MLP: 784, 8 x 100 hard tanh, 10. Conv: c1 c2 p1 c3 c4 c5 p2 fc1 "
                        + "fc2 (3.7 M parameters).%n", settings.rounds(), result.garbageCollectors()));
        return headline;
    }
}
