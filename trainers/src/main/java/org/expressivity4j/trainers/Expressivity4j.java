package org.expressivity4j.trainers;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.expressivity4j.datasets.DatasetException;
import org.expressivity4j.trainers.bench.BenchCommand;
import org.expressivity4j.trainers.data.DataInfoCommand;
import org.expressivity4j.trainers.figures.bninit.BnInitCounterexampleCommand;
import org.expressivity4j.trainers.figures.bnvstrajreg.BnVsTrajRegCommand;
import org.expressivity4j.trainers.figures.dichotomies.DichotomiesCommand;
import org.expressivity4j.trainers.figures.growth.TrajectoryGrowthCommand;
import org.expressivity4j.trainers.figures.linearity.LinearityCommand;
import org.expressivity4j.trainers.figures.listenerplots.PlotTrajectoriesCommand;
import org.expressivity4j.trainers.figures.noise.NoiseRobustnessCommand;
import org.expressivity4j.trainers.figures.onelayer.TrainOneLayerCommand;
import org.expressivity4j.trainers.figures.picture.TrajectoryPictureCommand;
import org.expressivity4j.trainers.figures.transitions.TransitionsCommand;
import org.expressivity4j.trainers.reproduce.ReproduceCommand;
import org.expressivity4j.trainers.run.RunFailure;
import org.expressivity4j.trainers.run.VersionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code expressivity4j} command line: subcommands that reproduce the figures of Raghu et al., "On the
 * Expressive Power of Deep Neural Networks" (ICML 2017), check the data set-up, and benchmark.
 *
 * <p>Exit codes: 0 success, 1 a run failed (the message says why), 2 bad arguments (a one-line error and usage).
 */
@Command(name = "expressivity4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Trajectory length, transitions and dichotomies (Raghu et al., ICML 2017) on Deeplearning4j: "
                + "the paper's experiments on random networks, MNIST and CIFAR-10.",
        subcommands = {
            ReproduceCommand.class,
            DataInfoCommand.class,
            BenchCommand.class,
            BnInitCounterexampleCommand.class,
            BnVsTrajRegCommand.class,
            PlotTrajectoriesCommand.class,
            LinearityCommand.class,
            TrajectoryGrowthCommand.class,
            TransitionsCommand.class,
            DichotomiesCommand.class,
            TrajectoryPictureCommand.class,
            TrainOneLayerCommand.class,
            NoiseRobustnessCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Each run writes a folder with manifest.json, metrics.csv, plots/*.png and summary.md.",
            "Datasets are looked for in --data-dir, then $EXPRESSIVITY4J_DATA, then the cache",
            "(~/.cache/expressivity4j); otherwise they are downloaded and verified.",
            "Exit codes: 0 success, 1 the run failed, 2 bad arguments."})
public final class Expressivity4j implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Expressivity4j.class);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + spec.subcommands().keySet());
    }

    /**
     * JavaCPP's limit on the process's resident memory. Unless it is 0, every native allocation (ND4J allocates
     * one for each array's shape, views included) reads the process's resident size from the operating system, to
     * collect garbage when the limit is near: a system call per array that took 30-45% of the CPU time of a small
     * MLP's training step (bench backend, 1 thread). The command line sets it to 0 unless given; JavaCPP's limit on
     * the memory it allocates itself ({@code org.bytedeco.javacpp.maxBytes}) still applies.
     */
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with these streams and returns its exit code (for tests and embedding). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /**
     * The command line, ready to execute: these streams, one-line usage errors (exit code 2) and failures (exit code
     * 1). An application adds commands of its own modules with {@code extra} (e.g. {@code sweep}, which needs Spark
     * and so lives outside this module); they get the same streams and error handling.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, CommandLine... extra) {
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
            // read once, when ND4J first loads JavaCPP: nothing has yet
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
        CommandLine cli = new CommandLine(new Expressivity4j());
        for (CommandLine command : extra) {
            cli.addSubcommand(command);
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(Expressivity4j::handleFailure);
        cli.setParameterExceptionHandler(Expressivity4j::handleUsageError);
        return cli;
    }

    /** A user's mistake: one line saying what is wrong, the command's synopsis, and where to read more. */
    private static int handleUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.print("Usage: " + cli.getHelp().synopsis(0));
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof RunFailure) {
            log.debug("run ended", e);
            err.println("expressivity4j " + cli.getCommandName() + ": " + e.getMessage());
        } else if (e instanceof DatasetException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof UncheckedIOException) {
            log.debug("failure", e);
            err.println("expressivity4j " + cli.getCommandName() + ": error: " + e.getMessage());
        } else {
            log.error("unexpected failure", e);
            err.println("expressivity4j " + cli.getCommandName() + ": internal error: " + e);
        }
        err.flush();
        return 1;
    }
}
