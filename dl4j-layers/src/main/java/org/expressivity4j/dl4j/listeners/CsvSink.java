package org.expressivity4j.dl4j.listeners;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link TrajectoryListener}'s records to a CSV file in long format, one measured number per line:
 * <pre>
 * iteration,epoch,layer,name,type,metric,value
 * 500,1,2,h3,DenseLayer,length,41.73
 * </pre>
 * The file (and its folders) is created at the first probe, not when the sink is built, with the header line. Each
 * probe's lines are appended and flushed together, so a killed run keeps every probe written before it died. A file
 * that already holds records is continued, left alone for a new numbered file, appended to or replaced as
 * {@link ExistingRecords} says (by default: continued when the run goes on after the file's last iteration, as a
 * listener attached again to a model restored with {@code ModelSerializer} does; otherwise a new file
 * {@code name-2.csv} beside it). Reopening an existing file cuts a partial last line and keeps the header (it is
 * checked, not written again). Values: decimal, with {@code NaN}, {@code Infinity} and {@code -Infinity} spelled out
 * ({@link Double#parseDouble} reads them back). Names containing a comma, quote or line break are quoted
 * ({@link CsvFile}).
 */
public final class CsvSink implements RecordSink {

    /** The header line's columns. */
    public static final List<String> COLUMNS = List.of("iteration", "epoch", "layer", "name", "type", "metric",
            "value");

    private static final RunFile.Format<CsvFile> FORMAT = new RunFile.Format<>() {
        @Override
        public CsvFile open(Path path) {
            return CsvFile.open(path, COLUMNS);
        }

        @Override
        public long lastIteration(CsvFile file) {
            List<List<String>> rows = CsvFile.read(file.path());
            if (rows.size() < 2) {
                return -1;
            }
            List<String> last = rows.get(rows.size() - 1);
            try {
                return Long.parseLong(last.get(0));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(file.path() + ": the last record's iteration '" + last.get(0)
                        + "' is not a number", e);
            }
        }

        @Override
        public void append(CsvFile file, List<TrajectoryRecord> records) {
            List<List<String>> rows = new ArrayList<>(records.size());
            for (TrajectoryRecord r : records) {
                rows.add(List.of(Long.toString(r.iteration()), Integer.toString(r.epoch()),
                        Integer.toString(r.layer()), r.name(), r.type(), r.metric().id(), CsvFile.number(r.value())));
            }
            file.append(rows);
        }

        @Override
        public void close(CsvFile file) {
            file.close();
        }
    };

    private final RunFile<CsvFile> file;

    /**
     * A sink on this file, with {@link ExistingRecords#CONTINUE_OR_NEW_FILE}; nothing is opened until the first
     * probe.
     */
    public CsvSink(Path path) {
        this(path, ExistingRecords.CONTINUE_OR_NEW_FILE);
    }

    /** A sink on this file, doing what {@code ifRecordsExist} says with a file that already holds records. */
    public CsvSink(Path path, ExistingRecords ifRecordsExist) {
        this.file = new RunFile<>(path, ifRecordsExist, FORMAT);
    }

    /** The path this sink was given. */
    public Path path() {
        return file.path();
    }

    /**
     * The file written now: {@link #path()} or a numbered file beside it (see {@link ExistingRecords}); null before
     * the first probe.
     */
    public Path file() {
        return file.current();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the file has another header
     * @throws UncheckedIOException  if the file cannot be opened or written
     */
    @Override
    public void accept(List<TrajectoryRecord> records) {
        file.write(records);
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "CsvSink(" + (file.current() != null ? file.current() : file.path()) + ")";
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
