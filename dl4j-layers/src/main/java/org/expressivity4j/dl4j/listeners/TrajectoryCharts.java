package org.expressivity4j.dl4j.listeners;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Plots of what a {@link TrajectoryListener} recorded, from its CSV file or a {@link MemoryHistory}, drawn with the JDK
 * alone (no charting library, nothing beyond this module), as PNG or SVG:
 * <ul>
 *   <li>{@value #LENGTH_BY_LAYER}: the trajectory length of every layer, in network order (x, named by layer; the
 *       input first), one line per recorded iteration (at most {@value #MAX_LINES}, evenly chosen, the first and the
 *       last always among them, coloured from blue to red), log scale: Raghu et al. (ICML 2017) Fig. 8;</li>
 *   <li>{@value #SIGMA_W2_OVER_TRAINING}: {@code sigma_w^2 = fan_in Var(W)} of every layer with weights against the
 *       iteration: Fig. 9.</li>
 * </ul>
 * <pre>
 * List&lt;Path&gt; written = TrajectoryCharts.write(Path.of("trajectory.csv"), Path.of("plots"));
 * </pre>
 * Non-finite values (and non-positive lengths, on the log scale) are left out of the lines. PNG rendering needs the
 * fonts of a desktop JDK (fontconfig and a font package on Linux); SVG needs none. The CSV must hold one run
 * ({@link MemoryHistory#fromCsv}).
 */
public final class TrajectoryCharts {

    /** Most lines of the length plot. */
    public static final int MAX_LINES = 12;
    /** File name (without extension) of the length-by-layer plot. */
    public static final String LENGTH_BY_LAYER = "trajectory-length-by-layer";
    /** File name (without extension) of the weight-scale plot. */
    public static final String SIGMA_W2_OVER_TRAINING = "sigma-w2-over-training";

    /** The image format. */
    public enum Format {
        /** A 960 x 600 raster image. */
        PNG,
        /** A vector image (text, no fonts needed to write it). */
        SVG;

        /** The file extension, with its dot. */
        public String extension() {
            return "." + name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Color[] CATEGORIES = {
            new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
            new Color(188, 189, 34), new Color(23, 190, 207), new Color(0, 0, 128), new Color(128, 0, 0)};

    private TrajectoryCharts() {
    }

    /**
     * Writes the plots of a listener's CSV file into {@code directory} (created if needed) as PNG, titled with the
     * file's name.
     *
     * @return the files written (a plot with nothing to show is not written)
     * @throws IllegalStateException if the file is not a listener's CSV or holds more than one run
     */
    public static List<Path> write(Path csv, Path directory) {
        return write(csv, directory, Format.PNG);
    }

    /** As {@link #write(Path, Path)}, in this format. */
    public static List<Path> write(Path csv, Path directory, Format format) {
        return write(MemoryHistory.fromCsv(csv), csv.getFileName().toString(), directory, format);
    }

    /** Writes the plots of a history into {@code directory}, titled {@code "<title>: ..."}; returns the files. */
    public static List<Path> write(MemoryHistory history, String title, Path directory, Format format) {
        Objects.requireNonNull(format, "format");
        List<Path> written = new ArrayList<>();
        Path lengths = directory.resolve(LENGTH_BY_LAYER + format.extension());
        if (lengthByLayer(history, title + ": trajectory length by layer", lengths)) {
            written.add(lengths);
        }
        Path weights = directory.resolve(SIGMA_W2_OVER_TRAINING + format.extension());
        if (weightScaleOverTraining(history, title + ": sigma_w^2 over training", weights)) {
            written.add(weights);
        }
        return written;
    }

    /**
     * The length-by-layer plot into {@code file} (SVG if its name ends in {@code .svg}, else PNG).
     *
     * @return whether there was anything to plot (nothing is written otherwise)
     */
    public static boolean lengthByLayer(MemoryHistory history, String title, Path file) {
        List<MemoryHistory.Layer> layers = history.layers();
        List<Long> iterations = thin(history.iterations(), MAX_LINES);
        LineChart chart = new LineChart(title, "layer (in network order)", "trajectory length").logY()
                .xNames(layers.stream().map(MemoryHistory.Layer::name).toList());
        for (int k = 0; k < iterations.size(); k++) {
            long iteration = iterations.get(k);
            List<double[]> points = new ArrayList<>();
            for (int position = 0; position < layers.size(); position++) {
                double v = history.value(iteration, layers.get(position).index(), TrajectoryMetric.LENGTH)
                        .orElse(Double.NaN);
                if (v > 0 && Double.isFinite(v)) {
                    points.add(new double[] {position, v});
                }
            }
            if (!points.isEmpty()) {
                double f = iterations.size() == 1 ? 0 : (double) k / (iterations.size() - 1);
                chart.series("iteration " + iteration, column(points, 0), column(points, 1), blueToRed(f));
            }
        }
        if (chart.isEmpty()) {
            return false;
        }
        chart.save(file);
        return true;
    }

    /**
     * The weight-scale plot into {@code file} (SVG if its name ends in {@code .svg}, else PNG): one line per layer
     * with weights.
     *
     * @return whether there was anything to plot (nothing is written otherwise)
     */
    public static boolean weightScaleOverTraining(MemoryHistory history, String title, Path file) {
        LineChart chart = new LineChart(title, "iteration", "sigma_w^2 = fan_in Var(W)");
        int lines = 0;
        for (MemoryHistory.Layer layer : history.layers()) {
            List<double[]> points = new ArrayList<>();
            for (MemoryHistory.Point p : history.series(layer.index(), TrajectoryMetric.SIGMA_W2)) {
                if (Double.isFinite(p.value())) {
                    points.add(new double[] {p.iteration(), p.value()});
                }
            }
            if (!points.isEmpty()) {
                chart.series(layer.name(), column(points, 0), column(points, 1),
                        CATEGORIES[lines++ % CATEGORIES.length]);
            }
        }
        if (chart.isEmpty()) {
            return false;
        }
        chart.save(file);
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

    private static Color blueToRed(double f) {
        return new Color((int) Math.round(30 + 190 * f), (int) Math.round(80 - 40 * Math.abs(2 * f - 1) + 40),
                (int) Math.round(220 - 190 * f));
    }

    private static double[] column(List<double[]> points, int c) {
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = points.get(i)[c];
        }
        return out;
    }
}
