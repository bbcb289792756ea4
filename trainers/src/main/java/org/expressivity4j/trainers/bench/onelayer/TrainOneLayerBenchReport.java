package org.expressivity4j.trainers.bench.onelayer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.expressivity4j.trainers.bench.onelayer.TrainOneLayerBenchmark.Result;
import org.expressivity4j.trainers.bench.onelayer.TrainOneLayerBenchmark.Run;
import org.expressivity4j.trainers.bench.onelayer.TrainOneLayerBenchmark.Way;
import org.expressivity4j.trainers.figures.onelayer.TrainOneLayerSettings;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.RunContext;

/**
 * The report of {@code bench train-one-layer}: the metrics rows (each run's seconds and per-epoch accuracies) and
 * summary.md (median times, the ratios to PyTorch, the final accuracies side by side), from the
 * {@link TrainOneLayerBenchmark} result.
 */
public final class TrainOneLayerBenchReport {

    private TrainOneLayerBenchReport() {
    }

    /**
     * Writes the metrics and summary.md.
     *
     * @return the headline numbers for the manifest
     */
    public static Map<String, Object> write(RunContext context, Result r) {
        try (MetricsCsv metrics = context.run().metrics(List.of("way"))) {
            for (Run run : r.runs()) {
                List<String> key = List.of(run.way().id());
                metrics.append(key, run.round(), "", "seconds", run.seconds());
                metrics.append(key, run.round(), "", "cpu_seconds", run.cpuSeconds());
                for (int e = 0; e < run.epochs().size(); e++) {
                    double[] m = run.epochs().get(e);
                    metrics.append(key, run.round(), "epoch " + (e + 1), "train_accuracy", m[1]);
                    metrics.append(key, run.round(), "epoch " + (e + 1), "test_accuracy", m[2]);
                }
            }
        }
        Map<String, Object> headline = new LinkedHashMap<>();
        for (Way way : Way.values()) {
            double s = r.medianSeconds(way);
            if (!Double.isNaN(s)) {
                headline.put(way.id() + "_seconds", s);
                headline.put(way.id() + "_cpu_seconds", r.medianCpuSeconds(way));
            }
        }
        double cachedOverTorch = r.medianSeconds(Way.CACHED) / r.medianSeconds(Way.TORCH);
        double wholeOverTorch = r.medianSeconds(Way.WHOLE) / r.medianSeconds(Way.TORCH);
        double wholeOverCached = r.medianSeconds(Way.WHOLE) / r.medianSeconds(Way.CACHED);
        headline.put("cached_over_torch", cachedOverTorch);
        headline.put("whole_over_torch", wholeOverTorch);
        headline.put("whole_over_cached", wholeOverCached);
        headline.put("cached_over_torch_cpu", r.medianCpuSeconds(Way.CACHED) / r.medianCpuSeconds(Way.TORCH));
        context.run().writeSummary(summary(r, cachedOverTorch, wholeOverTorch, wholeOverCached));
        return headline;
    }

    static String summary(Result r, double cachedOverTorch, double wholeOverTorch, double wholeOverCached) {
        TrainOneLayerSettings s = r.settings().experiment();
        StringBuilder sb = new StringBuilder("# Train one layer: expressivity4j beside PyTorch\n\n");
        sb.append(String.format(Locale.ROOT, "MNIST, %d hidden layers of %d hard-tanh units; %s trained alone for %d "
                        + "epoch%s (Adam %s, batch %d%s), train accuracy on %s and test accuracy after every epoch, "
                        + "1 native thread. The same initial weights and batch order for all; %d round%s, the ways "
                        + "alternating within each. Times: wall time of a run, and the CPU time its process spent "
                        + "meanwhile (which other work on a shared machine does not lengthen), medians over "
                        + "rounds.%n%n",
                s.hiddenLayers(), s.width(), String.join(", ", s.layers()), s.epochs(), s.epochs() == 1 ? "" : "s",
                MarkdownTable.format(s.learningRate()), s.batchSize(), s.batchLimit() > 0 ? ", at most "
                        + s.batchLimit() + " batches an epoch" : "", s.trainEvalExamples() > 0 ? s.trainEvalExamples()
                        + " training examples" : "the training examples", r.settings().rounds(),
                r.settings().rounds() == 1 ? "" : "s"));
        MarkdownTable t = new MarkdownTable("way", "seconds (median)", "per round", "CPU seconds (median)",
                "final train accuracy", "final test accuracy");
        for (Way way : Way.values()) {
            List<Run> runs = r.runs().stream().filter(x -> x.way() == way).toList();
            if (runs.isEmpty()) {
                continue;
            }
            double[] last = runs.get(runs.size() - 1).epochs().get(runs.get(runs.size() - 1).epochs().size() - 1);
            t.row(way == Way.TORCH ? "PyTorch " + r.torchVersion() + ", whole network" : way.label(),
                    MarkdownTable.format(r.medianSeconds(way)), String.join(" ", runs.stream()
                            .map(x -> String.format(Locale.ROOT, "%.1f", x.seconds())).toList()),
                    MarkdownTable.format(r.medianCpuSeconds(way)), MarkdownTable.format(last[1]),
                    MarkdownTable.format(last[2]));
        }
        sb.append(t.render()).append('\n');
        if (r.torchMissing() == null) {
            sb.append(String.format(Locale.ROOT, "- expressivity4j cached / PyTorch: **%.2f** in wall time, %.2f in "
                    + "CPU time (goal: at most 1).%n", cachedOverTorch, r.medianCpuSeconds(Way.CACHED)
                    / r.medianCpuSeconds(Way.TORCH)));
            if (!Double.isNaN(wholeOverTorch)) {
                sb.append(String.format(Locale.ROOT, "- expressivity4j --no-cache / PyTorch: %.2f.%n", wholeOverTorch));
            }
        } else {
            sb.append("- PyTorch: not run: ").append(r.torchMissing()).append(".\n");
        }
        r.last(Way.TORCH).ifPresent(torch -> sb.append(String.format(Locale.ROOT, "- The same experiment: the loss of "
                + "the first batch under the initial weights is %s in DL4J and %s in PyTorch (relative difference "
                + "%.1e).%n", MarkdownTable.format(r.firstBatchLoss()), MarkdownTable.format(torch.firstBatchLoss()),
                Math.abs(torch.firstBatchLoss() - r.firstBatchLoss()) / Math.abs(r.firstBatchLoss()))));
        if (!Double.isNaN(wholeOverCached)) {
            sb.append(String.format(Locale.ROOT, "- expressivity4j --no-cache / cached: %.2f.%n", wholeOverCached));
        }
        sb.append("\nThe accuracies agree to rounding, not bit for bit: the cached run's frozen-layer outputs differ in "
                + "the last bits from those computed batch by batch, and PyTorch's arithmetic (and its Adam, whose "
                + "epsilon enters slightly differently) is its own. Every run's accuracies per epoch are in "
                + "metrics.csv; the project's runs keep their run folders under rounds/.\n");
        return sb.toString();
    }
}
