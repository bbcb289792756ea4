package org.expressivity4j.trainers.figures.picture;

import static org.expressivity4j.trainers.figures.picture.TrajectoryPictureExperiment.COLUMNS;
import static org.expressivity4j.trainers.figures.picture.TrajectoryPictureExperiment.PANE;
import static org.expressivity4j.trainers.figures.picture.TrajectoryPictureExperiment.Pane;
import static org.expressivity4j.trainers.figures.picture.TrajectoryPictureExperiment.Result;
import static org.expressivity4j.trainers.report.Format.decimal;
import static org.expressivity4j.trainers.report.Format.scientific;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.report.SeriesColors;
import org.expressivity4j.trainers.run.AtomicFiles;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Endpoints;
import org.expressivity4j.trainers.shared.Stats;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report of {@link TrajectoryPictureExperiment}: its plots (plots/*.png) and its summary (summary.md), from the result.
 */
public final class TrajectoryPictureReport {

    private TrajectoryPictureReport() {
    }

    /** Writes the plots and summary.md of a run that {@link TrajectoryPictureExperiment} computed. */
    public static void write(RunContext context, TrajectoryPictureExperiment.Result r) {
        picture(context, r);
        context.run().writeSummary(summary(r));
    }

    static void picture(RunContext context, Result r) {
        TrajectoryPictureSettings s = r.settings();
        List<BufferedImage> images = new ArrayList<>();
        for (Pane p : r.panes()) {
            XYChart chart = new XYChartBuilder().width(PANE).height(PANE)
                    .title(String.format(Locale.ROOT, "%s (%.0f%% of variance)", p.layer() == 0 ? "input"
                            : "layer " + p.layer(), 100 * p.varianceFraction()))
                    .xAxisTitle("PC 1").yAxisTitle("PC 2").build();
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setAntiAlias(true);
            double[] x = new double[p.coordinates().length];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = p.coordinates()[i][0];
                y[i] = p.coordinates()[i][1];
            }
            XYSeries series = chart.addSeries("layer " + p.layer(), x, y);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(SeriesColors.color(0));
            Plots.save(chart, context.run().plot("trajectory-layer-" + p.layer()));
            images.add(BitmapEncoder.getBufferedImage(chart));
        }
        int rows = (images.size() + COLUMNS - 1) / COLUMNS;
        int columns = Math.min(COLUMNS, images.size());
        BufferedImage grid = new BufferedImage(columns * PANE, rows * PANE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(images.get(i), (i % COLUMNS) * PANE, (i / COLUMNS) * PANE, null);
        }
        g.dispose();
        AtomicFiles.write(context.run().plot("trajectory-picture"), out -> ImageIO.write(grid, "png", out));

        Plots.LinePlot lengths = Plots.line(String.format(Locale.ROOT, "Fig. 3: circle length per layer, %s, k = %d, "
                        + "sigma_w^2 = %s", s.activation().id(), s.width(), MarkdownTable.format(s.weightVariance())),
                "layer", "length of the circle's image").logY();
        double[] layers = r.panes().stream().mapToDouble(Pane::layer).toArray();
        double[][] xy = Stats.positive(layers, r.panes().stream().mapToDouble(Pane::length).toArray());
        if (xy[0].length > 0) {
            lengths.series("length", xy[0], xy[1]);
            lengths.save(context.run().plot("length-vs-layer"));
        }
    }
    static String summary(Result r) {
        TrajectoryPictureSettings s = r.settings();
        StringBuilder sb = new StringBuilder("# A circle through a random network (Fig. 3)\n\n");
        sb.append(String.format(Locale.ROOT, "%s network, width %d, %d hidden layers, weights N(0, %s / fan_in), "
                        + "biases N(0, %s); input: the great circle through x0 in the plane of %s (radius |x0|). Each "
                        + "pane shows the circle's image in one layer (%d points), projected onto that layer's "
                        + "principal plane; the share of the layer's variance the plane shows is in its title. "
                        + "Lengths measured %s (%d points).%n%n", s.activation().id(), s.width(), s.depth(),
                MarkdownTable.format(s.weightVariance()), MarkdownTable.format(s.biasVariance()), r.endpoints(),
                s.points(), Endpoints.measurement(s.activation(), s.polygonVertices()), r.samples()));
        MarkdownTable t = new MarkdownTable("layer", "length", "growth vs previous", "variance shown in the plane",
                "converged");
        double previous = Double.NaN;
        for (Pane p : r.panes()) {
            t.row(p.layer(), scientific(p.length()),
                    decimal(p.length() / previous),
                    String.format(Locale.ROOT, "%.1f%%", 100 * p.varianceFraction()), p.converged() ? "yes" : "NO");
            previous = p.length();
        }
        sb.append(t.render()).append('\n');
        Pane first = r.panes().get(0);
        Pane last = r.panes().get(r.panes().size() - 1);
        sb.append(String.format(Locale.ROOT, "## Paper says / we measure%n%n- **Fig. 3.** Paper: the circle's image "
                        + "grows longer and more convoluted with every layer of a width-100 tanh network. We measure: "
                        + "length %s at the input, %s after layer %d (x%s, x%s per layer); the 2-D picture shows "
                        + "%.0f%% of the input's variance and %.0f%% of the last layer's: deeper images spread over "
                        + "more dimensions than a plane can show.%n", scientific(first.length()),
                scientific(last.length()), last.layer(),
                scientific(last.length() / first.length()),
                decimal(Math.pow(last.length() / first.length(), 1.0 / last.layer())),
                100 * first.varianceFraction(), 100 * last.varianceFraction()));
        sb.append(r.allConverged() ? "\nConvergence: every length was exact or converged.\n"
                : "\n**Warning:** some lengths did not converge (see the table): they are underestimates.\n");
        sb.append("\nPlots: plots/trajectory-picture.png (all panes), plots/trajectory-layer-*.png, "
                + "plots/length-vs-layer.png.\n");
        return sb.toString();
    }
}
