package org.expressivity4j.trainers.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.expressivity4j.trainers.run.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots for run folders (headless; XChart). Line plots take measured series (solid, with markers) and theory
 * curves (dashed, no markers) so that the paper's bounds can be drawn over the measurements.
 */
public final class Plots {

    /** Default size in pixels. */
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 6f}, 0f);

    private Plots() {
    }

    /** A line plot under construction. */
    public static final class LinePlot {
        private final XYChart chart;
        private final List<String> names = new ArrayList<>();

        private LinePlot(String title, String xLabel, String yLabel) {
            chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                    .yAxisTitle(yLabel).build();
            Styler styler = chart.getStyler();
            styler.setChartBackgroundColor(Color.WHITE);
            styler.setLegendPosition(Styler.LegendPosition.OutsideE);
            styler.setAntiAlias(true);
        }

        /** Logarithmic y axis (values must be positive). */
        public LinePlot logY() {
            chart.getStyler().setYAxisLogarithmic(true);
            return this;
        }

        /** Logarithmic x axis (values must be positive). */
        public LinePlot logX() {
            chart.getStyler().setXAxisLogarithmic(true);
            return this;
        }

        /** A measured series: solid line with markers. */
        public LinePlot series(String name, double[] x, double[] y) {
            XYSeries s = chart.addSeries(unique(name), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            return this;
        }

        /** A measured series with error bars. */
        public LinePlot series(String name, double[] x, double[] y, double[] errors) {
            XYSeries s = chart.addSeries(unique(name), x, y, errors);
            s.setMarker(SeriesMarkers.CIRCLE);
            return this;
        }

        /** A theory curve or reference line: dashed, no markers. */
        public LinePlot theory(String name, double[] x, double[] y) {
            XYSeries s = chart.addSeries(unique(name), x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(DASHED);
            return this;
        }

        /** Points only, no line. */
        public LinePlot scatter(String name, double[] x, double[] y) {
            XYSeries s = chart.addSeries(unique(name), x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            return this;
        }

        /** The underlying chart, for anything not covered here. */
        public XYChart chart() {
            return chart;
        }

        /** Writes the PNG atomically. */
        public void save(Path png) {
            Plots.save(chart, png);
        }

        private String unique(String name) {
            String n = name;
            int k = 2;
            while (names.contains(n)) {
                n = name + " (" + k++ + ")";
            }
            names.add(n);
            return n;
        }
    }

    /** Starts a line plot. */
    public static LinePlot line(String title, String xLabel, String yLabel) {
        return new LinePlot(title, xLabel, yLabel);
    }

    /** A grouped bar chart: one group per category, one bar per series. */
    public static CategoryChart bars(String title, String xLabel, String yLabel, List<String> categories,
                                     List<String> seriesNames, List<double[]> values) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (int s = 0; s < seriesNames.size(); s++) {
            List<Double> v = new ArrayList<>();
            for (double d : values.get(s)) {
                v.add(d);
            }
            chart.addSeries(seriesNames.get(s), categories, v);
        }
        return chart;
    }

    /** Writes any chart as a PNG, atomically. */
    public static void save(Chart<?, ?> chart, Path png) {
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
