package org.expressivity4j.dl4j.listeners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a {@link TrajectoryListener}'s records as JSON lines, one object per measured number:
 * <pre>
 * {"iteration":500,"epoch":1,"layer":2,"name":"h3","type":"DenseLayer","metric":"length","value":41.73}
 * </pre>
 * The file (and its folders) is created at the first probe, not when the sink is built. Each probe's lines are
 * appended and flushed together; a file that already holds records is continued, left alone for a new numbered file
 * ({@code name-2.jsonl}), appended to or replaced as {@link ExistingRecords} says, as for {@link CsvSink}. JSON has no
 * NaN or infinity, so those values are written as the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"} (valid JSON for every parser; pandas' {@code to_numeric} and Jackson read them back as numbers).
 * Reopening an existing file cuts a partial last line.
 */
public final class JsonLinesSink implements RecordSink {

    private static final Pattern ITERATION = Pattern.compile("^\\{\"iteration\":(\\d+),");

    private static final RunFile.Format<AppendedFile> FORMAT = new RunFile.Format<>() {
        @Override
        public AppendedFile open(Path path) {
            return AppendedFile.open(path);
        }

        @Override
        public long lastIteration(AppendedFile file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file.file(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.file() + ": " + e.getMessage(), e);
            }
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                Matcher m = ITERATION.matcher(lines.get(i));
                if (!m.find()) {
                    throw new IllegalStateException(file.file() + " line " + (i + 1) + " is not a trajectory record "
                            + "(it does not start with {\"iteration\":N,): refusing to append to another kind of file");
                }
                return Long.parseLong(m.group(1));
            }
            return -1;
        }

        @Override
        public void append(AppendedFile file, List<TrajectoryRecord> records) {
            StringBuilder sb = new StringBuilder(records.size() * 100);
            for (TrajectoryRecord r : records) {
                sb.append("{\"iteration\":").append(r.iteration())
                        .append(",\"epoch\":").append(r.epoch())
                        .append(",\"layer\":").append(r.layer())
                        .append(",\"name\":");
                string(sb, r.name());
                sb.append(",\"type\":");
                string(sb, r.type());
                sb.append(",\"metric\":\"").append(r.metric().id()).append("\",\"value\":");
                double v = r.value();
                if (Double.isFinite(v)) {
                    sb.append(AppendedFile.number(v));
                } else {
                    sb.append('"').append(AppendedFile.number(v)).append('"');
                }
                sb.append("}\n");
            }
            file.append(sb);
        }

        @Override
        public void close(AppendedFile file) {
            file.close();
        }
    };

    private final RunFile<AppendedFile> file;

    /**
     * A sink on this file, with {@link ExistingRecords#CONTINUE_OR_NEW_FILE}; nothing is opened until the first
     * probe.
     */
    public JsonLinesSink(Path path) {
        this(path, ExistingRecords.CONTINUE_OR_NEW_FILE);
    }

    /** A sink on this file, doing what {@code ifRecordsExist} says with a file that already holds records. */
    public JsonLinesSink(Path path, ExistingRecords ifRecordsExist) {
        this.file = new RunFile<>(path, ifRecordsExist, FORMAT);
    }

    /** The path this sink was given. */
    public Path path() {
        return file.path();
    }

    /** The file written now: {@link #path()} or a numbered file beside it; null before the first probe. */
    public Path file() {
        return file.current();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the file holds lines of another kind
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
        return "JsonLinesSink(" + (file.current() != null ? file.current() : file.path()) + ")";
    }

    /** Appends a JSON string literal. */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
