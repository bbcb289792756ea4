package org.expressivity4j.trainers.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long loop: a bar redrawn in place on standard error when attached to a terminal, otherwise a log
 * line every 30 seconds (and at the end), so that logs of unattended runs stay readable.
 */
public final class Progress implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long LOG_NANOS = 30_000_000_000L;

    private final String task;
    private final long total;
    private final String unit;
    private final PrintStream terminal;
    private final long startNanos = System.nanoTime();
    private long done;
    private long lastReport = startNanos;
    private boolean closed;
    /** The count the last log line showed (-1: none yet), so that the closing line does not repeat it. */
    private long loggedDone = -1;
    /** Units done before this process started (a resumed run): not counted in the rate. */
    private long resumedFrom;

    private Progress(String task, long total, String unit, PrintStream terminal) {
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.terminal = terminal;
    }

    /** Starts reporting a task of {@code total} units (e.g. "batches"); a bar on a terminal, log lines otherwise. */
    public static Progress start(String task, long total, String unit) {
        return new Progress(task, total, unit, attachedToTerminal() ? System.err : null);
    }

    /** Whether standard error is a terminal a bar can be drawn on. */
    public static boolean attachedToTerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.equals("dumb");
    }

    /** Units done so far. */
    public long done() {
        return done;
    }

    /**
     * Marks {@code n} more units as done by an earlier attempt of a resumed run: they count towards the total but
     * not towards the rate and the ETA.
     */
    public synchronized void alreadyDone(long n) {
        resumedFrom += n;
        done += n;
    }

    /** Marks {@code n} more units done. */
    public synchronized void advance(long n) {
        set(done + n);
    }

    /** Sets the number of units done. */
    public synchronized void set(long value) {
        done = value;
        long now = System.nanoTime();
        if (terminal != null && now - lastReport >= REDRAW_NANOS) {
            lastReport = now;
            terminal.print('\r' + bar(now));
            terminal.flush();
        } else if (terminal == null && now - lastReport >= LOG_NANOS) {
            lastReport = now;
            loggedDone = done;
            log.info("{}", line(now));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long now = System.nanoTime();
        if (terminal != null) {
            terminal.print('\r' + bar(now) + '\n');
            terminal.flush();
        } else if (loggedDone != done) {
            log.info("{}", line(now));
        }
    }

    private String bar(long now) {
        int width = 30;
        double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 0;
        int filled = (int) Math.round(fraction * width);
        return String.format(Locale.ROOT, "%s [%s%s] %s", task, "#".repeat(filled), " ".repeat(width - filled),
                stats(now));
    }

    /** The text of a log line now. */
    synchronized String status() {
        return line(System.nanoTime());
    }

    private String line(long now) {
        return task + ": " + stats(now);
    }

    private String stats(long now) {
        double seconds = (now - startNanos) / 1e9;
        long doneHere = done - resumedFrom;
        String rate = seconds > 0 ? String.format(Locale.ROOT, "%.2f %s/s", doneHere / seconds, unit) : "";
        StringBuilder sb = new StringBuilder();
        sb.append(done);
        if (total > 0) {
            sb.append('/').append(total).append(' ').append(unit)
                    .append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * done / total));
        } else {
            sb.append(' ').append(unit);
        }
        sb.append(", ").append(rate).append(", elapsed ").append(format(Duration.ofMillis((long) (seconds * 1000))));
        if (total > 0 && doneHere > 0 && done < total) {
            double eta = seconds * (total - done) / doneHere;
            sb.append(", ETA ").append(format(Duration.ofMillis((long) (eta * 1000))));
        }
        return sb.toString();
    }

    private static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
