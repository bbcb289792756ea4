package org.expressivity4j.dl4j.listeners;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes a {@link TrajectoryListener}'s records as JSON lines, one object per measured number:
 * <pre>
 * {"iteration":500,"epoch":1,"layer":3,"name":"h3","type":"DenseLayer","metric":"length","value":41.73}
 * </pre>
 * Each probe's lines are appended and flushed together. JSON has no NaN or infinity, so those values are written as
 * the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (valid JSON for every parser; pandas'
 * {@code to_numeric} and Jackson read them back as numbers). Reopening an existing file cuts a partial last line and
 * appends.
 */
public final class JsonLinesSink implements RecordSink {

    private final AppendedFile file;

    private JsonLinesSink(AppendedFile file) {
        this.file = file;
    }

    /** Opens the file for appending, creating it (and its folders) if needed. */
    public static JsonLinesSink open(Path path) {
        return new JsonLinesSink(AppendedFile.open(Objects.requireNonNull(path, "path")));
    }

    /** The file written. */
    public Path path() {
        return file.file();
    }

    @Override
    public void accept(List<TrajectoryRecord> records) {
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
    public void close() {
        file.close();
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
