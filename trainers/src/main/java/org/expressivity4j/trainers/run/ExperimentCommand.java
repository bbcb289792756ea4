package org.expressivity4j.trainers.run;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.datasets.DataLocator;
import org.expressivity4j.trainers.shared.MemoryEstimate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The frame every experiment subcommand runs in: configures the native backend, creates (or resumes) the run
 * folder and its manifest, runs the experiment, records how it ended, and prints the summary.
 */
public abstract class ExperimentCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ExperimentCommand.class);
    /** The manifest's record of the native thread count (in {@code versions}), checked on resume. */
    static final String THREADS = "threads";
    /** The log level's variable (environment, or a system property of the same name, as logback reads it). */
    static final String LOG_LEVEL = "EXPRESSIVITY4J_LOG_LEVEL";
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF", "ALL");

    @Mixin
    protected CommonOptions common;

    @Spec
    protected CommandSpec spec;

    /**
     * Runs the experiment.
     *
     * @return headline results for the manifest (the full numbers go to metrics.csv)
     */
    protected abstract Map<String, Object> run(RunContext context) throws Exception;

    /** Native threads that suit this command when --threads is not given; 0 for all cores. */
    protected int preferredThreads() {
        return 0;
    }

    /** Whether this invocation continues an earlier run (commands that support it add a --resume option). */
    protected boolean resuming() {
        return false;
    }

    /** Checks option combinations; throw {@link CommandLine.ParameterException} for a user's mistake. */
    protected void validate() {
    }

    /**
     * Throws a usage error naming {@code sizing} (the options that size the estimate, with their values) if the
     * estimate exceeds what ND4J may allocate here: called from {@link #validate()}, before anything is allocated.
     */
    protected void requireMemory(MemoryEstimate estimate, String sizing) {
        MemoryBudget.current().require(estimate, sizing, this::usage);
    }

    /** Those of {@code options} given on the command line, in this order. */
    protected List<String> given(String... options) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        return parsed == null ? List.of() : java.util.Arrays.stream(options).filter(parsed::hasMatchedOption).toList();
    }

    /**
     * Throws a usage error if any of {@code options} was given: they do not apply {@code when} (e.g. "with --model
     * (the network is loaded, not trained)").
     */
    protected void refuse(String when, String... options) {
        List<String> found = given(options);
        if (!found.isEmpty()) {
            throw usage(String.join(", ", found) + (found.size() == 1 ? " does" : " do") + " not apply " + when);
        }
    }

    /** Throws a usage error (exit code 2) with this message. */
    protected CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public final Integer call() throws Exception {
        String level = System.getProperty(LOG_LEVEL, System.getenv(LOG_LEVEL));
        if (level != null && !LEVELS.contains(level.trim().toUpperCase(java.util.Locale.ROOT))) {
            // logback would log at DEBUG without a word
            throw usage(LOG_LEVEL + " must be one of " + String.join(", ", LEVELS) + ", got '" + level + "'");
        }
        validate();
        NativeBackend.Settings settings;
        try {
            settings = common.threads() != null
                    ? new NativeBackend.Settings(common.threads(), NativeBackend.Settings.defaults().helpers())
                    : NativeBackend.Settings.withThreads(preferredThreads());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        NativeBackend.State backend = NativeBackend.configure(settings);
        log.info("native backend: {}", backend.describe());

        if (common.out() != null && common.out().toString().isBlank()) {
            throw usage("--out must name a folder, got an empty path");
        }
        Path folder = common.out() != null ? common.out() : defaultFolder();
        if (!resuming()) {
            checkNewFolder(folder);
        }
        List<String> arguments = spec.commandLine().getParseResult() == null ? List.of()
                : spec.commandLine().getParseResult().originalArgs();
        RunLock lock;
        try {
            lock = RunLock.acquire(folder);
        } catch (IllegalStateException e) {
            throw usage(e.getMessage());
        }
        try {
            RunDirectory run;
            try {
                if (resuming()) {
                    checkSameRun(folder, backend);
                }
                run = resuming() ? RunDirectory.resume(folder, spec.name(), arguments)
                        : RunDirectory.create(folder, startManifest(arguments, backend));
            } catch (IllegalStateException e) {
                throw usage(e.getMessage());
            }
            log.info("{} run folder: {}", resuming() ? "resuming" : "writing", run.folder());
            Thread onSignal = new Thread(run::interrupted, "expressivity4j-interrupted");
            Runtime.getRuntime().addShutdownHook(onSignal);
            try {
                execute(run);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs: the JVM is exiting
                }
            }
        } finally {
            lock.close();
        }
        return 0;
    }

    /** Runs the experiment in its folder and records how it ended. */
    private void execute(RunDirectory run) throws Exception {
        DataLocator data = DataLocator.standard(common.dataDir(), common.offline(), new DownloadProgress());
        RunContext context = new RunContext(run, common.seed(), common.quick(), data, resuming());
        Map<String, Object> results;
        try {
            results = run(context);
        } catch (Exception | Error e) {
            run.fail(e);
            throw e;
        }
        run.complete(results);
        printSummary(run);
    }

    private void printSummary(RunDirectory run) throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path summary = run.file(RunDirectory.SUMMARY);
        if (Files.exists(summary)) {
            out.println(Files.readString(summary));
        }
        out.println("Results: " + run.folder().toAbsolutePath());
        out.flush();
    }

    /**
     * A new run goes into a folder that does not exist, is empty, or holds a run (then {@link RunDirectory#create}
     * says to pass --resume): never into a folder of other files.
     */
    private void checkNewFolder(Path folder) {
        try {
            RunDirectory.checkNewFolder(folder, RunDirectory.MANIFEST);
        } catch (IllegalStateException e) {
            throw usage(e.getMessage());
        }
    }

    /**
     * A resumed run continues with the seed and native thread count it was started with: either changes the
     * numbers, so the metrics would mix two runs.
     */
    private void checkSameRun(Path folder, NativeBackend.State backend) {
        if (!Files.exists(folder.resolve(RunDirectory.MANIFEST))) {
            return;
        }
        Manifest before = RunDirectory.readManifest(folder);
        if (before.seed() != common.seed()) {
            throw usage("--seed " + common.seed() + " differs from the seed the run in " + folder + " was started "
                    + "with, " + before.seed() + ": resume it with --seed " + before.seed());
        }
        String threads = before.versions().get(THREADS);
        if (threads != null && !threads.equals(Integer.toString(backend.threads()))) {
            throw usage("the run in " + folder + " was started with " + threads + " native thread(s), this attempt "
                    + "has " + backend.threads() + ": resume it with --threads " + threads + " (the thread count "
                    + "changes the numbers)");
        }
    }

    private Manifest startManifest(List<String> arguments, NativeBackend.State backend) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            Object value = option.getValue();
            if (value instanceof java.util.Collection<?> values) {
                value = values.stream().map(String::valueOf).toList();
            } else if (value != null && !(value instanceof Number) && !(value instanceof Boolean)) {
                value = value.toString();
            }
            options.put(option.longestName(), value);
        }
        Map<String, String> versions = new LinkedHashMap<>(VersionInfo.versions());
        versions.put("backend", backend.describe());
        versions.put(THREADS, Integer.toString(backend.threads()));
        return new Manifest(spec.name(), arguments, options, common.seed(), common.quick(), versions,
                VersionInfo.git(), RunDirectory.now(), null, "running", null, null, null);
    }

    private Path defaultFolder() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path base = Path.of("results", spec.name() + "-" + stamp);
        Path folder = base;
        for (int k = 2; Files.exists(folder); k++) {
            folder = Path.of(base + "-" + k);
        }
        return folder;
    }
}
