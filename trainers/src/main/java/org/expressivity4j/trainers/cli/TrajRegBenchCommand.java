package org.expressivity4j.trainers.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.expressivity4j.trainers.bench.TrajectoryRegularizationBenchmark;
import org.expressivity4j.trainers.experiments.RunContext;
import org.expressivity4j.trainers.models.Architectures.Normalization;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
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
            description = "Timed training steps per variant and round. Default: 2, or 1 with --quick.")
    Integer steps;

    @Option(names = "--batch", paramLabel = "N", description = "Minibatch size. Default: 128, or 32 with --quick.")
    Integer batch;

    @Option(names = "--width", paramLabel = "X",
            description = "Width multiplier of the conv net (1: 3.7 M parameters). Default: 1, or 0.5 with --quick.")
    Double width;

    @Override
    protected void validate() {
        if (rounds != null && rounds < 1 || steps != null && steps < 1) {
            throw usage("--rounds and --steps must be at least 1");
        }
        if (batch != null && batch < 2) {
            throw usage("--batch must be at least 2 (a trajectory needs two examples)");
        }
        if (width != null && !(width > 0)) {
            throw usage("--width must be positive");
        }
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        boolean quick = context.quick();
        TrajectoryRegularizationBenchmark.Settings settings = new TrajectoryRegularizationBenchmark.Settings(
                rounds != null ? rounds : quick ? 2 : 5, steps != null ? steps : quick ? 1 : 2,
                batch != null ? batch : quick ? 32 : 128, width != null ? width : quick ? 0.5 : 1.0, 2);
        TrajectoryRegularizationBenchmark.Result result = new TrajectoryRegularizationBenchmark()
                .run(settings, context.seed());

        MarkdownTable table = new MarkdownTable("normalization", "ms / training step", "per-round ms",
                "inference ms / example", "per-round ms / example");
        Map<String, Object> headline = new LinkedHashMap<>();
        try (MetricsCsv metrics = context.run().metrics(List.of("variant"))) {
            for (TrajectoryRegularizationBenchmark.Timing t : result.timings()) {
                String variant = name(t.variant());
                for (int r = 0; r < t.stepMs().size(); r++) {
                    metrics.append(List.of(variant), r + 1, "", "ms_per_step", t.stepMs().get(r));
                    metrics.append(List.of(variant), r + 1, "", "inference_ms_per_example",
                            t.inferenceMsPerExample().get(r));
                }
                table.row(variant, t.medianStepMs(), join(t.stepMs()), t.medianInferenceMsPerExample(),
                        join(t.inferenceMsPerExample()));
                headline.put(variant + " ms/step", t.medianStepMs());
                headline.put(variant + " inference ms/example", t.medianInferenceMsPerExample());
            }
        }
        MarkdownTable ratios = new MarkdownTable("ratio", "training step", "inference");
        ratios.row("trajectory regularization / batch norm", result.stepRatio(TR, BN), result.inferenceRatio(TR, BN));
        ratios.row("trajectory regularization / none", result.stepRatio(TR, NONE), result.inferenceRatio(TR, NONE));
        ratios.row("batch norm / none", result.stepRatio(BN, NONE), result.inferenceRatio(BN, NONE));
        headline.put("trajreg/bn step ratio", result.stepRatio(TR, BN));
        headline.put("trajreg/none step ratio", result.stepRatio(TR, NONE));
        headline.put("trajreg/none inference ratio", result.inferenceRatio(TR, NONE));

        TrajectoryRegularizationBenchmark.Settings s = result.settings();
        List<String> args = spec.commandLine().getParseResult() == null ? List.of()
                : spec.commandLine().getParseResult().originalArgs();
        context.run().writeSummary("# Trajectory regularization against batch norm: step time\n\n"
                + table.render() + "\n" + ratios.render() + String.format(Locale.ROOT,
                "%nCIFAR-10 conv net c1 c2 p1 c3 c4 c5 p2 fc1 fc2 (width x%s), normalization after c2, c5, fc1, fc2; "
                        + "batch %d of random images, SGD. Median over %d rounds of the mean of %d step(s); "
                        + "variants alternate within each round (rotating order), after %d untimed warm-up "
                        + "round(s). Inference: one `output` over the batch, divided by its size. GC: %s.%n%n"
                        + "Command: `expressivity4j %s`%n",
                s.width(), s.batch(), s.rounds(), s.steps(), s.warmup(), result.garbageCollectors(),
                String.join(" ", args)));
        return headline;
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
