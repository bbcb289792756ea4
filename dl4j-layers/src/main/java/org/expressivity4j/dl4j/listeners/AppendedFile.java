package org.expressivity4j.dl4j.listeners;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A text file written one line per record, appended and flushed as it goes: reopening an existing file cuts a partial
 * last line (a row a crash left without its newline) and appends after it.
 */
final class AppendedFile implements AutoCloseable {

    private final Path file;
    private final BufferedWriter writer;
    private final boolean existed;

    private AppendedFile(Path file, BufferedWriter writer, boolean existed) {
        this.file = file;
        this.writer = writer;
        this.existed = existed;
    }

    /** Opens (creating the file and its folders if needed) for appending; cuts a partial last line. */
    static AppendedFile open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean existed = Files.exists(file) && Files.size(file) > 0;
            if (existed) {
                dropPartialLastLine(file);
                existed = Files.size(file) > 0;
            }
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new AppendedFile(file, writer, existed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + " for appending: " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** Whether the file had complete lines when it was opened. */
    boolean existed() {
        return existed;
    }

    /** Writes the text (whole lines, each ending in a newline) and flushes it to the operating system. */
    synchronized void append(CharSequence lines) {
        try {
            writer.append(lines);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    /** A number as written in the files: integers without a fraction, NaN, Infinity and -Infinity spelled out. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value).toLowerCase(Locale.ROOT);
    }

    /** A crash can leave a last line without its newline: cut it, it is the row that was being written. */
    private static void dropPartialLastLine(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = raf.length();
            long pos = length - 1;
            while (pos >= 0) {
                raf.seek(pos);
                if (raf.read() == '\n') {
                    break;
                }
                pos--;
            }
            if (pos + 1 < length) {
                raf.setLength(pos + 1);
            }
        }
    }
}
