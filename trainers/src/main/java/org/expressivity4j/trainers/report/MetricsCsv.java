package org.expressivity4j.trainers.report;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A run's {@code metrics.csv}: long format, one measured number per line, {@code <run columns>,step,layer,metric,
 * value}, appended and flushed as the run goes, so a killed run keeps every row written before it died.
 *
 * <p>Run columns say which part of a run a row belongs to (e.g. {@code dataset}, {@code variant}); {@code layer}
 * is empty for whole-network figures. Reopening an existing file checks the header, drops a partial last line left
 * by a crash, and appends; {@link #rows()} reads back what is there, for resuming without duplicates.
 */
public final class MetricsCsv implements Closeable {

    /** The columns after the run columns. */
    public static final List<String> BASE_COLUMNS = List.of("step", "layer", "metric", "value");

    /** One line of the file. */
    public record Row(List<String> run, long step, String layer, String metric, double value) {
        public Row {
            run = List.copyOf(run);
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(metric, "metric");
        }
    }

    private final Path file;
    private final List<String> runColumns;
    private final BufferedWriter writer;

    private MetricsCsv(Path file, List<String> runColumns, BufferedWriter writer) {
        this.file = file;
        this.runColumns = runColumns;
        this.writer = writer;
    }

    /**
     * Opens (or creates) the file for appending.
     *
     * @throws IllegalStateException if an existing file has a different header
     */
    public static MetricsCsv open(Path file, List<String> runColumns) {
        List<String> header = new ArrayList<>(runColumns);
        header.addAll(BASE_COLUMNS);
        String headerLine = String.join(",", header);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            boolean exists = Files.exists(file) && Files.size(file) > 0;
            if (exists) {
                dropPartialLastLine(file);
                String first;
                try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    first = lines.findFirst().orElse("");
                }
                if (!first.equals(headerLine)) {
                    throw new IllegalStateException(file + " has header '" + first + "', expected '" + headerLine
                            + "': it belongs to another kind of run");
                }
            }
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (!exists) {
                writer.write(headerLine);
                writer.write('\n');
                writer.flush();
            }
            return new MetricsCsv(file, List.copyOf(runColumns), writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** The run columns. */
    public List<String> runColumns() {
        return runColumns;
    }

    /** Appends one row and flushes it to disk. */
    public synchronized void append(Row row) {
        if (row.run().size() != runColumns.size()) {
            throw new IllegalArgumentException("row has " + row.run().size() + " run values, the file has columns "
                    + runColumns);
        }
        StringBuilder sb = new StringBuilder();
        for (String v : row.run()) {
            sb.append(escape(v)).append(',');
        }
        sb.append(row.step()).append(',').append(escape(row.layer())).append(',').append(escape(row.metric()))
                .append(',').append(format(row.value())).append('\n');
        try {
            writer.write(sb.toString());
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends a row for these run values. */
    public void append(List<String> run, long step, String layer, String metric, double value) {
        append(new Row(run, step, layer, metric, value));
    }

    /** Every row in the file, in order. */
    public synchronized List<Row> rows() {
        return read(file, runColumns.size());
    }

    /** Reads the rows of a metrics file with {@code runColumnCount} run columns. */
    public static List<Row> read(Path file, int runColumnCount) {
        List<Row> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isEmpty()) {
                    continue;
                }
                List<String> cells = split(lines.get(i));
                if (cells.size() != runColumnCount + BASE_COLUMNS.size()) {
                    throw new IllegalStateException(file + " line " + (i + 1) + ": " + cells.size()
                            + " cells, expected " + (runColumnCount + BASE_COLUMNS.size()));
                }
                int k = runColumnCount;
                rows.add(new Row(cells.subList(0, k), Long.parseLong(cells.get(k)), cells.get(k + 1),
                        cells.get(k + 2), Double.parseDouble(cells.get(k + 3))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String format(double value) {
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

    private static String escape(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** A crash can leave a last line without its newline: cut it, it is the row in progress. */
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
