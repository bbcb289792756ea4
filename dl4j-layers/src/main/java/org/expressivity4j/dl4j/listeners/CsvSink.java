package org.expressivity4j.dl4j.listeners;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a {@link TrajectoryListener}'s records to a CSV file in long format, one measured number per line:
 * <pre>
 * iteration,epoch,layer,name,type,metric,value
 * 500,1,3,h3,DenseLayer,length,41.73
 * </pre>
 * Each probe's lines are appended and flushed together, so a killed run keeps every probe written before it died.
 * Reopening an existing file (a listener attached again to a model restored with {@code ModelSerializer}) cuts a
 * partial last line, keeps the header (it is checked, not written again) and appends; the iteration numbers continue
 * from the restored model's own count. Values: decimal, with {@code NaN}, {@code Infinity} and {@code -Infinity}
 * spelled out ({@link Double#parseDouble} reads them back). Names containing a comma, quote or line break are quoted
 * ({@link CsvFile}).
 */
public final class CsvSink implements RecordSink {

    /** The header line's columns. */
    public static final List<String> COLUMNS = List.of("iteration", "epoch", "layer", "name", "type", "metric",
            "value");

    private final CsvFile file;

    private CsvSink(CsvFile file) {
        this.file = file;
    }

    /**
     * Opens the file for appending, creating it (and its folders) with a header if it does not exist.
     *
     * @throws IllegalStateException if an existing file has another header
     * @throws UncheckedIOException  if the file cannot be opened
     */
    public static CsvSink open(Path path) {
        return new CsvSink(CsvFile.open(Objects.requireNonNull(path, "path"), COLUMNS));
    }

    /** The file written. */
    public Path path() {
        return file.path();
    }

    @Override
    public void accept(List<TrajectoryRecord> records) {
        List<List<String>> rows = new ArrayList<>(records.size());
        for (TrajectoryRecord r : records) {
            rows.add(List.of(Long.toString(r.iteration()), Integer.toString(r.epoch()), Integer.toString(r.layer()),
                    r.name(), r.type(), r.metric().id(), CsvFile.number(r.value())));
        }
        file.append(rows);
    }

    @Override
    public void close() {
        file.close();
    }

    /**
     * Reads the records of a file this sink wrote, in file order.
     *
     * @throws IllegalStateException if the file is not such a file or a line is malformed
     */
    public static List<TrajectoryRecord> read(Path path) {
        List<List<String>> rows = CsvFile.read(path);
        if (rows.isEmpty() || !rows.get(0).equals(COLUMNS)) {
            throw new IllegalStateException(path + " does not start with the trajectory header '"
                    + String.join(",", COLUMNS) + "'");
        }
        List<TrajectoryRecord> records = new ArrayList<>(rows.size() - 1);
        for (int i = 1; i < rows.size(); i++) {
            List<String> cells = rows.get(i);
            if (cells.size() != COLUMNS.size()) {
                throw new IllegalStateException(path + " record " + i + ": " + cells.size() + " cells, expected "
                        + COLUMNS.size());
            }
            try {
                records.add(new TrajectoryRecord(Long.parseLong(cells.get(0)), Integer.parseInt(cells.get(1)),
                        Integer.parseInt(cells.get(2)), cells.get(3), cells.get(4),
                        TrajectoryMetric.fromId(cells.get(5)), Double.parseDouble(cells.get(6))));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(path + " record " + i + ": " + e.getMessage(), e);
            }
        }
        return records;
    }
}
