package org.expressivity4j.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Headline metrics across a sweep: every number of each cell's manifest results, grouped by grid point (the cell's
 * values without the replicate axis, usually the seed), as mean, sample standard deviation and a 95% confidence
 * interval of the mean (Student's t with n - 1 degrees of freedom).
 */
public final class Aggregation {

    private Aggregation() {
    }

    /**
     * One metric at one grid point.
     *
     * @param n      the replicates that reported it
     * @param mean   their mean
     * @param sd     their sample standard deviation (NaN for n = 1)
     * @param ciLow  lower end of the 95% confidence interval of the mean (NaN for n = 1)
     * @param ciHigh upper end
     */
    public record Stats(int n, double mean, double sd, double ciLow, double ciHigh) {

        /** Half the interval's width (NaN for n = 1). */
        public double ciHalfWidth() {
            return (ciHigh - ciLow) / 2;
        }
    }

    /** One metric's statistics at one grid point. */
    public record Row(Map<String, String> point, String metric, Stats stats) {
    }

    /** The statistics of these values. */
    public static Stats stats(double[] values) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        if (n == 1) {
            return new Stats(1, mean, Double.NaN, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
        double half = t * sd / Math.sqrt(n);
        return new Stats(n, mean, sd, mean - half, mean + half);
    }

    /**
     * Every finite number in a manifest's results, by path: nested keys joined with '/', list elements as
     * {@code [i]}, e.g. {@code final_accuracy/h2/test_accuracy} or {@code sigmas[1]}. Booleans count as 0 and 1.
     */
    public static Map<String, Double> flatten(Map<String, ?> results) {
        Map<String, Double> out = new LinkedHashMap<>();
        flatten("", results, out);
        return out;
    }

    private static void flatten(String path, Object value, Map<String, Double> out) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                flatten(path.isEmpty() ? String.valueOf(e.getKey()) : path + "/" + e.getKey(), e.getValue(), out);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(path + "[" + i + "]", list.get(i), out);
            }
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isFinite(d)) {
                out.put(path, d);
            }
        } else if (value instanceof Boolean b) {
            out.put(path, b ? 1.0 : 0.0);
        }
    }

    /**
     * Groups the cells' headline numbers by grid point and metric.
     *
     * @param cells     each finished cell with its flattened results
     * @param replicate the axis whose values are replicates (e.g. {@code seed}); null or absent from the grid: every
     *                  cell is its own grid point
     * @return rows in grid order, then in the order metrics first appear
     */
    public static List<Row> aggregate(Map<Cell, Map<String, Double>> cells, String replicate) {
        Map<Map<String, String>, Map<String, List<Double>>> groups = new LinkedHashMap<>();
        List<Cell> ordered = new ArrayList<>(cells.keySet());
        ordered.sort(java.util.Comparator.comparingInt(Cell::index));
        for (Cell cell : ordered) {
            Map<String, String> point = replicate == null ? cell.values() : cell.without(replicate);
            Map<String, List<Double>> metrics = groups.computeIfAbsent(point, p -> new LinkedHashMap<>());
            for (Map.Entry<String, Double> m : cells.get(cell).entrySet()) {
                metrics.computeIfAbsent(m.getKey(), k -> new ArrayList<>()).add(m.getValue());
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Map<String, String>, Map<String, List<Double>>> g : groups.entrySet()) {
            for (Map.Entry<String, List<Double>> m : g.getValue().entrySet()) {
                double[] values = m.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                rows.add(new Row(g.getKey(), m.getKey(), stats(values)));
            }
        }
        return rows;
    }
}
