package org.expressivity4j.trainers.bench.listener;

import java.util.Map;
import org.expressivity4j.dl4j.listeners.TrajectoryListener;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.MemoryEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench listener}: what the trajectory listener costs (training overhead on the MNIST MLP at its defaults and
 * when probing every iteration, time per probe on the MLP and the CIFAR-10 conv net) and how many probe points its
 * lengths need (convergence against twice the resolution on MNIST and CIFAR-10).
 */
@Command(name = "listener",
        description = "Cost of the trajectory listener: MNIST MLP training time with the listener at its defaults and "
                + "probing every iteration against without it (alternating chunks, medians over rounds), time per "
                + "probe on the MLP and the CIFAR-10 conv net; and the convergence of its lengths with the number of "
                + "probe points on MNIST and CIFAR-10 (needs the datasets; --no-convergence to skip).",
        mixinStandardHelpOptions = true)
public final class ListenerBenchCommand extends ExperimentCommand {

    @Option(names = "--rounds", paramLabel = "N", converter = Ranges.Count.class,
            description = "Rounds of interleaved training. Default: 15, or 3 with "
            + "--quick.")
    Integer rounds;

    @Option(names = "--points", paramLabel = "N", converter = Ranges.SizeAtLeastTwo.class,
            description = "Probe points. Default: the listener's default, " + TrajectoryListener.DEFAULT_POINTS
                    + ".")
    Integer points;

    @Option(names = "--every", paramLabel = "N", converter = Ranges.Count.class,
            description = "Probe interval at \"defaults\". Default: the listener's default, "
                    + TrajectoryListener.DEFAULT_EVERY_ITERATIONS + ".")
    Integer every;

    @Option(names = "--convergence", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also measure the lengths' convergence with the number of points (MNIST and CIFAR-10; "
                    + "--no-convergence to skip). Default: ${DEFAULT-VALUE}.")
    boolean convergence;

    @Override
    protected int preferredThreads() {
        return 1;
    }

    @Override
    protected void validate() {
        int p = points != null ? points : TrajectoryListener.DEFAULT_POINTS;
        Architectures.Shape shape = Architectures.convNetShape(Architectures.ConvSizes.SVCCA,
                common.quick() ? 0.25 : 1.0, Architectures.Normalization.NONE);
        requireMemory(MemoryEstimate.probe("the conv net", shape.parameters(), shape.activationsPerExample(), p),
                "--points " + p);
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        boolean quick = context.quick();
        int p = points != null ? points : TrajectoryListener.DEFAULT_POINTS;
        int n = every != null ? every : TrajectoryListener.DEFAULT_EVERY_ITERATIONS;
        ListenerBenchmark.Settings settings = new ListenerBenchmark.Settings(rounds != null ? rounds : quick ? 3 : 15,
                1, quick ? 10 : 20, quick ? 1 : 3, quick ? 0.25 : 1.0, p, n);
        ProbePointsConvergence.Settings cs = null;
        ProbePointsConvergence.Result conv = null;
        if (convergence) {
            cs = quick ? new ProbePointsConvergence.Settings(5, 9, 7, 60, 0, 16, 0.25, 0.01)
                    : new ProbePointsConvergence.Settings(5, 12, 10, 469, 20, 32, 1.0, 0.01);
            conv = new ProbePointsConvergence().run(cs, context.data(), context.seed());
        }
        ListenerBenchmark.Result result = new ListenerBenchmark().run(settings, context.seed());
        return ListenerBenchReport.write(context, cs, conv, settings, result);
    }
}
