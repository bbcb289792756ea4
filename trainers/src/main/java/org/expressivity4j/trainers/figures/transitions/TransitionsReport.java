package org.expressivity4j.trainers.figures.transitions;

import static org.expressivity4j.trainers.figures.transitions.TransitionsExperiment.Result;
import static org.expressivity4j.trainers.figures.transitions.TransitionsExperiment.Series;
import static org.expressivity4j.trainers.report.Format.decimal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.report.SeriesColors;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Endpoints;
import org.expressivity4j.trainers.shared.Stats;
import org.expressivity4j.trainers.shared.Timings;

/**
 * The report of {@link TransitionsExperiment}: its plots (plots/*.png) and its summary (summary.md), from the result.
 */
public final class TransitionsReport {

    private TransitionsReport() {
    }

    /** Writes the plots and summary.md of a run that {@link TransitionsExperiment} computed. */
    public static void write(RunContext context, TransitionsExperiment.Result result) {
        plot(context, result);
        context.run().writeSummary(summary(result));
    }

    static void plot(RunContext context, Result r) {
        TransitionsSettings s = r.settings();
        for (double s2 : s.weightVariances()) {
            String v = MarkdownTable.format(s2);
            boolean theorem4 = s.activation() == Activation.HARD_TANH;
            Plots.LinePlot byDepth = Plots.line("Fig. 2 (left): transitions vs depth, " + s.activation().id()
                    + ", sigma_w^2 = " + v + (theorem4 ? " (dashed: Thm 4 saturated-limit rate)" : ""), "depth",
                    "transitions of layer d's units").logY();
            int colour = 0;
            double highest = 0;
            for (int k : s.widths()) {
                Series ser = r.series(k, s2);
                double[][] p = Stats.positive(Stats.range(0, ser.depthReached()), ser.meanTransitions());
                if (p[0].length == 0) {
                    continue;
                }
                java.awt.Color c = SeriesColors.color(colour++);
                SeriesColors.colorLast(byDepth.series("k = " + k, p[0], p[1]), c);
                highest = Math.max(highest, Arrays.stream(p[1]).max().orElse(0));
                double anchor = ser.meanTransitions()[1];
                if (theorem4 && anchor > 0 && ser.depthReached() > 1) {
                    // Theorem 4's per-layer factor from the measured layer 1 on: the rate the proof gives once the
                    // units are saturated (large sigma_w), an upper envelope at moderate scales.
                    double[] x = Stats.range(1, ser.depthReached());
                    double[] y = Arrays.stream(x).map(d -> anchor * Math.pow(ser.theorem4Factor(), d - 1)).toArray();
                    SeriesColors.colorLast(byDepth.theory("k = " + k + ": Thm 4 rate", x, y), c);
                }
            }
            if (theorem4 && highest > 0) {
                // Keep the measurements legible: the limit rate may leave the plot upwards.
                byDepth.chart().getStyler().setYAxisMax(highest * 20);
            }
            save(byDepth, context, "transitions-vs-depth-sw2-" + v);

            Plots.LinePlot byWidth = Plots.line("Fig. 2 (right): transitions vs width, " + s.activation().id()
                    + ", sigma_w^2 = " + v, "width k", "transitions of layer d's units").logY();
            double[] kx = s.widths().stream().mapToDouble(Integer::doubleValue).toArray();
            for (int d : s.plotDepths()) {
                double[] y = s.widths().stream().mapToDouble(k -> r.series(k, s2).transitions(d)).toArray();
                double[][] p = Stats.positive(kx, y);
                if (p[0].length > 0) {
                    byWidth.series("depth " + d, p[0], p[1]);
                }
            }
            save(byWidth, context, "transitions-vs-width-sw2-" + v);
        }

        Plots.LinePlot byLength = Plots.line("Fig. 5: transitions vs trajectory length (each point a depth), "
                + s.activation().id(), "length of the circle's image in layer d",
                "transitions of layer d's units").logX().logY();
        double lx = 0;
        double ly = 0;
        int points = 0;
        for (Series ser : r.series()) {
            int n = ser.depthReached();
            double[] l = Arrays.copyOfRange(ser.meanLength(), 1, n + 1);
            double[] t = Arrays.copyOfRange(ser.meanTransitions(), 1, n + 1);
            List<double[]> xy = new ArrayList<>();
            for (int d = 0; d < n; d++) {
                if (l[d] > 0 && t[d] > 0) {
                    xy.add(new double[] {l[d], t[d]});
                    lx += Math.log(l[d]);
                    ly += Math.log(t[d]);
                    points++;
                }
            }
            if (!xy.isEmpty()) {
                byLength.series(ser.config().label(), xy.stream().mapToDouble(a -> a[0]).toArray(),
                        xy.stream().mapToDouble(a -> a[1]).toArray());
            }
        }
        if (points > 0) {
            double[] range = lengthRange(r);
            double cx = lx / points;
            double cy = ly / points;
            byLength.theory("slope 1 (T proportional to length)", range,
                    Arrays.stream(range).map(x -> Math.exp(cy + Math.log(x) - cx)).toArray());
        }
        save(byLength, context, "transitions-vs-length");
    }
    static void save(Plots.LinePlot plot, RunContext context, String name) {
        if (!plot.chart().getSeriesMap().isEmpty()) {
            plot.save(context.run().plot(name));
        }
    }
    static double[] lengthRange(Result r) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Series s : r.series()) {
            for (int d = 1; d <= s.depthReached(); d++) {
                double l = s.meanLength()[d];
                if (l > 0 && s.meanTransitions()[d] > 0) {
                    lo = Math.min(lo, l);
                    hi = Math.max(hi, l);
                }
            }
        }
        return new double[] {lo, hi};
    }
    static String summary(Result r) {
        TransitionsSettings s = r.settings();
        StringBuilder sb = new StringBuilder("# Transitions in random networks (Figs. 2 and 5)\n\n");
        sb.append(String.format(Locale.ROOT, "%s networks (Raghu et al. 2017, Sec. 2.1): weights N(0, sigma_w^2 / "
                        + "fan_in), biases N(0, sigma_b^2 = %s), input dimension %d; the quarter circle between %s; "
                        + "%d networks (and endpoint pairs) per configuration, measured %s. T_d = transitions of "
                        + "layer d's units along the circle (the paper's T(F_A(x(t); W)) of the network truncated "
                        + "after layer d: deeper networks of one seed contain the shallower ones). A configuration "
                        + "stops deepening once its last layer passes %s transitions (exact counting costs time in "
                        + "proportion to them).%n%n", s.activation().id(), MarkdownTable.format(s.biasVariance()),
                r.inputDimension(), r.endpoints(), s.networks(), Endpoints.measurement(s.activation(),
                        s.polygonVertices()), MarkdownTable.format(s.maxTransitions())));
        List<String> headers = new ArrayList<>(List.of("k", "sigma_w^2", "depth"));
        for (int d : s.plotDepths()) {
            headers.add("T_" + d);
        }
        headers.addAll(List.of("T_last", "x per layer (fit)", "R^2", "Thm 4 factor", "T/l", "slope log T vs log l",
                "converged", "s"));
        MarkdownTable t = new MarkdownTable(headers.toArray(String[]::new));
        for (Series ser : r.series()) {
            List<Object> row = new ArrayList<>(List.of(ser.config().width(),
                    MarkdownTable.format(ser.config().weightVariance()), ser.depthReached()));
            for (int d : s.plotDepths()) {
                row.add(d <= ser.depthReached() ? MarkdownTable.format(ser.meanTransitions()[d]) : "-");
            }
            row.add(MarkdownTable.format(ser.meanTransitions()[ser.depthReached()]));
            row.add(decimal(ser.depthGrowth()));
            row.add(decimal(ser.depthR2()));
            row.add(decimal(ser.theorem4Factor()));
            row.add(decimal(ser.transitionsPerLength()));
            row.add(decimal(ser.lengthSlope()));
            row.add(ser.converged() + "/" + ser.networks());
            row.add(String.format(Locale.ROOT, "%.1f", ser.seconds()));
            t.row(row.toArray());
        }
        sb.append(t.render()).append('\n');
        sb.append("\"x per layer (fit)\": exp of the slope of log T_d against d (least squares over layers 1 .. depth); "
                + "\"Thm 4 factor\": k (2/pi) arctan(sigma_w / sqrt((k-1) sigma_w^2 + k sigma_b^2)), Theorem 4's "
                + "growth per layer in the saturated (large sigma_w) limit; \"T/l\": mean of T_d / l_d; \"slope\": "
                + "least-squares slope of log T_d against log l_d (1 = proportional, Fig. 5).\n\n");

        sb.append("## Paper says / we measure\n\n");
        sb.append(depthLine(r)).append(widthLine(r)).append(lengthLine(r));
        if (!r.allConverged()) {
            sb.append("\n**Warning:** some lengths did not converge (adaptive sampling hit its sample limit): see the "
                    + "converged column; their transitions may be undercounted.\n");
        } else {
            sb.append("\nConvergence: every length was exact or converged.\n");
        }
        long capped = r.series().stream().filter(x -> x.depthReached() < s.depth()).count();
        if (capped > 0) {
            sb.append(String.format(Locale.ROOT, "%n%d of %d configurations stopped before depth %d at the "
                    + "transitions cap (raise --max-transitions to go deeper; the time grows with the count).%n",
                    capped, r.series().size(), s.depth()));
        }
        sb.append("\nPlots: plots/transitions-vs-depth-sw2-*.png and plots/transitions-vs-width-sw2-*.png (Fig. 2), "
                + "plots/transitions-vs-length.png (Fig. 5). Dashed on the depth plots (hard tanh): Theorem 4's "
                + "per-layer factor composed from the measured layer 1.\n");
        return sb.toString();
    }
    static String depthLine(Result r) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        double minR2 = 1;
        List<String> byScale = new ArrayList<>();
        for (double s2 : r.settings().weightVariances()) {
            double[] g = r.series().stream().filter(s -> s.config().weightVariance() == s2 && s.depthReached() >= 3)
                    .mapToDouble(Series::depthGrowth).filter(Double::isFinite).toArray();
            if (g.length > 0) {
                byScale.add("x" + decimal(Stats.mean(g)) + " at sigma_w^2 = "
                        + MarkdownTable.format(s2));
            }
        }
        for (Series s : r.series()) {
            if (s.depthReached() >= 3 && Double.isFinite(s.depthGrowth())) {
                lo = Math.min(lo, s.depthGrowth());
                hi = Math.max(hi, s.depthGrowth());
                if (Double.isFinite(s.depthR2())) {
                    minR2 = Math.min(minR2, s.depthR2());
                }
            }
        }
        if (hi == 0) {
            return "- **Fig. 2 (left).** Too few layers measured for a growth rate.\n";
        }
        String line = String.format(Locale.ROOT, "- **Fig. 2 (left), depth.** Paper: transitions grow exponentially "
                + "with depth, and depend on the initialization scale. We measure: every configuration's transitions "
                + "multiply by %s to %s per layer (log T linear in depth, R^2 >= %s); mean over widths %s.",
                decimal(lo), decimal(hi),
                decimal(minR2), String.join(", ", byScale));
        if (r.settings().activation() == Activation.HARD_TANH) {
            long below = r.series().stream().filter(s -> s.depthReached() >= 3 && Double.isFinite(s.depthGrowth())
                    && s.depthGrowth() <= s.theorem4Factor()).count();
            long measured = r.series().stream().filter(s -> s.depthReached() >= 3
                    && Double.isFinite(s.depthGrowth())).count();
            line += String.format(Locale.ROOT, " Theorem 4's per-layer factor (saturated limit, dashed) is at or "
                    + "above the measured rate in %d of %d configurations: units that are not saturated transition "
                    + "less often than the limit assumes.", below, measured);
        }
        return line + "\n";
    }
    static String widthLine(Result r) {
        TransitionsSettings s = r.settings();
        if (s.widths().size() < 2) {
            return "- **Fig. 2 (right).** One width only: no width dependence measured.\n";
        }
        List<String> parts = new ArrayList<>();
        int kMin = s.widths().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int kMax = s.widths().stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (double s2 : s.weightVariances()) {
            // The deepest plotted depth every width reached.
            int d = 0;
            for (int pd : s.plotDepths()) {
                final int depth = pd;
                if (s.widths().stream().allMatch(k -> r.series(k, s2).depthReached() >= depth)) {
                    d = Math.max(d, pd);
                }
            }
            if (d == 0) {
                continue;
            }
            final int depth = d;
            double[] logK = s.widths().stream().mapToDouble(k -> Math.log(k)).toArray();
            double[] logT = Stats.log(s.widths().stream().mapToDouble(k -> r.series(k, s2).transitions(depth))
                    .toArray());
            Stats.Line line = Stats.fit(logK, logT);
            double perLayer = r.series(kMax, s2).depthGrowth();
            parts.add(String.format(Locale.ROOT, "sigma_w^2 = %s, depth %d: T ~ k^%s, i.e. T_d / k ~ k^%s (k from %d "
                    + "to %d multiplies T by %s, while each layer at k = %d multiplies it by %s)",
                    MarkdownTable.format(s2), depth, decimal(line.slope()),
                    decimal(line.slope() - 1), kMin, kMax,
                    MarkdownTable.format(r.series(kMax, s2).transitions(depth) / r.series(kMin, s2).transitions(depth)),
                    kMax, decimal(perLayer)));
        }
        return "- **Fig. 2 (right), width.** Paper: the same rate of growth is not seen with width (polynomial, not "
                + "exponential). We measure: " + (parts.isEmpty() ? "no depth reached by every width." :
                String.join("; ", parts) + ".") + "\n";
    }
    static String lengthLine(Result r) {
        double[] slopes = r.series().stream().filter(s -> s.depthReached() >= 3).mapToDouble(Series::lengthSlope)
                .filter(Double::isFinite).toArray();
        if (slopes.length == 0) {
            return "- **Fig. 5.** Too few layers measured for a slope.\n";
        }
        double lo = Arrays.stream(slopes).min().orElseThrow();
        double hi = Arrays.stream(slopes).max().orElseThrow();
        return String.format(Locale.ROOT, "- **Fig. 5, transitions vs length.** Paper: the number of transitions is "
                + "linear in trajectory length (Theorem 4, hard tanh). We measure: slope of log T_d against log l_d "
                + "between %s and %s (median %s) over %d configurations (1 = proportional); T/l per configuration in "
                + "the table.%n", decimal(lo), decimal(hi),
                decimal(Timings.median(slopes)), slopes.length);
    }
}
