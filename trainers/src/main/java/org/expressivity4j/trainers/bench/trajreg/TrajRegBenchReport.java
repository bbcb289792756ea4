package org.expressivity4j.trainers.bench.trajreg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.expressivity4j.trainers.models.Architectures.Normalization;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.RunContext;

/**
 * The report of {@code bench trajreg-step}: the metrics rows (step, inference and per-layer times per round) and
 * summary.md, from the {@link TrajectoryRegularizationBenchmark} result.
 */
public final class TrajRegBenchReport {

    private static final Normalization NONE = Normalization.NONE;
    private static final Normalization BN = Normalization.BATCH_NORM;
    private static final Normalization TR = Normalization.TRAJECTORY_REGULARIZATION;

    private TrajRegBenchReport() {
    }

    /**
     * Writes the metrics and summary.md of a benchmark run with these command-line arguments.
     *
     * @return the headline numbers for the manifest
     */
    public static Map<String, Object> write(RunContext context, TrajectoryRegularizationBenchmark.Result result,
                                            List<String> args) {
        Map<String, Object> headline = new LinkedHashMap<>();
        try (MetricsCsv metrics = context.run().metrics(List.of("variant"))) {
            writeMetrics(result, metrics);
        }
        String steps = stepTables(result, headline);
        String layers = result.layerCosts().isEmpty() ? "" : layerTable(result, headline);
        context.run().writeSummary("# Trajectory regularization against batch norm: step time\n\n" + steps + layers
                + String.format(Locale.ROOT, "%nCIFAR-10 conv net c1 c2 p1 c3 c4 c5 p2 fc1 fc2 (width x%s), "
                        + "normalization after c2, c5, fc1, fc2; batch %d of random images, SGD; %d untimed warm-up "
                        + "round(s). GC: %s.%n%nCommand: `expressivity4j %s`%n", result.settings().width(),
                result.settings().batch(), result.settings().warmup(), result.garbageCollectors(),
                String.join(" ", args)));
        return headline;
    }

    static void writeMetrics(TrajectoryRegularizationBenchmark.Result result, MetricsCsv metrics) {
        for (TrajectoryRegularizationBenchmark.Timing t : result.timings()) {
            List<String> run = List.of(name(t.variant()));
            for (int r = 0; r < t.stepMs().size(); r++) {
                metrics.append(run, r + 1, "", "ms_per_step", t.stepMs().get(r));
                metrics.append(run, r + 1, "", "inference_ms_per_example", t.inferenceMsPerExample().get(r));
            }
        }
        for (TrajectoryRegularizationBenchmark.LayerCost c : result.layerCosts()) {
            String layer = (c.variant() == BN ? "bn" : "tr") + c.position();
            for (int r = 0; r < c.ms().size(); r++) {
                metrics.append(List.of(name(c.variant())), r + 1, layer, "layer_forward_backward_ms", c.ms().get(r));
                metrics.append(List.of(name(c.variant())), r + 1, layer, "layer_inference_ms",
                        c.inferenceMs().get(r));
            }
        }
    }

    static String stepTables(TrajectoryRegularizationBenchmark.Result result, Map<String, Object> headline) {
        MarkdownTable table = new MarkdownTable("normalization", "ms / training step", "per-round ms",
                "inference ms / example", "per-round ms / example");
        for (TrajectoryRegularizationBenchmark.Timing t : result.timings()) {
            String variant = name(t.variant());
            table.row(variant, t.medianStepMs(), join(t.stepMs()), t.medianInferenceMsPerExample(),
                    join(t.inferenceMsPerExample()));
            headline.put(variant + " ms/step", t.medianStepMs());
            headline.put(variant + " inference ms/example", t.medianInferenceMsPerExample());
        }
        MarkdownTable ratios = new MarkdownTable("ratio", "training step", "inference");
        ratios.row("trajectory regularization / batch norm", result.stepRatio(TR, BN), result.inferenceRatio(TR, BN));
        ratios.row("trajectory regularization / none", result.stepRatio(TR, NONE), result.inferenceRatio(TR, NONE));
        ratios.row("batch norm / none", result.stepRatio(BN, NONE), result.inferenceRatio(BN, NONE));
        headline.put("trajreg/bn step ratio", result.stepRatio(TR, BN));
        headline.put("trajreg/none step ratio", result.stepRatio(TR, NONE));
        headline.put("trajreg/none inference ratio", result.inferenceRatio(TR, NONE));
        TrajectoryRegularizationBenchmark.Settings s = result.settings();
        return table.render() + "\n" + ratios.render() + String.format(Locale.ROOT, "%nMedian over %d rounds of the "
                + "mean of %d training step(s) and as many `output` calls over the batch (inference, divided by the "
                + "batch size); variants alternate within each round (rotating order). Ratios: of the medians.%n",
                s.rounds(), s.steps());
    }

    static String layerTable(TrajectoryRegularizationBenchmark.Result result, Map<String, Object> headline) {
        MarkdownTable table = new MarkdownTable("position", "activations", "batch norm: train ms",
                "trajectory reg.: train ms", "ratio", "batch norm: inference ms", "trajectory reg.: inference ms");
        for (int k = 1; k <= 4; k++) {
            TrajectoryRegularizationBenchmark.LayerCost bn = result.layerCost(BN, k);
            TrajectoryRegularizationBenchmark.LayerCost tr = result.layerCost(TR, k);
            table.row("bn" + k + " / tr" + k, bn.shape(), bn.medianMs(), tr.medianMs(), tr.medianMs() / bn.medianMs(),
                    bn.medianInferenceMs(), tr.medianInferenceMs());
        }
        table.row("all four", "", result.layerCostMs(BN), result.layerCostMs(TR),
                result.layerCostMs(TR) / result.layerCostMs(BN), result.layerInferenceMs(BN),
                result.layerInferenceMs(TR));
        headline.put("layers alone: batch norm ms", result.layerCostMs(BN));
        headline.put("layers alone: trajreg ms", result.layerCostMs(TR));
        headline.put("layers alone: trajreg inference ms", result.layerInferenceMs(TR));
        TrajectoryRegularizationBenchmark.Settings s = result.settings();
        return "\n## The normalization layers alone\n\n" + table.render() + String.format(Locale.ROOT,
                "%nMilliseconds per forward and backward pass (train) and per `output` (inference): [layer, MSE "
                        + "loss] minus [MSE loss] alone, on random activations of the shape; mean of %d passes, paired "
                        + "within each round, median over %d rounds.%n", s.layerFits(), s.rounds());
    }

    static String name(Normalization n) {
        return switch (n) {
            case NONE -> "none";
            case BATCH_NORM -> "batch norm";
            case TRAJECTORY_REGULARIZATION -> "trajectory regularization";
        };
    }

    static String join(List<Double> values) {
        return String.join(" ", values.stream().map(MarkdownTable::format).toList());
    }
}
