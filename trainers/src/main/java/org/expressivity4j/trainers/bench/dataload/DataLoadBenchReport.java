package org.expressivity4j.trainers.bench.dataload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Timings;

/**
 * The report of {@code bench data-load}: the metrics rows (seconds per dataset, method and round) and summary.md,
 * from the {@link DataLoadBenchmark} results.
 */
public final class DataLoadBenchReport {

    private DataLoadBenchReport() {
    }

    /**
     * Writes the metrics and summary.md of {@code rounds} rounds per dataset.
     *
     * @return the headline numbers for the manifest
     */
    public static Map<String, Object> write(RunContext context, Map<Dataset, DataLoadBenchmark.Result> results,
                                            int rounds) {
        MarkdownTable table = new MarkdownTable("dataset", "files", "zcat -f (s)", "Java inflate (s)",
                "load + verify (s)", "load / zcat", "load / inflate");
        Map<String, Object> headline = new LinkedHashMap<>();
        try (MetricsCsv metrics = context.run().metrics(List.of("dataset", "method"))) {
            for (Map.Entry<Dataset, DataLoadBenchmark.Result> e : results.entrySet()) {
                Dataset dataset = e.getKey();
                DataLoadBenchmark.Result r = e.getValue();
                record(metrics, dataset, "zcat", r.zcatSeconds());
                record(metrics, dataset, "inflate", r.inflateSeconds());
                record(metrics, dataset, "load", r.loadSeconds());
                table.row(dataset.id(), r.files().size(), Timings.median(r.zcatSeconds()),
                        Timings.median(r.inflateSeconds()), Timings.median(r.loadSeconds()), r.ratioToZcat(),
                        r.ratioToInflate());
                headline.put(dataset.id() + "_load_over_zcat", r.ratioToZcat());
            }
        }
        context.run().writeSummary("# Dataset load time\n\n" + table.render() + String.format(Locale.ROOT,
                "%nMedians of %d rounds (after one warm-up round), alternating the three methods. \"load + verify\" "
                        + "reads both splits into memory and checks every file's SHA-256, with up to %d files read in "
                        + "parallel; zcat and the Java inflate are single-threaded.%n",
                rounds, java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1));
        return headline;
    }

    private static void record(MetricsCsv metrics, Dataset dataset, String method, List<Double> seconds) {
        for (int i = 0; i < seconds.size(); i++) {
            metrics.append(List.of(dataset.id(), method), i + 1, "", "seconds", seconds.get(i));
        }
    }
}
