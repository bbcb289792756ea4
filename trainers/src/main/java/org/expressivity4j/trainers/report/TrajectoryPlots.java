package org.expressivity4j.trainers.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.expressivity4j.dl4j.listeners.MemoryHistory;
import org.expressivity4j.dl4j.listeners.TrajectoryMetric;

/**
 * Plots of what a {@code TrajectoryListener} recorded, made on demand from its history ({@link MemoryHistory}, or
 * {@link MemoryHistory#fromCsv} of its CSV file): trajectory length against layer depth with one line per recorded
 * iteration on a log scale, as in Raghu et al. (ICML 2017) Fig. 8, and the scaled weight variance
 * {@code sigma_w^2 = fan_in Var(W)} of each layer over training, as in Fig. 9.
 */
public final class TrajectoryPlots {

    /** Most lines drawn in the length plot: iterations are thinned evenly, keeping the first and the last. */
    public static final int MAX_LINES = 12;

    private TrajectoryPlots() {
    }

    /**
     * Trajectory length by layer (x: layer index, 0 the input; y: length, log scale), one line per recorded iteration
     * (at most {@link #MAX_LINES}, evenly chosen). Non-positive and non-finite lengths are left out of the lines.
     *
     * @return whether there was anything to plot (nothing is written otherwise)
     */
    public static boolean lengthByLayer(MemoryHistory history, String title, Path png) {
        List<Long> iterations = thin(history.iterations(), MAX_LINES);
        Plots.LinePlot plot = Plots.line(title, "layer (0 = input)", "trajectory length").logY();
        int lines = 0;
        for (long iteration : iterations) {
            double[] lengths = history.lengths(iteration);
            List<double[]> points = new ArrayList<>();
            for (int layer = 0; layer < lengths.length; layer++) {
                if (lengths[layer] > 0 && Double.isFinite(lengths[layer])) {
                    points.add(new double[] {layer, lengths[layer]});
                }
            }
            if (points.isEmpty()) {
                continue;
            }
            plot.series(String.format(Locale.ROOT, "iteration %d", iteration), column(points, 0), column(points, 1));
            lines++;
        }
        if (lines == 0) {
            return false;
        }
        plot.save(png);
        return true;
    }

    /**
     * The scaled weight variance of every layer with weights against the iteration (one line per layer).
     *
     * @return whether there was anything to plot (nothing is written otherwise)
     */
    public static boolean weightScaleOverTraining(MemoryHistory history, String title, Path png) {
        Plots.LinePlot plot = Plots.line(title, "iteration", "sigma_w^2 = fan_in Var(W)");
        int lines = 0;
        for (MemoryHistory.Layer layer : history.layers()) {
            List<double[]> points = new ArrayList<>();
            for (MemoryHistory.Point p : history.series(layer.index(), TrajectoryMetric.SIGMA_W2)) {
                if (Double.isFinite(p.value())) {
                    points.add(new double[] {p.iteration(), p.value()});
                }
            }
            if (points.isEmpty()) {
                continue;
            }
            plot.series(layer.name(), column(points, 0), column(points, 1));
            lines++;
        }
        if (lines == 0) {
            return false;
        }
        plot.save(png);
        return true;
    }

    /** At most {@code max} of the values, evenly spaced by position, always with the first and the last. */
    public static List<Long> thin(List<Long> values, int max) {
        if (values.size() <= max) {
            return values;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            long index = Math.round((double) i * (values.size() - 1) / (max - 1));
            Long v = values.get((int) index);
            if (out.isEmpty() || !out.get(out.size() - 1).equals(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static double[] column(List<double[]> points, int c) {
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = points.get(i)[c];
        }
        return out;
    }
}
