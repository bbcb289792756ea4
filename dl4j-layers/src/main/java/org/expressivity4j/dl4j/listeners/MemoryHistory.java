package org.expressivity4j.dl4j.listeners;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The records of a {@link TrajectoryListener} kept in memory, with queries for plots and tests: the recorded
 * iterations, the layers, the lengths by layer at one iteration (one curve of the paper's Fig. 8), and one layer's
 * metric over training (Figs. 9 and 10). {@link #fromCsv} rebuilds a history from a {@link CsvSink} file.
 *
 * <p>Thread-safe. Holds every record it receives (a probe of an L-layer network adds at most 5 (L + 1)); for runs that
 * probe very often, prefer the file sinks.
 */
public final class MemoryHistory implements RecordSink {

    /**
     * A layer as the records name it.
     *
     * @param index DL4J's index of the layer ({@link TrajectoryRecord#layer()}: -1 for a MultiLayerNetwork's input)
     * @param name  its name
     * @param type  its configuration's class name
     */
    public record Layer(int index, String name, String type) {
    }

    /**
     * One value of a series.
     *
     * @param iteration the iteration of the probe
     * @param epoch     the epoch of the probe
     * @param value     the value (possibly NaN or infinite)
     */
    public record Point(long iteration, int epoch, double value) {
    }

    private final List<TrajectoryRecord> records = new ArrayList<>();
    private final TreeMap<Long, List<TrajectoryRecord>> byIteration = new TreeMap<>();
    private final Map<Integer, Layer> layers = new LinkedHashMap<>();

    /** An empty history. */
    public MemoryHistory() {
    }

    /** A history holding these records. */
    public MemoryHistory(Collection<TrajectoryRecord> records) {
        add(records);
    }

    /**
     * The history of a file written by {@link CsvSink}: one training run.
     *
     * @throws IllegalStateException if the file is not such a file, or holds more than one run ({@link #runStarts}),
     *                               naming the record where the second run starts
     */
    public static MemoryHistory fromCsv(Path csv) {
        List<TrajectoryRecord> records = CsvSink.read(csv);
        List<Integer> starts = runStarts(records);
        if (starts.size() > 1) {
            int second = starts.get(1);
            TrajectoryRecord r = records.get(second);
            TrajectoryRecord before = records.get(second - 1);
            String where = r.iteration() < before.iteration()
                    ? "iteration " + r.iteration() + " follows iteration " + before.iteration()
                    : "iteration " + r.iteration() + " of '" + r.name() + "' (" + r.metric().id()
                            + ") appears a second time";
            throw new IllegalStateException(String.format(Locale.ROOT, "%s holds %d runs, not one: at record %d "
                    + "(line %d) %s; %d records in all. Split the file where each run starts (records %s), or let "
                    + "each run write its own file (the listener's default, ExistingRecords.CONTINUE_OR_NEW_FILE)",
                    csv, starts.size(), second + 1, second + 2, where, records.size(),
                    starts.stream().map(i -> Integer.toString(i + 1)).collect(Collectors.joining(", "))));
        }
        return new MemoryHistory(records);
    }

    /**
     * Where, in file order, each training run of these records starts (0 first; one element for one run). A new run
     * starts at a record whose iteration is below the previous record's, or that repeats the iteration, layer and
     * metric of an earlier record of the current run: one run's probes come in increasing iteration order, each
     * with one record per layer and metric.
     */
    public static List<Integer> runStarts(List<TrajectoryRecord> records) {
        List<Integer> starts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < records.size(); i++) {
            TrajectoryRecord r = records.get(i);
            String key = r.iteration() + "/" + r.layer() + "/" + r.name() + "/" + r.metric().id();
            if (i == 0 || r.iteration() < previous || !seen.add(key)) {
                starts.add(i);
                seen.clear();
                seen.add(key);
            }
            previous = r.iteration();
        }
        return starts;
    }

    @Override
    public void accept(List<TrajectoryRecord> records) {
        add(records);
    }

    private synchronized void add(Collection<TrajectoryRecord> batch) {
        for (TrajectoryRecord r : batch) {
            Objects.requireNonNull(r, "record");
            records.add(r);
            byIteration.computeIfAbsent(r.iteration(), k -> new ArrayList<>()).add(r);
            layers.putIfAbsent(r.layer(), new Layer(r.layer(), r.name(), r.type()));
        }
    }

    /** Every record, in the order received. */
    public synchronized List<TrajectoryRecord> records() {
        return List.copyOf(records);
    }

    /** Number of records. */
    public synchronized int size() {
        return records.size();
    }

    /** The iterations at which the network was probed, ascending. */
    public synchronized List<Long> iterations() {
        return List.copyOf(byIteration.keySet());
    }

    /** The layers seen, in the order of their first record: the network's forward order (input first). */
    public synchronized List<Layer> layers() {
        return List.copyOf(layers.values());
    }

    /** The records of the probe(s) at this iteration, in the order received (empty if none). */
    public synchronized List<TrajectoryRecord> at(long iteration) {
        return List.copyOf(byIteration.getOrDefault(iteration, List.of()));
    }

    /**
     * The value of one metric of the layer with this DL4J index ({@link Layer#index()}) at one iteration: the last
     * one recorded there, or empty if the metric was not recorded for that layer (e.g. transitions of a layer without
     * a piecewise-linear activation).
     */
    public synchronized OptionalDouble value(long iteration, int layer, TrajectoryMetric metric) {
        OptionalDouble found = OptionalDouble.empty();
        for (TrajectoryRecord r : byIteration.getOrDefault(iteration, List.of())) {
            if (r.layer() == layer && r.metric() == metric) {
                found = OptionalDouble.of(r.value());
            }
        }
        return found;
    }

    /**
     * One metric of every layer at one iteration, in the order of {@link #layers()} (element k for layer k of that
     * list, the input first); NaN where a layer has no such value.
     */
    public synchronized double[] values(long iteration, TrajectoryMetric metric) {
        Map<Integer, Integer> position = new HashMap<>();
        for (Layer l : layers.values()) {
            position.put(l.index(), position.size());
        }
        double[] out = new double[layers.size()];
        Arrays.fill(out, Double.NaN);
        for (TrajectoryRecord r : byIteration.getOrDefault(iteration, List.of())) {
            if (r.metric() == metric) {
                out[position.get(r.layer())] = r.value();
            }
        }
        return out;
    }

    /** The trajectory length of every layer at one iteration, in the order of {@link #layers()}: a Fig. 8 curve. */
    public double[] lengths(long iteration) {
        return values(iteration, TrajectoryMetric.LENGTH);
    }

    /**
     * One metric of the layer with this DL4J index ({@link Layer#index()}) over training, in iteration order (the
     * metric's recorded values only).
     */
    public synchronized List<Point> series(int layer, TrajectoryMetric metric) {
        List<Point> out = new ArrayList<>();
        for (List<TrajectoryRecord> probe : byIteration.values()) {
            for (TrajectoryRecord r : probe) {
                if (r.layer() == layer && r.metric() == metric) {
                    out.add(new Point(r.iteration(), r.epoch(), r.value()));
                }
            }
        }
        return out;
    }

    /** {@link #series(int, TrajectoryMetric)} of the layer with this name. */
    public synchronized List<Point> series(String layerName, TrajectoryMetric metric) {
        for (Layer l : layers.values()) {
            if (l.name().equals(layerName)) {
                return series(l.index(), metric);
            }
        }
        throw new IllegalArgumentException("no layer named '" + layerName + "' in the history; layers: "
                + layers.values().stream().map(Layer::name).toList());
    }
}
