package org.expressivity4j.dl4j.listeners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file of a file sink: opened at the first probe (never when the sink is built), chosen by {@link ExistingRecords}
 * from that probe's iteration and the records the file already holds, and moved on to a new numbered file beside it
 * when a new run starts (see {@link ExistingRecords}). Messages go to the {@link TrajectoryListener}'s logger.
 *
 * @param <W> the open file
 */
final class RunFile<W> {

    /** How a sink reads and writes its kind of file. */
    interface Format<W> {

        /** Opens the file for appending (creating it if needed, cutting a partial last record). */
        W open(Path path);

        /** The last record's iteration in a file opened by {@link #open}, or -1 if it holds no records. */
        long lastIteration(W file);

        /** Appends one probe's records and flushes them. */
        void append(W file, List<TrajectoryRecord> records);

        /** Closes the file. */
        void close(W file);
    }

    private static final Logger log = LoggerFactory.getLogger(TrajectoryListener.class);

    private final Path path;
    private final ExistingRecords mode;
    private final Format<W> format;
    private W file;
    private Path current;
    private long lastIteration = -1;

    RunFile(Path path, ExistingRecords mode, Format<W> format) {
        this.path = Objects.requireNonNull(path, "path");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.format = format;
    }

    /** The path the sink was given. */
    Path path() {
        return path;
    }

    ExistingRecords mode() {
        return mode;
    }

    /** The file written now, or null before the first probe. */
    synchronized Path current() {
        return current;
    }

    /** Writes one probe's records (a non-empty list), opening or moving on to a new file first if needed. */
    synchronized void write(List<TrajectoryRecord> records) {
        long first = records.get(0).iteration();
        if (file == null) {
            open(first);
        } else if (first <= lastIteration && mode != ExistingRecords.APPEND) {
            Path previous = current;
            close();
            Path next = nextFree();
            log.warn("{} already holds a run up to iteration {} and a new run starts at iteration {}: writing it to {}",
                    previous, lastIteration, first, next);
            openAt(next);
        }
        format.append(file, records);
        for (TrajectoryRecord r : records) {
            lastIteration = Math.max(lastIteration, r.iteration());
        }
    }

    synchronized void close() {
        if (file != null) {
            try {
                format.close(file);
            } finally {
                file = null;
            }
        }
    }

    private void open(long first) {
        switch (mode) {
            case APPEND -> openAt(path);
            case OVERWRITE -> {
                long last = -1;
                if (Files.exists(path)) {
                    W existing = format.open(path);
                    try {
                        last = format.lastIteration(existing);
                    } finally {
                        format.close(existing);
                    }
                }
                if (last >= 0) {
                    log.info("replacing the records of {} (up to iteration {}) with this run's", path, last);
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot delete " + path + ": " + e.getMessage(), e);
                    }
                }
                openAt(path);
            }
            case CONTINUE_OR_NEW_FILE -> {
                Path newest = newest();
                openAt(newest);
                long last = format.lastIteration(file);
                if (last >= 0 && first <= last) {
                    close();
                    Path next = nextFree();
                    log.warn("{} already holds a run up to iteration {} and this run starts at iteration {}: writing "
                                    + "it to {} (ExistingRecords.APPEND or OVERWRITE to write to {} instead)", newest,
                            last, first, next, path);
                    openAt(next);
                } else {
                    lastIteration = last;
                }
            }
        }
    }

    private void openAt(Path p) {
        file = format.open(p);
        current = p;
        lastIteration = -1;
    }

    /** The newest of the series {@code path, name-2.ext, name-3.ext, ...} (the last before the first gap). */
    private Path newest() {
        Path newest = path;
        for (int k = 2; ; k++) {
            Path candidate = numbered(path, k);
            if (!Files.exists(candidate)) {
                return newest;
            }
            newest = candidate;
        }
    }

    /** The first {@code name-k.ext} (k = 2, 3, ...) that does not exist. */
    private Path nextFree() {
        for (int k = 2; ; k++) {
            Path candidate = numbered(path, k);
            if (!Files.exists(candidate)) {
                return candidate;
            }
        }
    }

    /** {@code name-k.ext} beside {@code name.ext} ({@code name-k} for a name without an extension). */
    static Path numbered(Path path, int k) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot > 0 ? name.substring(0, dot) + "-" + k + name.substring(dot) : name + "-" + k;
        return path.resolveSibling(numbered);
    }
}
