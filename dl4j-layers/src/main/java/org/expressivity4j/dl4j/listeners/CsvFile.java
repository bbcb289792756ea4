package org.expressivity4j.dl4j.listeners;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A CSV file with a header, appended one record at a time and flushed as it goes (the format of {@link CsvSink} and
 * of a run's {@code metrics.csv}): a killed writer keeps every record it finished.
 *
 * <p>Format (RFC 4180 without the carriage returns): cells separated by commas, records ended by {@code \n}; a cell
 * holding a comma, a double quote, {@code \n} or {@code \r} is written between double quotes, with its quotes
 * doubled. {@link #read} reads such quoted line breaks back as part of the cell. Numbers are written by
 * {@link #number}.
 *
 * <p>Reopening an existing file cuts a partial last record (one a crash left without its final newline, a quoted
 * line break inside it not counting as an end), checks the header (it is not written again) and appends.
 */
public final class CsvFile implements AutoCloseable {

    private final AppendedFile file;
    private final List<String> header;

    private CsvFile(AppendedFile file, List<String> header) {
        this.file = file;
        this.header = header;
    }

    /**
     * Opens the file for appending, creating it (and its folders) with this header if it does not exist or is empty.
     *
     * @throws IllegalStateException if an existing file has another header
     * @throws UncheckedIOException  if the file cannot be opened or read
     */
    public static CsvFile open(Path path, List<String> header) {
        Objects.requireNonNull(path, "path");
        List<String> columns = List.copyOf(header);
        try {
            if (Files.exists(path) && Files.size(path) > 0) {
                dropPartialLastRecord(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path + " for appending: " + e.getMessage(), e);
        }
        AppendedFile file = AppendedFile.open(path);
        try {
            if (file.existed()) {
                List<String> first = firstRecord(path);
                if (!first.equals(columns)) {
                    throw new IllegalStateException(path + " has the header '" + String.join(",", first)
                            + "', not '" + String.join(",", columns) + "': refusing to append to another kind of file");
                }
            } else {
                file.append(line(columns));
            }
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
        return new CsvFile(file, columns);
    }

    /** The file written. */
    public Path path() {
        return file.file();
    }

    /** The header's columns. */
    public List<String> header() {
        return header;
    }

    /** Appends one record and flushes it. */
    public void append(List<String> record) {
        append(List.of(record));
    }

    /** Appends these records with one flush (a kill keeps all or a prefix of them). */
    public void append(Iterable<? extends List<String>> records) {
        StringBuilder sb = new StringBuilder();
        for (List<String> r : records) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("a record of " + r.size() + " cells for the " + header.size()
                        + " columns " + header + ": " + r);
            }
            sb.append(line(r));
        }
        file.append(sb);
    }

    @Override
    public void close() {
        file.close();
    }

    /**
     * Every record of a file, the header first, each a list of cells; a quoted cell may hold commas, quotes and line
     * breaks. Empty lines are skipped; a last record without its newline is kept.
     */
    public static List<List<String>> read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return parse(text);
    }

    /** The records of a CSV text (see {@link #read}). */
    public static List<List<String>> parse(CharSequence text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < n && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                if (!(record.isEmpty() && cell.isEmpty() && !wasQuoted)) {
                    record.add(cell.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                continue;
            } else {
                cell.append(c);
            }
        }
        if (!record.isEmpty() || !cell.isEmpty() || wasQuoted) {
            record.add(cell.toString());
            records.add(record);
        }
        return records;
    }

    /** One record as written: its cells {@link #quote quoted} where needed, joined by commas, and a newline. */
    public static String line(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(cells.get(i)));
        }
        return sb.append('\n').toString();
    }

    /** A cell as written: as it is, or between double quotes (quotes doubled) if it holds , " \n or \r. */
    public static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }

    /**
     * A number as written: integers (below 1e15 in magnitude) without a fraction, others as {@link Double#toString}
     * in lower case, {@code NaN}, {@code Infinity} and {@code -Infinity} spelled out ({@link Double#parseDouble}
     * reads them all back).
     */
    public static String number(double value) {
        return AppendedFile.number(value);
    }

    private static List<String> firstRecord(Path path) {
        List<List<String>> records = read(path);
        return records.isEmpty() ? List.of() : records.get(0);
    }

    /**
     * A crash can leave a last record without its newline: cut the file after the last newline that ends a record
     * (one outside quotes).
     */
    private static void dropPartialLastRecord(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        boolean quoted = false;
        long end = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '"') {
                quoted = !quoted;
            } else if (b == '\n' && !quoted) {
                end = i + 1;
            }
        }
        if (end < bytes.length) {
            try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
                raf.setLength(end);
            }
        }
    }
}
