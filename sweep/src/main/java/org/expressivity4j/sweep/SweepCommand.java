package org.expressivity4j.sweep;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.expressivity4j.trainers.Expressivity4j;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.run.RunDirectory;
import org.expressivity4j.trainers.run.RunFailure;
import org.expressivity4j.trainers.run.RunLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code expressivity4j sweep COMMAND [ARGS...] --grid NAME=V1,V2 ...}: every combination of the grid's values is
 * one cell, an ordinary run of COMMAND with ARGS and that cell's options, run in-process by one Spark task. The
 * driver writes each cell's files as it finishes, then the aggregate over the replicate axis (the seeds).
 */
@Command(name = "sweep", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Runs a grid of one experiment command's options as Apache Spark tasks, one task per cell: "
                + "on this machine by default (local[*]), or on a Spark cluster (--master spark://host:port).",
            "Each cell's run folder comes back to cells/<id>/ of --out; summary.md, aggregate.csv and plots/ give "
                + "each headline result (the cells' manifest results) per grid point as mean, standard deviation and "
                + "95%% confidence interval over the replicate axis (--replicate, default seed)."},
        footer = {"", "Example: expressivity4j sweep trajectory-growth --quick --grid seed=1,2,3 --grid widths=8,16 "
                + "--out results/growth-sweep",
            "Arguments the sweep does not know are the swept command's, shared by every cell. --out, --resume and "
                + "--threads of the swept command are the sweep's to set.",
            "Exit codes: 0 every cell finished, 1 a cell failed (the others still run; summary.md names it), "
                + "2 bad arguments."})
public final class SweepCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SweepCommand.class);
    /** The sweep's own record (grid, arguments, Spark settings, how it ended). */
    static final String SWEEP_JSON = "sweep.json";
    /** A finished cell's record in its folder; written last, so its presence marks the cell done. */
    static final String CELL_JSON = "cell.json";
    static final String CELLS = "cells";
    /** Options of the swept command that the sweep sets for every cell. */
    private static final Set<String> RESERVED = Set.of("out", "resume", "threads", "help", "version");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    @Parameters(index = "0", paramLabel = "COMMAND",
            description = "The experiment command to sweep, e.g. trajectory-growth or bn-vs-trajreg.")
    String command;

    @Parameters(index = "1..*", paramLabel = "ARG",
            description = "The swept command's arguments shared by every cell, e.g. --quick or --epochs 3.")
    List<String> fixed = new ArrayList<>();

    @Option(names = "--grid", paramLabel = "NAME=V1,V2",
            description = "An axis of the grid: one of the command's options (without --) and its values, "
                    + "comma-separated. Repeat for more axes; the first varies slowest. A flag takes true,false.")
    List<String> grid = new ArrayList<>();

    @Option(names = "--grid-file", paramLabel = "FILE",
            description = "Axes from a JSON object of option name to an array of values, for values holding commas: "
                    + "{\"seed\": [1, 2], \"variants\": [\"none,batchnorm\", \"trajreg\"]}. Adds to --grid.")
    Path gridFile;

    @Option(names = "--replicate", paramLabel = "AXIS", defaultValue = "seed",
            description = "The axis whose cells are replicates of one grid point: statistics are over it. "
                    + "Default: ${DEFAULT-VALUE} (when the grid has no such axis, every cell is its own point).")
    String replicate;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The sweep's folder. Default: results/sweep-<command>-<date>-<time>.")
    Path out;

    @Option(names = "--resume",
            description = "Continue the sweep in --out: finished cells are kept, the others (failed ones too) run.")
    boolean resume;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N] runs N cells at a time in this JVM (bound to 127.0.0.1, no web "
                    + "UI); spark://host:port a standalone cluster. Default: spark-submit's --master when run by "
                    + "spark-submit, otherwise " + SparkSetup.DEFAULT_MASTER + ".")
    String master;

    @Option(names = "--task-cpus", paramLabel = "N", defaultValue = "1",
            description = "Cores per cell (spark.task.cpus): each cell's native thread count. Default: "
                    + "${DEFAULT-VALUE}.")
    int taskCpus;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "2",
            description = "Attempts per cell before it counts as failed (spark.task.maxFailures). Default: "
                    + "${DEFAULT-VALUE}.")
    int maxAttempts;

    @Option(names = "--no-spark",
            description = "Run the cells one after another in this JVM without Spark (no retries): the baseline "
                    + "the sweep's overhead is measured against, and a way to debug a cell.")
    boolean noSpark;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting, applied last, e.g. spark.authenticate=true with "
                    + "spark.authenticate.secret.file=FILE for a cluster that requires a shared secret.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Turns on Spark's authentication (spark.authenticate) with the shared secret in FILE (its "
                    + "first line), for a cluster that requires one. The file must not be readable by group or "
                    + "others; the secret is never written to the sweep's folder.")
    Path secretFile;

    @Spec
    CommandSpec spec;

    /** --conf, with the secret of --secret-file: what Spark gets (the record shows it redacted). */
    private Map<String, String> sparkConf = Map.of();

    /** The command line of this command alone: unknown options are the swept command's arguments. */
    public static CommandLine commandLine() {
        return new CommandLine(new SweepCommand()).setUnmatchedOptionsArePositionalParams(true);
    }

    @Override
    public Integer call() throws Exception {
        Plan plan = plan();
        Path folder = out != null ? out : defaultFolder();
        SweepRecord record = openRecord(folder, plan);
        try (RunLock lock = lock(folder)) {
            return run(folder, plan, record);
        }
    }

    /** What the arguments ask for, checked before anything starts. */
    record Plan(Grid grid, List<Cell> cells, Set<String> flags, String replicate) {
    }

    Plan plan() {
        if (noSpark && (master != null || !conf.isEmpty() || secretFile != null)) {
            throw usage("--master, --conf and --secret-file do not apply with --no-spark");
        }
        sparkConf = new LinkedHashMap<>(conf);
        if (secretFile != null) {
            sparkConf.put("spark.authenticate", "true");
            sparkConf.put("spark.authenticate.secret", readSecret(secretFile));
        }
        if (noSpark) {
            master = "none (--no-spark)";
        } else if (master == null) {
            master = System.getProperty("spark.master", SparkSetup.DEFAULT_MASTER);
        }
        if (master.isBlank()) {
            throw usage("--master must name a Spark master, e.g. local[2] or spark://host:7077");
        }
        if (taskCpus < 1 || taskCpus > 256) {
            throw usage("--task-cpus must be between 1 and 256, got " + taskCpus);
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw usage("--max-attempts must be between 1 and 20, got " + maxAttempts);
        }
        if (out != null && out.toString().isBlank()) {
            throw usage("--out must name a folder, got an empty path");
        }
        CommandLine root = new CommandLine(new Expressivity4j());
        CommandLine swept = root.getSubcommands().get(command);
        List<String> sweepable = root.getSubcommands().entrySet().stream()
                .filter(e -> e.getValue().getCommandSpec().userObject() instanceof ExperimentCommand)
                .map(Map.Entry::getKey).sorted().toList();
        if (swept == null || !(swept.getCommandSpec().userObject() instanceof ExperimentCommand)) {
            throw usage("cannot sweep '" + command + "': choose one of " + sweepable);
        }
        Grid g;
        try {
            Grid fromArgs = grid.isEmpty() ? null : Grid.parse(grid);
            Grid fromFile = gridFile == null ? null : Grid.read(gridFile);
            if (fromArgs == null && fromFile == null) {
                throw new IllegalArgumentException("the grid has no axis: give --grid NAME=V1,V2,... or --grid-file");
            }
            g = fromArgs == null ? fromFile : fromFile == null ? fromArgs : fromArgs.and(fromFile);
            g.size();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Set<String> flags = new LinkedHashSet<>();
        for (Map.Entry<String, List<String>> axis : g.axes().entrySet()) {
            String name = axis.getKey();
            if (RESERVED.contains(name)) {
                throw usage("--" + name + " cannot be a grid axis: the sweep sets it for every cell");
            }
            OptionSpec option = swept.getCommandSpec().findOption("--" + name);
            if (option == null) {
                throw usage(command + " has no option --" + name + " (grid axis '" + name + "')");
            }
            if (option.arity().max() == 0) {
                for (String v : axis.getValue()) {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw usage("--" + name + " is a flag: its grid values are true and false, got '" + v + "'");
                    }
                }
                flags.add(name);
            }
        }
        checkFixed(swept, g);
        String rep = g.axes().containsKey(replicate) ? replicate : null;
        return new Plan(g, g.cells(), flags, rep);
    }

    /** The shared arguments parse as the command's (required options aside), and leave the grid's to the grid. */
    private void checkFixed(CommandLine swept, Grid g) {
        for (String arg : fixed) {
            if (!arg.startsWith("--")) {
                continue;
            }
            String name = arg.substring(2).split("=", 2)[0];
            if (RESERVED.contains(name)) {
                throw usage("--" + name + " is the sweep's to set; give it to sweep itself"
                        + (name.equals("threads") ? " as --task-cpus" : ""));
            }
            OptionSpec option = swept.getCommandSpec().findOption("--" + name);
            if (option != null && option.names().length > 0) {
                for (String alias : option.names()) {
                    if (g.axes().containsKey(alias.replaceFirst("^--?", ""))) {
                        throw usage(arg + " is both a shared argument and a grid axis");
                    }
                }
            }
        }
        CommandLine check;
        try {
            check = new CommandLine(CommandLine.defaultFactory().create(
                    swept.getCommandSpec().userObject().getClass()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + command + " to check its arguments: " + e, e);
        }
        try {
            check.parseArgs(fixed.toArray(String[]::new));
        } catch (CommandLine.MissingParameterException missing) {
            // the grid may give it
        } catch (CommandLine.ParameterException e) {
            throw usage("the shared arguments of " + command + ": " + e.getMessage());
        }
    }

    private SweepRecord openRecord(Path folder, Plan plan) {
        Path file = folder.resolve(SWEEP_JSON);
        SweepRecord fresh = SweepRecord.start(command, fixed, plan.grid(), plan.replicate(), master, taskCpus,
                maxAttempts, SparkSetup.redacted(sparkConf), spec.commandLine().getParseResult() == null ? List.of()
                        : SparkSetup.redactedArguments(spec.commandLine().getParseResult().originalArgs()));
        if (resume) {
            if (!Files.exists(file)) {
                throw usage(folder + " holds no sweep to resume (no " + SWEEP_JSON + ")");
            }
            SweepRecord before = SweepRecord.read(file);
            if (!before.sameSweep(fresh)) {
                throw usage("the sweep in " + folder + " ran " + before.describe() + "; this one asks for "
                        + fresh.describe() + ": resume it with the same command, arguments and grid");
            }
            return before.resumed();
        }
        if (Files.exists(file)) {
            throw usage(folder + " already holds a sweep; pass --resume to continue it, or choose another --out");
        }
        try {
            RunDirectory.checkNewFolder(folder, SWEEP_JSON);
        } catch (IllegalStateException e) {
            throw usage(e.getMessage());
        }
        return fresh;
    }

    private RunLock lock(Path folder) {
        try {
            Files.createDirectories(folder.resolve(CELLS));
            return RunLock.acquire(folder);
        } catch (IllegalStateException e) {
            throw usage(e.getMessage());
        } catch (java.io.IOException e) {
            throw usage("cannot create " + folder + ": " + e.getMessage());
        }
    }

    private int run(Path folder, Plan plan, SweepRecord start) throws Exception {
        SweepOutput output = new SweepOutput(folder);
        SweepRecord[] record = {start};
        output.writeRecord(record[0]);
        Thread onSignal = new Thread(() -> output.writeRecord(record[0].ended("interrupted",
                "stopped by a signal before it ended; --resume runs the cells not yet finished")),
                "expressivity4j-sweep-interrupted");
        Runtime.getRuntime().addShutdownHook(onSignal);
        Map<String, String> failures = new LinkedHashMap<>();
        try {
            List<Cell> pending = plan.cells().stream().filter(c -> !output.finished(c)).toList();
            int before = plan.cells().size() - pending.size();
            if (before > 0) {
                log.info("resuming: {} of {} cells finished earlier, {} to run", before, plan.cells().size(),
                        pending.size());
            }
            if (!pending.isEmpty()) {
                runCells(folder, plan, pending, before, output, failures);
            }
            SweepReport.Result result = SweepReport.write(folder, command, fixed, plan, output, failures);
            record[0] = record[0].ended(failures.isEmpty() ? "completed" : "failed",
                    failures.isEmpty() ? null : failures.size() + " cell(s) failed", result.counts(), failures);
            output.writeRecord(record[0]);
        } catch (Exception | Error e) {
            record[0] = record[0].ended("failed", String.valueOf(e.getMessage()), null, failures);
            output.writeRecord(record[0]);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(Files.readString(folder.resolve("summary.md")));
        stdout.println("Results: " + folder.toAbsolutePath());
        stdout.flush();
        if (!failures.isEmpty()) {
            throw new CellsFailed(failures);
        }
        return 0;
    }

    private void runCells(Path folder, Plan plan, List<Cell> pending, int before, SweepOutput output,
                          Map<String, String> failures) throws InterruptedException {
        if (noSpark) {
            runCellsHere(plan, pending, before, output, failures);
            return;
        }
        List<String> jars = SparkSetup.isLocal(master) ? List.of()
                : SparkSetup.jarsToShip(folder.resolve(".spark-jars"));
        CellTask task = new CellTask(command, fixed, plan.flags(), taskCpus);
        SparkSetup.prepareJvm();
        log.info("sweep of {}: {} cells on {} ({} core(s) per cell)", command, pending.size(), master, taskCpus);
        try (JavaSparkContext spark = new JavaSparkContext(SparkSetup.conf(master, taskCpus, maxAttempts, sparkConf,
                jars));
             Progress progress = Progress.start("sweep " + command, plan.cells().size(), "cells")) {
            spark.setLogLevel("WARN");
            progress.alreadyDone(before);
            Map<Cell, JavaFutureAction<List<CellResult>>> running = new LinkedHashMap<>();
            for (Cell cell : pending) {
                spark.setJobDescription("cell " + cell.index() + " of " + cell.total() + ": " + cell.label());
                running.put(cell, spark.parallelize(List.of(cell), 1).map(task).collectAsync());
            }
            while (!running.isEmpty()) {
                boolean any = false;
                for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                    var entry = it.next();
                    if (!entry.getValue().isDone()) {
                        continue;
                    }
                    it.remove();
                    any = true;
                    Cell cell = entry.getKey();
                    try {
                        CellResult result = entry.getValue().get().get(0);
                        output.writeCell(result);
                        failures.remove(cell.id());
                        log.info("cell {} of {} finished in {} s: {}", cell.index(), cell.total(),
                                String.format(java.util.Locale.ROOT, "%.1f", result.wallMillis() / 1000.0),
                                cell.label());
                    } catch (ExecutionException e) {
                        String why = cellError(e);
                        failures.put(cell.id(), why);
                        log.warn("cell {} of {} failed ({}): {}", cell.index(), cell.total(), cell.label(), why);
                    }
                    progress.advance(1);
                }
                if (!any) {
                    waitForAny(running);
                }
            }
        }
    }

    /** The cells one after another in this thread, through the same task and output as on Spark. */
    private void runCellsHere(Plan plan, List<Cell> pending, int before, SweepOutput output,
                              Map<String, String> failures) {
        CellTask task = new CellTask(command, fixed, plan.flags(), taskCpus);
        log.info("sweep of {}: {} cells one after another in this JVM, without Spark", command, pending.size());
        try (Progress progress = Progress.start("sweep " + command, plan.cells().size(), "cells")) {
            progress.alreadyDone(before);
            for (Cell cell : pending) {
                try {
                    CellResult result = task.call(cell);
                    output.writeCell(result);
                    log.info("cell {} of {} finished in {} s: {}", cell.index(), cell.total(),
                            String.format(java.util.Locale.ROOT, "%.1f", result.wallMillis() / 1000.0), cell.label());
                } catch (CellFailure | java.io.IOException | java.io.UncheckedIOException e) {
                    failures.put(cell.id(), e.getMessage());
                    log.warn("cell {} of {} failed ({}): {}", cell.index(), cell.total(), cell.label(),
                            e.getMessage());
                }
                progress.advance(1);
            }
        }
    }

    private static void waitForAny(Map<Cell, JavaFutureAction<List<CellResult>>> running)
            throws InterruptedException {
        JavaFutureAction<List<CellResult>> first = running.values().iterator().next();
        try {
            first.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // checked again by the caller
        }
    }

    /** The failing cell's own message, without Spark's wrapping and stack traces. */
    static String cellError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CellFailure) {
                return t.getMessage();
            }
        }
        String text = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        int at = text.indexOf(CellFailure.class.getName() + ": ");
        if (at >= 0) {
            String rest = text.substring(at + CellFailure.class.getName().length() + 2);
            int end = rest.indexOf("\n\tat ");
            return (end >= 0 ? rest.substring(0, end) : rest).strip();
        }
        int newline = text.indexOf('\n');
        return newline > 0 ? text.substring(0, newline) : text;
    }

    /** The first line of a file only its owner can read. */
    private String readSecret(Path file) {
        try {
            var permissions = Files.getPosixFilePermissions(file);
            for (var p : List.of(java.nio.file.attribute.PosixFilePermission.GROUP_READ,
                    java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
                if (permissions.contains(p)) {
                    throw usage("--secret-file " + file + " is readable by group or others: chmod 600 it");
                }
            }
            String secret = Files.readAllLines(file).stream().findFirst().orElse("").strip();
            if (secret.isEmpty()) {
                throw usage("--secret-file " + file + " is empty");
            }
            return secret;
        } catch (UnsupportedOperationException e) {
            throw usage("--secret-file needs a file system with POSIX permissions");
        } catch (java.io.IOException e) {
            throw usage("cannot read --secret-file " + file + ": " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private Path defaultFolder() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("results", "sweep-" + command + "-" + stamp);
    }

    /** Some cells failed: the run ends with exit code 1 after writing everything the others produced. */
    static final class CellsFailed extends RunFailure {
        private static final long serialVersionUID = 1L;

        CellsFailed(Map<String, String> failures) {
            super(failures.size() + " cell(s) failed: " + String.join("; ", failures.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).toList()));
        }

        @Override
        public String status() {
            return "failed";
        }
    }

    /** For tests: the usage text renders. */
    static String usageText() {
        StringWriter w = new StringWriter();
        commandLine().usage(new PrintWriter(w));
        return w.toString();
    }
}
