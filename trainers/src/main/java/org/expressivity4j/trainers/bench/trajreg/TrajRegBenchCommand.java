package org.expressivity4j.trainers.bench.trajreg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.expressivity4j.trainers.models.Architectures.Normalization;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench trajreg-step}: training-step and inference time with no normalization, batch norm, trajectory reg. */
@Command(name = "trajreg-step",
        description = "Training-step and inference time of the CIFAR-10 conv net with no normalization, with batch "
                + "norm and with trajectory regularization in its place (paper Section 3.3), alternating in one run, "
                + "medians over rounds.",
        mixinStandardHelpOptions = true)
public final class TrajRegBenchCommand extends ExperimentCommand {

    private static final Normalization NONE = Normalization.NONE;
    private static final Normalization BN = Normalization.BATCH_NORM;
    private static final Normalization TR = Normalization.TRAJECTORY_REGULARIZATION;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds. Default: 5, or 2 with --quick.")
    Integer rounds;

    @Option(names = "--steps", paramLabel = "N",
            description = "Timed training steps (and inference passes) per variant and round. Default: 2, or 1 with "
                    + "--quick.")
    Integer steps;

    @Option(names = "--batch", paramLabel = "N", description = "Minibatch size. Default: 128, or 32 with --quick.")
    Integer batch;

    @Option(names = "--width-multiplier", paramLabel = "X",
            description = "Width multiplier of the conv net (1: 3.7 M parameters). Default: 1, or 0.5 with --quick.")
    Double width;

    /** The old spelling of --width-multiplier, kept for existing scripts. */
    @Option(names = "--width", paramLabel = "X", hidden = true)
    void width(Double x) {
        width = x;
    }

    @Option(names = "--layer-fits", paramLabel = "N",
            description = "Forward-backward passes per timing of a normalization layer alone; 0 skips that part. "
                    + "Default: 10, or 3 with --quick.")
    Integer layerFits;

    @Override
    protected void validate() {
        if (rounds != null && rounds < 1 || steps != null && steps < 1) {
            throw usage("--rounds and --steps must be at least 1");
        }
        if (layerFits != null && layerFits < 0) {
            throw usage("--layer-fits must not be negative");
        }
        if (batch != null && batch < 2) {
            throw usage("--batch must be at least 2 (a trajectory needs two examples)");
        }
        if (width != null && !(width > 0)) {
            throw usage("--width-multiplier must be positive");
        }
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        boolean quick = context.quick();
        TrajectoryRegularizationBenchmark.Settings settings = new TrajectoryRegularizationBenchmark.Settings(
                rounds != null ? rounds : quick ? 2 : 5, steps != null ? steps : quick ? 1 : 2,
                batch != null ? batch : quick ? 32 : 128, width != null ? width : quick ? 0.5 : 1.0, 2,
                layerFits != null ? layerFits : quick ? 3 : 10);
        TrajectoryRegularizationBenchmark.Result result = new TrajectoryRegularizationBenchmark()
                .run(settings, context.seed());
        Map<String, Object> headline = new LinkedHashMap<>();
        try (MetricsCsv metrics = context.run().metrics(List.of("variant"))) {
            writeMetrics(result, metrics);
        }
        String steps = stepTables(result, headline);
        String layers = result.layerCosts().isEmpty() ? "" : layerTable(result, headline);
        List<String> args = spec.commandLine().getParseResult() == null ? List.of()
                : spec.commandLine().getParseResult().originalArgs();
        context.run().writeSummary("# Trajectory regularization against batch norm: step time\n\n" + steps + layers
                + String.format(Locale.ROOT, "%nCIFAR-10 conv net c1 c2 p1 c3 c4 c5 p2 fc1 fc2 (width x%s), "
                        + "normalization after c2, c5, fc1, fc2; batch %d of random images, SGD; %d untimed warm-up "
                        + "round(s). GC: %s.%n%nCommand: `expressivity4j %s`%n", settings.width(), settings.batch(),
                settings.warmup(), result.garbageCollectors(), String.join(" ", args)));
        return headline;
    }

    private static void writeMetrics(TrajectoryRegularizationBenchmark.Result result, MetricsCsv metrics) {
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

    private static String stepTables(TrajectoryRegularizationBenchmark.Result result, Map<String, Object> headline) {
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

    private static String layerTable(TrajectoryRegularizationBenchmark.Result result, Map<String, Object> headline) {
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

    private static String name(Normalization n) {
        return switch (n) {
            case NONE -> "none";
            case BATCH_NORM -> "batch norm";
            case TRAJECTORY_REGULARIZATION -> "trajectory regularization";
        };
    }

    private static String join(List<Double> values) {
        return String.join(" ", values.stream().map(MarkdownTable::format).toList());
    }
}
