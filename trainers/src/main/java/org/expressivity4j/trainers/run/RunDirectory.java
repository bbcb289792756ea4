package org.expressivity4j.trainers.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.expressivity4j.trainers.report.MetricsCsv;

/**
 * The folder one run writes: {@code manifest.json} (written at the start, replaced atomically at the end),
 * {@code metrics.csv} (appended as the run goes), {@code plots/*.png} and {@code summary.md}. A folder that already
 * holds a run is reused only to resume that same kind of run.
 */
public final class RunDirectory {

    /** The manifest's file name. */
    public static final String MANIFEST = "manifest.json";
    /** The metrics' file name. */
    public static final String METRICS = "metrics.csv";
    /** The summary's file name. */
    public static final String SUMMARY = "summary.md";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path folder;
    private Manifest manifest;

    private RunDirectory(Path folder, Manifest manifest) {
        this.folder = folder;
        this.manifest = manifest;
    }

    /**
     * Starts a new run in {@code folder}, which must not hold a run yet.
     *
     * @throws IllegalStateException if it already holds one
     */
    public static RunDirectory create(Path folder, Manifest start) {
        if (Files.exists(folder.resolve(MANIFEST))) {
            throw new IllegalStateException(folder + " already holds a run (" + MANIFEST
                    + "); pass --resume to continue it, or choose another --out");
        }
        try {
            Files.createDirectories(folder.resolve("plots"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        RunDirectory run = new RunDirectory(folder, start);
        run.writeManifest();
        return run;
    }

    /**
     * Reopens a run to continue it.
     *
     * @throws IllegalStateException if the folder holds no run, or a run of another command
     */
    public static RunDirectory resume(Path folder, String command, List<String> arguments) {
        Path file = folder.resolve(MANIFEST);
        if (!Files.exists(file)) {
            throw new IllegalStateException(folder + " holds no run to resume (no " + MANIFEST + ")");
        }
        Manifest previous;
        try {
            previous = JSON.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!previous.command().equals(command)) {
            throw new IllegalStateException(folder + " holds a " + previous.command() + " run, not " + command);
        }
        RunDirectory run = new RunDirectory(folder, previous.resumed(now(), arguments));
        run.writeManifest();
        return run;
    }

    /**
     * Checks that a new run may go into {@code folder}: it does not exist, is empty (a lock file aside), or holds a
     * run, recognised by its {@code marker} file (the caller then says to pass --resume): never a folder of other
     * files.
     *
     * @throws IllegalStateException saying why not, naming the folder as {@code --out}
     */
    public static void checkNewFolder(Path folder, String marker) {
        if (!Files.isDirectory(folder) || Files.exists(folder.resolve(marker))) {
            if (Files.exists(folder) && !Files.isDirectory(folder)) {
                throw new IllegalStateException("--out " + folder + " is a file, not a folder");
            }
            return;
        }
        try (var entries = Files.list(folder)) {
            List<Path> others = entries.filter(p -> !p.getFileName().toString().equals(RunLock.FILE)).limit(3)
                    .toList();
            if (!others.isEmpty()) {
                throw new IllegalStateException("--out " + folder + " holds other files (" + others.stream()
                        .map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.joining(", "))
                        + (others.size() == 3 ? ", ..." : "") + ") and no run: choose a new or empty folder");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read --out " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Reads a run's manifest. */
    public static Manifest readManifest(Path folder) {
        try {
            return JSON.readValue(folder.resolve(MANIFEST).toFile(), Manifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder.resolve(MANIFEST) + ": " + e.getMessage(), e);
        }
    }

    /** The run's folder. */
    public Path folder() {
        return folder;
    }

    /** The manifest as it stands. */
    public Manifest manifest() {
        return manifest;
    }

    /** A file in the run's folder. */
    public Path file(String name) {
        return folder.resolve(name);
    }

    /** Where a plot of this name goes: {@code plots/<name>.png}. */
    public Path plot(String name) {
        return folder.resolve("plots").resolve(name + ".png");
    }

    /** Opens {@code metrics.csv} with these run columns (appending if it exists). */
    public MetricsCsv metrics(List<String> runColumns) {
        return MetricsCsv.open(folder.resolve(METRICS), runColumns);
    }

    /** Atomically replaces {@code summary.md}. */
    public void writeSummary(String markdown) {
        AtomicFiles.writeString(folder.resolve(SUMMARY), markdown);
    }

    /**
     * Marks a run that is still running as interrupted (from a shutdown hook: SIGTERM, SIGINT); a run that already
     * ended keeps its status.
     */
    public synchronized void interrupted() {
        if ("running".equals(manifest.status())) {
            manifest = manifest.ended(now(), "interrupted", "stopped by a signal before it ended; --resume continues "
                    + "it where the command supports it", null);
            writeManifest();
        }
    }

    /** Marks the run completed, with its headline results. */
    public synchronized void complete(Map<String, Object> results) {
        manifest = manifest.ended(now(), "completed", null, results);
        writeManifest();
    }

    /** Marks the run failed, or with the status a {@link RunFailure} names (e.g. {@code diverged}). */
    public synchronized void fail(Throwable error) {
        String message = Objects.toString(error.getMessage(), error.getClass().getSimpleName());
        String status = error instanceof RunFailure f ? f.status() : "failed";
        manifest = manifest.ended(now(), status, message, null);
        writeManifest();
    }

    private void writeManifest() {
        AtomicFiles.write(folder.resolve(MANIFEST), out -> JSON.writeValue(out, manifest));
    }

    /** The current time, ISO-8601, to the second. */
    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
