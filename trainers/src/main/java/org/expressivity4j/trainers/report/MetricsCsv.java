package org.expressivity4j.trainers.report;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.expressivity4j.dl4j.listeners.CsvFile;

/**
 * A run's {@code metrics.csv}: long format, one measured number per line, {@code <run columns>,step,layer,metric,
 * value}, appended and flushed as the run goes, so a killed run keeps every row written before it died.
 *
 * <p>Run columns say which part of a run a row belongs to (e.g. {@code dataset}, {@code variant}); {@code layer}
 * is empty for whole-network figures. Reopening an existing file checks the header, drops a partial last line left
 * by a crash, and appends; {@link #rows()} reads back what is there, for resuming without duplicates. The format
 * (quoting, numbers) is {@link CsvFile}'s, the same as the trajectory listener's CSV files.
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
    private final CsvFile csv;

    private MetricsCsv(Path file, List<String> runColumns, CsvFile csv) {
        this.file = file;
        this.runColumns = runColumns;
        this.csv = csv;
    }

    /**
     * Opens (or creates) the file for appending.
     *
     * @throws IllegalStateException if an existing file has a different header
     */
    public static MetricsCsv open(Path file, List<String> runColumns) {
        List<String> header = new ArrayList<>(runColumns);
        header.addAll(BASE_COLUMNS);
        return new MetricsCsv(file, List.copyOf(runColumns), CsvFile.open(file, header));
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
        List<String> cells = new ArrayList<>(row.run());
        cells.add(Long.toString(row.step()));
        cells.add(row.layer());
        cells.add(row.metric());
        cells.add(CsvFile.number(row.value()));
        csv.append(cells);
    }

    /** Appends a row for these run values. */
    public void append(List<String> run, long step, String layer, String metric, double value) {
        append(new Row(run, step, layer, metric, value));
    }

    /** Every row in the file, in order. */
    public synchronized List<Row> rows() {
        return read(file, runColumns.size());
    }

    /**
     * Reads the rows of a metrics file with {@code runColumnCount} run columns.
     *
     * @throws IllegalStateException naming the file and line of a row that is not a metrics row (wrong number of
     *                               cells, a step that is not an integer, a value that is not a number)
     */
    public static List<Row> read(Path file, int runColumnCount) {
        List<List<String>> records = CsvFile.read(file);
        List<Row> rows = new ArrayList<>(Math.max(0, records.size() - 1));
        int expected = runColumnCount + BASE_COLUMNS.size();
        long line = records.isEmpty() ? 1 : 1 + lines(records.get(0));
        for (int i = 1; i < records.size(); i++) {
            List<String> cells = records.get(i);
            if (cells.size() != expected) {
                throw damaged(file, line, cells.size() + " cells, expected " + expected + " (" + String.join(",",
                        records.get(0)) + ")");
            }
            int k = runColumnCount;
            long step;
            double value;
            try {
                step = Long.parseLong(cells.get(k));
            } catch (NumberFormatException e) {
                throw damaged(file, line, "step '" + cells.get(k) + "' is not an integer");
            }
            try {
                value = Double.parseDouble(cells.get(k + 3));
            } catch (NumberFormatException e) {
                throw damaged(file, line, "value '" + cells.get(k + 3) + "' is not a number");
            }
            rows.add(new Row(cells.subList(0, k), step, cells.get(k + 1), cells.get(k + 2), value));
            line += lines(cells);
        }
        return rows;
    }

    /** Lines a record takes: one, plus the line breaks inside its (quoted) cells. */
    private static long lines(List<String> cells) {
        return 1 + cells.stream().mapToLong(c -> c.chars().filter(ch -> ch == '\n').count()).sum();
    }

    private static IllegalStateException damaged(Path file, long line, String what) {
        return new IllegalStateException(file + " line " + line + ": " + what + "; the file was damaged or edited: "
                + "restore that line, or start the run again in a new folder");
    }

    @Override
    public synchronized void close() {
        csv.close();
    }
}
