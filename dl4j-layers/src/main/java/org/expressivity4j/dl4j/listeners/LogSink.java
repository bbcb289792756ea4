package org.expressivity4j.dl4j.listeners;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one SLF4J INFO line per probe: each layer's trajectory length and its growth from the layer below, and the
 * total number of transitions, e.g.
 * <pre>
 * trajectory at iteration 500 (epoch 1): length input 1.571 | h1 2.203 x1.40 | h2 2.911 x1.32 | ... ; transitions 412
 * </pre>
 * The logger is {@code org.expressivity4j.dl4j.listeners.TrajectoryListener} unless another is given.
 */
public final class LogSink implements RecordSink {

    private final Logger log;

    /** Logs to the listener's logger. */
    public LogSink() {
        this(LoggerFactory.getLogger(TrajectoryListener.class));
    }

    /** Logs to this logger. */
    public LogSink(Logger log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void accept(List<TrajectoryRecord> records) {
        if (records.isEmpty() || !log.isInfoEnabled()) {
            return;
        }
        log.info(summary(records));
    }

    /** The line logged for these records (one probe's). */
    static String summary(List<TrajectoryRecord> records) {
        TrajectoryRecord first = records.get(0);
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<Integer, Double> lengths = new LinkedHashMap<>();
        Map<Integer, Double> growth = new LinkedHashMap<>();
        long transitions = 0;
        boolean anyTransitions = false;
        for (TrajectoryRecord r : records) {
            names.putIfAbsent(r.layer(), r.name());
            switch (r.metric()) {
                case LENGTH -> lengths.put(r.layer(), r.value());
                case GROWTH -> growth.put(r.layer(), r.value());
                case TRANSITIONS -> {
                    transitions += (long) r.value();
                    anyTransitions = true;
                }
                default -> {
                }
            }
        }
        StringBuilder sb = new StringBuilder(64 + 24 * names.size());
        sb.append("trajectory at iteration ").append(first.iteration()).append(" (epoch ").append(first.epoch())
                .append("): length");
        String separator = " ";
        for (Map.Entry<Integer, Double> e : lengths.entrySet()) {
            sb.append(separator).append(names.get(e.getKey())).append(' ').append(format(e.getValue()));
            Double g = growth.get(e.getKey());
            if (g != null) {
                sb.append(" x").append(String.format(Locale.ROOT, "%.2f", g));
            }
            separator = " | ";
        }
        if (anyTransitions) {
            sb.append("; transitions ").append(transitions);
        }
        return sb.toString();
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : AppendedFile.number(v);
    }
}
