package org.expressivity4j.dl4j.listeners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * spelled out ({@link Double#parseDouble} reads them back). Names containing a comma or quote are quoted.
 */
public final class CsvSink implements RecordSink {

    /** The header line's columns. */
    public static final List<String> COLUMNS = List.of("iteration", "epoch", "layer", "name", "type", "metric",
            "value");
    private static final String HEADER = String.join(",", COLUMNS);

    private final AppendedFile file;

    private CsvSink(AppendedFile file) {
        this.file = file;
    }

    /**
     * Opens the file for appending, creating it (and its folders) with a header if it does not exist.
     *
     * @throws IllegalStateException if an existing file has another header
     * @throws UncheckedIOException  if the file cannot be opened
     */
    public static CsvSink open(Path path) {
        Objects.requireNonNull(path, "path");
        AppendedFile file = AppendedFile.open(path);
        try {
            if (file.existed()) {
                String first;
                try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
                    first = lines.findFirst().orElse("");
                }
                if (!first.equals(HEADER)) {
                    throw new IllegalStateException(path + " starts with '" + first + "', not the trajectory header '"
                            + HEADER + "': refusing to append to another kind of file");
                }
            } else {
                file.append(HEADER + "\n");
            }
        } catch (IOException e) {
            file.close();
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
        return new CsvSink(file);
    }

    /** The file written. */
    public Path path() {
        return file.file();
    }

    @Override
    public void accept(List<TrajectoryRecord> records) {
        StringBuilder sb = new StringBuilder(records.size() * 48);
        for (TrajectoryRecord r : records) {
            sb.append(r.iteration()).append(',').append(r.epoch()).append(',').append(r.layer()).append(',')
                    .append(escape(r.name())).append(',').append(escape(r.type())).append(',')
                    .append(r.metric().id()).append(',').append(AppendedFile.number(r.value())).append('\n');
        }
        file.append(sb);
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
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalStateException(path + " does not start with the trajectory header '" + HEADER + "'");
        }
        List<TrajectoryRecord> records = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            List<String> cells = split(line);
            if (cells.size() != COLUMNS.size()) {
                throw new IllegalStateException(path + " line " + (i + 1) + ": " + cells.size() + " cells, expected "
                        + COLUMNS.size());
            }
            try {
                records.add(new TrajectoryRecord(Long.parseLong(cells.get(0)), Integer.parseInt(cells.get(1)),
                        Integer.parseInt(cells.get(2)), cells.get(3), cells.get(4),
                        TrajectoryMetric.fromId(cells.get(5)), Double.parseDouble(cells.get(6))));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(path + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return records;
    }

    private static String escape(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
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
}
