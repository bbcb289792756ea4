package org.expressivity4j.trainers.report;

import java.awt.Color;
import java.util.Map;
import org.knowm.xchart.XYSeries;

/**
 * Colours for plots that draw a measured series together with its own theory curves (the bounds of the same
 * configuration), so that a dashed bound has the colour of the series it belongs to.
 */
public final class SeriesColors {

    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};

    private SeriesColors() {
    }

    /** The i-th colour of the palette (cycling). */
    public static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** Colours the series added last to the plot (its line and markers); returns the plot. */
    public static Plots.LinePlot colorLast(Plots.LinePlot plot, Color color) {
        XYSeries last = null;
        for (Map.Entry<String, XYSeries> e : plot.chart().getSeriesMap().entrySet()) {
            last = e.getValue();
        }
        if (last != null) {
            last.setLineColor(color);
            last.setMarkerColor(color);
        }
        return plot;
    }
}
