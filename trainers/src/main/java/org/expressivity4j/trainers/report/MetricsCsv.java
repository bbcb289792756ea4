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

    /** Reads the rows of a metrics file with {@code runColumnCount} run columns. */
    public static List<Row> read(Path file, int runColumnCount) {
        List<List<String>> records = CsvFile.read(file);
        List<Row> rows = new ArrayList<>(Math.max(0, records.size() - 1));
        for (int i = 1; i < records.size(); i++) {
            List<String> cells = records.get(i);
            if (cells.size() != runColumnCount + BASE_COLUMNS.size()) {
                throw new IllegalStateException(file + " record " + i + ": " + cells.size()
                        + " cells, expected " + (runColumnCount + BASE_COLUMNS.size()));
            }
            int k = runColumnCount;
            rows.add(new Row(cells.subList(0, k), Long.parseLong(cells.get(k)), cells.get(k + 1),
                    cells.get(k + 2), Double.parseDouble(cells.get(k + 3))));
        }
        return rows;
    }

    @Override
    public synchronized void close() {
        csv.close();
    }
}
