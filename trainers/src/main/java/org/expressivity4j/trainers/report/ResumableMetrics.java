package org.expressivity4j.trainers.report;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link MetricsCsv} that writes each measurement once: a row whose key (run values, step, layer, metric) is
 * already in the file, from this attempt or an earlier one of a resumed run, is not appended again. A resumed run can
 * thus redo the unit of work a kill interrupted and append exactly the rows that unit had not written yet.
 */
public final class ResumableMetrics implements Closeable {

    private final MetricsCsv csv;
    private final Map<List<String>, Double> values = new HashMap<>();

    /** Wraps an open metrics file, reading the keys of the rows it already holds. */
    public ResumableMetrics(MetricsCsv csv) {
        this.csv = csv;
        for (MetricsCsv.Row row : csv.rows()) {
            values.putIfAbsent(key(row.run(), row.step(), row.layer(), row.metric()), row.value());
        }
    }

    /** Whether the file holds a row with this key. */
    public synchronized boolean has(List<String> run, long step, String layer, String metric) {
        return values.containsKey(key(run, step, layer, metric));
    }

    /** The value of the row with this key, if the file holds one. */
    public synchronized Optional<Double> value(List<String> run, long step, String layer, String metric) {
        return Optional.ofNullable(values.get(key(run, step, layer, metric)));
    }

    /**
     * Appends the row (flushed to disk) unless the file already holds one with the same key.
     *
     * @return whether it was appended
     */
    public synchronized boolean append(List<String> run, long step, String layer, String metric, double value) {
        if (values.putIfAbsent(key(run, step, layer, metric), value) != null) {
            return false;
        }
        csv.append(run, step, layer, metric, value);
        return true;
    }

    /** Every row in the file, in order. */
    public List<MetricsCsv.Row> rows() {
        return csv.rows();
    }

    @Override
    public void close() {
        csv.close();
    }

    private static List<String> key(List<String> run, long step, String layer, String metric) {
        List<String> key = new ArrayList<>(run);
        key.add(Long.toString(step));
        key.add(layer);
        key.add(metric);
        return key;
    }
}
