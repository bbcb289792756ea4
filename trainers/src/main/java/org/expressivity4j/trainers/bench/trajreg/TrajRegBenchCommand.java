package org.expressivity4j.trainers.bench.trajreg;

import java.util.List;
import java.util.Map;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.options.ConvNetChecks;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.MemoryEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench trajreg-step}: training-step and inference time with no normalization, batch norm, trajectory reg. */
@Command(name = "trajreg-step",
        description = "Training-step and inference time of the CIFAR-10 conv net with no normalization, with batch "
                + "norm and with trajectory regularization in its place (paper Section 3.3), alternating in one run, "
                + "medians over rounds.",
        mixinStandardHelpOptions = true)
public final class TrajRegBenchCommand extends ExperimentCommand {

    @Option(names = "--rounds", paramLabel = "N", converter = Ranges.Count.class,
            description = "Rounds. Default: 5, or 2 with --quick.")
    Integer rounds;

    @Option(names = "--steps", paramLabel = "N", converter = Ranges.Count.class,
            description = "Timed training steps (and inference passes) per variant and round. Default: 2, or 1 with "
                    + "--quick.")
    Integer steps;

    @Option(names = "--batch", paramLabel = "N", converter = Ranges.Batch.class,
            description = "Minibatch size, at least 2 (a trajectory needs two examples). Default: 128, or 32 "
                    + "with --quick.")
    Integer batch;

    @Option(names = "--width-multiplier", paramLabel = "X", converter = Ranges.WidthMultiplier.class,
            description = "Width multiplier of the conv net (1: 3.7 M parameters). Default: 1, or 0.5 with --quick.")
    Double width;

    /** The old spelling of --width-multiplier, kept for existing scripts. */
    @Option(names = "--width", paramLabel = "X", hidden = true, converter = Ranges.WidthMultiplier.class)
    void width(Double x) {
        width = x;
    }

    @Option(names = "--layer-fits", paramLabel = "N", converter = Ranges.CountOrZero.class,
            description = "Forward-backward passes per timing of a normalization layer alone; 0 skips that part. "
                    + "Default: 10, or 3 with --quick.")
    Integer layerFits;

    @Override
    protected void validate() {
        if (batch != null && batch < 2) {
            throw usage("--batch must be at least 2 (a trajectory needs two examples), got " + batch);
        }
        double w = width != null ? width : common.quick() ? 0.5 : 1.0;
        int b = batch != null ? batch : common.quick() ? 32 : 128;
        ConvNetChecks.requireChannels(Architectures.ConvSizes.SVCCA, w, this::usage);
        // The three variants' networks at once (batch norm's is the largest).
        Architectures.Shape shape = Architectures.convNetShape(Architectures.ConvSizes.SVCCA, w,
                Architectures.Normalization.BATCH_NORM);
        requireMemory(MemoryEstimate.training("the conv net", 3, shape.parameters(), 0,
                shape.activationsPerExample(), b, b), "--width-multiplier " + ConvNetChecks.format(w) + ", --batch "
                + b);
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
        List<String> args = spec.commandLine().getParseResult() == null ? List.of()
                : spec.commandLine().getParseResult().originalArgs();
        return TrajRegBenchReport.write(context, result, args);
    }
}
