package org.expressivity4j.trainers.bench.listener;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.report.TrajectoryPlots;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Timings;

/**
 * The report of {@code bench listener}: the metrics rows (probe-point convergence, training overhead, time per probe),
 * the Fig. 8/9-style plots of the convergence run's MLP, and summary.md, from the {@link ProbePointsConvergence} and
 * {@link ListenerBenchmark} results.
 */
public final class ListenerBenchReport {

    private ListenerBenchReport() {
    }

    /**
     * Writes the metrics, plots and summary.md; {@code conv} (and {@code cs}) are null when the convergence
     * measurement was skipped.
     *
     * @return the headline numbers for the manifest
     */
    public static Map<String, Object> write(RunContext context, ProbePointsConvergence.Settings cs,
                                            ProbePointsConvergence.Result conv, ListenerBenchmark.Settings settings,
                                            ListenerBenchmark.Result result) {
        Map<String, Object> headline = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder("# Trajectory listener: cost and probe resolution\n\n");
        try (MetricsCsv metrics = context.run().metrics(List.of("part", "net", "setting"))) {
            if (conv != null) {
                summary.append(convergenceSection(conv, cs, metrics, headline));
            }
            summary.append(costSection(result, settings, metrics, headline));
            if (conv != null) {
                boolean plotted = TrajectoryPlots.lengthByLayer(conv.mlpTraining(),
                        "MNIST MLP (8 x 100 hard tanh): trajectory length by layer during training",
                        context.run().plot("trajectory-length-mlp"));
                TrajectoryPlots.weightScaleOverTraining(conv.mlpTraining(),
                        "MNIST MLP: sigma_w^2 = fan_in Var(W) during training",
                        context.run().plot("sigma-w2-mlp"));
                if (plotted) {
                    summary.append("\nPlots: `plots/trajectory-length-mlp.png` (Fig. 8 style: length by layer, one line "
                            + "per recorded iteration, while the MLP trained for the convergence measurement), "
                            + "`plots/sigma-w2-mlp.png` (Fig. 9 style).\n");
                }
            }
        }
        context.run().writeSummary(summary.toString());
        return headline;
    }

    static String convergenceSection(ProbePointsConvergence.Result conv, ProbePointsConvergence.Settings cs,
                                             MetricsCsv metrics, Map<String, Object> headline) {
        MarkdownTable table = new MarkdownTable("net", "state", "points N", "max relative change to 2N-1 points",
                "layer", "ms / probe");
        for (ProbePointsConvergence.Row r : conv.rows()) {
            List<String> run = List.of("convergence", r.net(), r.state());
            metrics.append(run, r.points(), r.worstLayer(), "relative_change", r.change());
            metrics.append(run, r.points(), "", "probe_ms", r.probeMs());
            for (Map.Entry<String, Double> e : r.lengths().entrySet()) {
                metrics.append(run, r.points(), e.getKey(), "length", e.getValue());
            }
            table.row(r.net(), r.state(), r.points(), Double.isNaN(r.change()) ? "-"
                    : String.format(Locale.ROOT, "%.3g%%", r.change() * 100), r.worstLayer(), r.probeMs());
        }
        headline.put("convergence_chosen_points", conv.chosen());
        return String.format(Locale.ROOT, "## Probe points: length convergence%n%nLengths of the quarter circle "
                + "between two test examples at N = 2^k + 1 points against 2N - 1 (the same points and their "
                + "midpoints); the change is the largest over layers. MLP trained %d steps (batch 128, Adam 1e-3); "
                + "conv net (width %s) trained %d steps (batch %d). Smallest N below %.3g%% in every state: **%d**.%n%n",
                cs.mlpTrainSteps(), MarkdownTable.format(cs.convWidth()), cs.convTrainSteps(), cs.convBatch(),
                cs.tolerance() * 100, conv.chosen()) + table.render() + "\n";
    }

    static String costSection(ListenerBenchmark.Result r, ListenerBenchmark.Settings s, MetricsCsv metrics,
                                      Map<String, Object> headline) {
        MarkdownTable overhead = new MarkdownTable("listener", "iterations / round", "ms / iteration without",
                "ms / iteration with", "overhead (median)", "per-round overhead %");
        for (ListenerBenchmark.Overhead o : List.of(r.defaults(), r.everyIteration())) {
            String setting = "every " + o.everyIterations();
            List<String> run = List.of("overhead", "mlp", setting);
            for (int i = 0; i < o.withMs().size(); i++) {
                metrics.append(run, i + 1, "", "ms_per_iteration_without", o.withoutMs().get(i));
                metrics.append(run, i + 1, "", "ms_per_iteration_with", o.withMs().get(i));
                metrics.append(run, i + 1, "", "overhead_percent", o.overheadPercent().get(i));
            }
            overhead.row(o == r.defaults() ? "defaults (every " + o.everyIterations() + ")" : "every iteration",
                    o.iterations(), Timings.median(o.withoutMs()), Timings.median(o.withMs()),
                    String.format(Locale.ROOT, "%.2f%%", o.medianOverheadPercent()),
                    String.join(" ", o.overheadPercent().stream().map(v -> String.format(Locale.ROOT, "%.1f", v))
                            .toList()));
        }
        headline.put("overhead_percent_defaults", r.defaults().medianOverheadPercent());
        headline.put("overhead_percent_every_iteration", r.everyIteration().medianOverheadPercent());
        MarkdownTable cost = new MarkdownTable("net", "native threads", "points", "ms / probe (median)", "calls ms");
        for (ListenerBenchmark.ProbeCost c : List.of(r.mlpProbe(), r.convProbe())) {
            for (int i = 0; i < c.callMs().size(); i++) {
                metrics.append(List.of("probe", c.net(), c.points() + " points"), i + 1, "", "probe_ms",
                        c.callMs().get(i));
            }
            cost.row(c.net(), c.threads(), c.points(), c.medianMs(), String.join(" ",
                    c.callMs().stream().map(MarkdownTable::format).toList()));
            headline.put("probe_ms_" + c.net(), c.medianMs());
        }
        double stepMs = Timings.median(r.defaults().withoutMs());
        double estimate = r.mlpProbe().medianMs() / (r.defaults().everyIterations() * stepMs) * 100;
        headline.put("overhead_percent_defaults_from_probe_cost", estimate);
        return String.format(Locale.ROOT, "## Training overhead (MNIST MLP 784, 8 x 100 hard tanh, 10; batch %d; 1 "
                + "native thread)%n%nTwo networks from the same seed, one with the listener (%d points), trained "
                + "alternating iteration by iteration; %d rounds, each a whole number of probe intervals; GC: %s.%n%n",
                ListenerBenchmark.MLP_BATCH, s.points(), s.rounds(), r.garbageCollectors()) + overhead.render()
                + String.format(Locale.ROOT, "%nFrom the time per probe below: %.1f ms per probe / (%d iterations x "
                        + "%.2f ms) = %.2f%% at the defaults.%n", r.mlpProbe().medianMs(),
                        r.defaults().everyIterations(), stepMs, estimate)
                + "\n## Time per probe call\n\nPropagation of the probe and the measures (no sinks); conv net: "
                + "CIFAR-10 c1 c2 p1 c3 c4 c5 p2 fc1 fc2, width " + MarkdownTable.format(s.convWidth())
                + ", sigma_w^2 = 2.\n\n" + cost.render();
    }
}
