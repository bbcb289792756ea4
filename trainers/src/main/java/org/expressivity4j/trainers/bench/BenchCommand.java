package org.expressivity4j.trainers.bench;

import org.expressivity4j.trainers.bench.backend.BackendBenchCommand;
import org.expressivity4j.trainers.bench.dataload.DataLoadBenchCommand;
import org.expressivity4j.trainers.bench.listener.ListenerBenchCommand;
import org.expressivity4j.trainers.bench.onelayer.TrainOneLayerBenchCommand;
import org.expressivity4j.trainers.bench.propagation.PropagationBenchCommand;
import org.expressivity4j.trainers.bench.trajreg.TrajRegBenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code bench}: the project's benchmarks; each writes a run folder like an experiment. */
@Command(name = "bench",
        description = "Benchmarks (timings side by side in one run; each writes a run folder).",
        mixinStandardHelpOptions = true,
        subcommands = {DataLoadBenchCommand.class, BackendBenchCommand.class, TrajRegBenchCommand.class,
                PropagationBenchCommand.class, ListenerBenchCommand.class, TrainOneLayerBenchCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark: choose one of "
                + spec.subcommands().keySet());
    }
}
