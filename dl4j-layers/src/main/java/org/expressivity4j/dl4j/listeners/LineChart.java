package org.expressivity4j.dl4j.listeners;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small line chart drawn with the JDK alone (Java 2D for PNG, text for SVG), so that the library can plot without a
 * charting dependency: lines with point markers, linear or base-10 logarithmic y axis, a linear x axis with numeric
 * ticks or one named tick per integer position, a legend on the right.
 */
final class LineChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 600;
    private static final double LEFT = 90;
    private static final double RIGHT = 220;
    private static final double TOP = 50;
    private static final double BOTTOM = 100;
    private static final float FONT = 13f;

    private record Series(String name, double[] x, double[] y, Color color) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private boolean logY;
    private List<String> xNames;
    private final List<Series> series = new ArrayList<>();

    LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** A base-10 logarithmic y axis (non-positive values must be left out by the caller). */
    LineChart logY() {
        logY = true;
        return this;
    }

    /** Ticks at x = 0, 1, ... labelled with these names instead of numbers. */
    LineChart xNames(List<String> names) {
        xNames = List.copyOf(names);
        return this;
    }

    LineChart series(String name, double[] x, double[] y, Color color) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " and " + y.length);
        }
        series.add(new Series(name, x.clone(), y.clone(), color));
        return this;
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    /** Writes the chart as PNG or SVG, by the file's extension ({@code .svg}, else PNG), creating its folders. */
    void save(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
                Svg svg = new Svg();
                draw(svg);
                Files.writeString(file, svg.finish(), StandardCharsets.UTF_8);
            } else {
                BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                try {
                    draw(new Java2d(g));
                } finally {
                    g.dispose();
                }
                if (!ImageIO.write(image, "png", file.toFile())) {
                    throw new IOException("no PNG writer in this JDK");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    // --------------------------------------------------------------------------------------------------- drawing

    private void draw(Canvas c) {
        c.rect(0, 0, WIDTH, HEIGHT, Color.WHITE);
        double x0 = LEFT;
        double x1 = WIDTH - RIGHT;
        double y0 = HEIGHT - BOTTOM;
        double y1 = TOP;
        double[] xr = range(true);
        double[] yr = range(false);
        Axis xAxis = xNames != null ? Axis.named(xNames.size()) : Axis.linear(xr[0], xr[1]);
        Axis yAxis = logY ? Axis.log(yr[0], yr[1]) : Axis.linear(yr[0], yr[1]);

        c.text(title, WIDTH / 2.0, TOP / 2.0 + 5, 0, 15f, 0, Color.BLACK);
        for (double t : yAxis.ticks) {
            double y = map(yAxis.position(t), y0, y1);
            c.line(x0, y, x1, y, new Color(225, 225, 225), 1f);
            c.text(Axis.format(t), x0 - 6, y + 4, 1, FONT, 0, Color.DARK_GRAY);
        }
        for (int i = 0; i < xAxis.ticks.length; i++) {
            double t = xAxis.ticks[i];
            double x = map(xAxis.position(t), x0, x1);
            c.line(x, y0, x, y1, new Color(235, 235, 235), 1f);
            if (xNames != null) {
                c.text(xNames.get((int) t), x + 4, y0 + 14, 1, FONT, -45, Color.DARK_GRAY);
            } else {
                c.text(Axis.format(t), x, y0 + 18, 0, FONT, 0, Color.DARK_GRAY);
            }
        }
        c.line(x0, y0, x1, y0, Color.BLACK, 1f);
        c.line(x0, y0, x0, y1, Color.BLACK, 1f);
        c.text(xLabel, (x0 + x1) / 2, HEIGHT - 14, 0, FONT, 0, Color.BLACK);
        c.text(yLabel, 22, (y0 + y1) / 2, 0, FONT, -90, Color.BLACK);

        double legendY = TOP + 10;
        for (Series s : series) {
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < s.x.length; i++) {
                points.add(new double[] {map(xAxis.position(s.x[i]), x0, x1), map(yAxis.position(s.y[i]), y0, y1)});
            }
            c.polyline(points, s.color, 2f);
            for (double[] p : points) {
                c.dot(p[0], p[1], 3, s.color);
            }
            c.line(x1 + 16, legendY - 4, x1 + 40, legendY - 4, s.color, 3f);
            c.text(s.name, x1 + 46, legendY, -1, FONT, 0, Color.BLACK);
            legendY += 18;
        }
    }

    private static double map(double fraction, double from, double to) {
        return from + fraction * (to - from);
    }

    /** The data's range in x or y (before the axis widens it). */
    private double[] range(boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : x ? s.x : s.y) {
                if (Double.isFinite(v) && (x || !logY || v > 0)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            return new double[] {logY && !x ? 1 : 0, logY && !x ? 10 : 1};
        }
        return new double[] {lo, hi};
    }

    /** An axis: its tick values and where a value lies on it, as a fraction 0..1 of its length. */
    private static final class Axis {
        private final double lo;
        private final double hi;
        private final boolean log;
        private final double[] ticks;

        private Axis(double lo, double hi, boolean log, double[] ticks) {
            this.lo = lo;
            this.hi = hi;
            this.log = log;
            this.ticks = ticks;
        }

        /** Ticks at 1, 2 or 5 times a power of ten, about six of them, the range widened to the outer ticks. */
        static Axis linear(double min, double max) {
            if (min == max) {
                double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
                min -= pad;
                max += pad;
            }
            double raw = (max - min) / 6;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3.5 ? 2 : raw / magnitude < 7.5
                    ? 5 : 10);
            double lo = Math.floor(min / step) * step;
            double hi = Math.ceil(max / step) * step;
            int n = (int) Math.round((hi - lo) / step) + 1;
            double[] ticks = new double[n];
            for (int i = 0; i < n; i++) {
                ticks[i] = lo + i * step;
            }
            return new Axis(lo, hi, false, ticks);
        }

        /** Positions 0 .. n - 1, half a step of margin on each side. */
        static Axis named(int n) {
            double[] ticks = new double[n];
            for (int i = 0; i < n; i++) {
                ticks[i] = i;
            }
            return new Axis(-0.5, n - 0.5, false, ticks);
        }

        /** Decades (with 2 and 5 between them when the range spans under two decades). */
        static Axis log(double min, double max) {
            double lo = Math.floor(Math.log10(min));
            double hi = Math.ceil(Math.log10(max));
            if (hi == lo) {
                hi = lo + 1;
            }
            List<Double> ticks = new ArrayList<>();
            for (double d = lo; d <= hi; d++) {
                double decade = Math.pow(10, d);
                ticks.add(decade);
                if (hi - lo < 2 && d < hi) {
                    ticks.add(2 * decade);
                    ticks.add(5 * decade);
                }
            }
            return new Axis(lo, hi, true, ticks.stream().mapToDouble(Double::doubleValue).toArray());
        }

        double position(double v) {
            double p = log ? Math.log10(v) : v;
            return (p - lo) / (hi - lo);
        }

        static String format(double v) {
            if (v == 0) {
                return "0";
            }
            double a = Math.abs(v);
            if (a >= 1e5 || a < 1e-3) {
                return String.format(Locale.ROOT, "%.0e", v).replace("e+0", "e").replace("e-0", "e-").replace("e+",
                        "e");
            }
            String s = String.format(Locale.ROOT, "%.4f", v);
            s = s.replaceAll("0+$", "");
            return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
    }

    // --------------------------------------------------------------------------------------------------- canvases

    /** What the chart draws with. Text anchors: -1 start, 0 middle, 1 end; angles in degrees, clockwise. */
    private interface Canvas {
        void rect(double x, double y, double w, double h, Color fill);

        void line(double x1, double y1, double x2, double y2, Color color, float width);

        void polyline(List<double[]> points, Color color, float width);

        void dot(double x, double y, double r, Color color);

        void text(String s, double x, double y, int anchor, float size, double angle, Color color);
    }

    private static final class Java2d implements Canvas {
        private final Graphics2D g;

        Java2d(Graphics2D g) {
            this.g = g;
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        }

        @Override
        public void rect(double x, double y, double w, double h, Color fill) {
            g.setColor(fill);
            g.fill(new java.awt.geom.Rectangle2D.Double(x, y, w, h));
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, Color color, float width) {
            g.setColor(color);
            g.setStroke(new BasicStroke(width));
            g.draw(new Line2D.Double(x1, y1, x2, y2));
        }

        @Override
        public void polyline(List<double[]> points, Color color, float width) {
            if (points.size() < 2) {
                return;
            }
            Path2D.Double path = new Path2D.Double();
            path.moveTo(points.get(0)[0], points.get(0)[1]);
            for (int i = 1; i < points.size(); i++) {
                path.lineTo(points.get(i)[0], points.get(i)[1]);
            }
            g.setColor(color);
            g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
        }

        @Override
        public void dot(double x, double y, double r, Color color) {
            g.setColor(color);
            g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        }

        @Override
        public void text(String s, double x, double y, int anchor, float size, double angle, Color color) {
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 1).deriveFont(size);
            g.setFont(font);
            g.setColor(color);
            FontMetrics metrics = g.getFontMetrics();
            double width = metrics.stringWidth(s);
            double dx = anchor < 0 ? 0 : anchor == 0 ? -width / 2 : -width;
            AffineTransform saved = g.getTransform();
            g.translate(x, y);
            g.rotate(Math.toRadians(angle));
            g.drawString(s, (float) dx, 0f);
            g.setTransform(saved);
        }
    }

    private static final class Svg implements Canvas {
        private final StringBuilder sb = new StringBuilder();

        Svg() {
            sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                    .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                    .append("\" font-family=\"sans-serif\">\n");
        }

        String finish() {
            return sb.append("</svg>\n").toString();
        }

        @Override
        public void rect(double x, double y, double w, double h, Color fill) {
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    + "fill=\"%s\"/>%n", x, y, w, h, hex(fill)));
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, Color color, float width) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    + "stroke=\"%s\" stroke-width=\"%.1f\"/>%n", x1, y1, x2, y2, hex(color), width));
        }

        @Override
        public void polyline(List<double[]> points, Color color, float width) {
            if (points.size() < 2) {
                return;
            }
            sb.append("<polyline fill=\"none\" stroke=\"").append(hex(color)).append("\" stroke-width=\"")
                    .append(width).append("\" stroke-linejoin=\"round\" points=\"");
            for (double[] p : points) {
                sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
            }
            sb.setLength(sb.length() - 1);
            sb.append("\"/>\n");
        }

        @Override
        public void dot(double x, double y, double r, Color color) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>%n", x, y,
                    r, hex(color)));
        }

        @Override
        public void text(String s, double x, double y, int anchor, float size, double angle, Color color) {
            String a = anchor < 0 ? "start" : anchor == 0 ? "middle" : "end";
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"%s\" "
                    + "fill=\"%s\"", x, y, size, a, hex(color)));
            if (angle != 0) {
                sb.append(String.format(Locale.ROOT, " transform=\"rotate(%.0f %.1f %.1f)\"", angle, x, y));
            }
            sb.append('>').append(escape(s)).append("</text>\n");
        }

        private static String hex(Color c) {
            return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
