package org.expressivity4j.trainers.figures.dichotomies;

import static org.expressivity4j.trainers.figures.dichotomies.DichotomiesExperiment.Point;
import static org.expressivity4j.trainers.figures.dichotomies.DichotomiesExperiment.Result;
import static org.expressivity4j.trainers.figures.dichotomies.DichotomiesExperiment.WALKS;
import static org.expressivity4j.trainers.report.Format.decimal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Stats;
import org.expressivity4j.trainers.shared.Timings;

/**
 * The report of {@link DichotomiesExperiment}: its plots (plots/*.png) and its summary (summary.md), from the result.
 */
public final class DichotomiesReport {

    private DichotomiesReport() {
    }

    /** Writes the plots and summary.md of a run that {@link DichotomiesExperiment} computed. */
    public static void write(RunContext context, DichotomiesExperiment.Result result) {
        plot(context, result);
        context.run().writeSummary(summary(result));
    }

    static void plot(RunContext context, Result r) {
        DichotomiesSettings s = r.settings();
        double all = Math.pow(2, s.inputs());
        double minDepth = s.remainingDepths().stream().mapToInt(Integer::intValue).min().orElseThrow();
        double maxDepth = s.remainingDepths().stream().mapToInt(Integer::intValue).max().orElseThrow();

        Plots.LinePlot byDepth = Plots.line(String.format(Locale.ROOT, "Fig. 14 (a): dichotomies vs remaining depth, "
                        + "first layer swept, sigma_w^2 = %s, s = %d", MarkdownTable.format(s.weightVariance()),
                s.inputs()), "remaining depth", "unique dichotomies").logY();
        for (int k : s.widths()) {
            List<Point> ps = r.part("depth").stream().filter(p -> p.config().width() == k).toList();
            addPoints(byDepth, "k = " + k, ps, p -> (double) p.remainingDepth());
        }
        byDepth.theory("all 2^s dichotomies", new double[] {minDepth, maxDepth}, new double[] {all, all});
        byDepth.save(context.run().plot("dichotomies-vs-remaining-depth"));

        Plots.LinePlot byWidth = Plots.line(String.format(Locale.ROOT, "Fig. 14 (b): dichotomies vs width, "
                + "sigma_w^2 = %s, s = %d", MarkdownTable.format(s.weightVariance()), s.inputs()), "width k",
                "unique dichotomies").logY();
        for (int dr : s.remainingDepths()) {
            List<Point> ps = r.part("depth").stream().filter(p -> p.remainingDepth() == dr).toList();
            addPoints(byWidth, "remaining depth " + dr, ps, p -> (double) p.config().width());
        }
        byWidth.save(context.run().plot("dichotomies-vs-width"));

        Plots.LinePlot byLayer = Plots.line(String.format(Locale.ROOT, "Fig. 15: dichotomies vs remaining depth, "
                        + "k = %d, sigma_w^2 = %s, s = %d", s.layerWidth(), MarkdownTable.format(s.weightVariance()),
                s.inputs()), "remaining depth", "unique dichotomies").logY();
        for (int layer : s.sweptLayers()) {
            List<Point> ps = r.part("layer").stream().filter(p -> p.sweptLayer() == layer).toList();
            addPoints(byLayer, "layer swept = " + layer, ps, p -> (double) p.remainingDepth());
        }
        byLayer.theory("all 2^s dichotomies", new double[] {minDepth, maxDepth}, new double[] {all, all});
        byLayer.save(context.run().plot("dichotomies-vs-remaining-depth-by-layer"));

        Plots.LinePlot byFlips = Plots.line(String.format(Locale.ROOT, "Fig. 16: dichotomies vs transitions, "
                        + "sigma_w^2 = %s, s = %d (each point a depth)",
                MarkdownTable.format(s.transitionsWeightVariance()), s.inputs()), "transitions (label flips)",
                "unique dichotomies").logX().logY();
        for (int k : s.widths()) {
            List<Point> ps = r.part("transitions").stream().filter(p -> p.config().width() == k && p.flips() > 0)
                    .toList();
            addPoints(byFlips, "k = " + k, ps, Point::flips);
        }
        double[][] walk = Stats.positive(Arrays.stream(r.walkSteps()).asDoubleStream().toArray(), r.walkMeans());
        double[][] walkPositive = Stats.positive(walk[1], walk[0]);
        if (walkPositive[0].length > 1) {
            byFlips.theory("random walk", walkPositive[1], walkPositive[0]);
            double hi = walkPositive[1][walkPositive[1].length - 1];
            byFlips.theory("all 2^s dichotomies", new double[] {walkPositive[1][0], hi}, new double[] {all, all});
        }
        byFlips.save(context.run().plot("dichotomies-vs-transitions"));
    }
    static void addPoints(Plots.LinePlot plot, String name, List<Point> ps,
                                  java.util.function.ToDoubleFunction<Point> x) {
        double[] xs = ps.stream().mapToDouble(x).toArray();
        double[] ys = ps.stream().mapToDouble(Point::dichotomies).toArray();
        double[][] p = Stats.positive(xs, ys);
        if (p[0].length > 0) {
            plot.series(name, p[0], p[1]);
        }
    }
    static String summary(Result r) {
        DichotomiesSettings s = r.settings();
        long all = 1L << s.inputs();
        StringBuilder sb = new StringBuilder("# Dichotomies under a weight sweep (Figs. 14-16)\n\n");
        sb.append(String.format(Locale.ROOT, "%s networks, weights N(0, sigma_w^2 / fan_in), biases N(0, sigma_b^2 = "
                        + "%s), input dimension %d. The weights W of one layer move along the great circle W(t) = "
                        + "cos(t) W0 + sin(t) W1, t in [0, 2 pi), W1 drawn like W0; s = %d fixed N(0, 1) inputs are "
                        + "labelled by the sign of a linear readout on the last hidden layer; a dichotomy is a "
                        + "distinct labelling (at most 2^s = %d), a transition a label flip. Remaining depth = hidden "
                        + "layers at and above the swept weights. %d network(s) per point; a series stops deepening "
                        + "after a point with %s flips. Random-walk baseline: mean of %d walks flipping one uniformly "
                        + "chosen label per step.%n%n", s.activation().id(), MarkdownTable.format(s.biasVariance()),
                s.inputDimension(), s.inputs(), all, s.networks(), MarkdownTable.format(s.maxFlips()), WALKS));
        MarkdownTable t = new MarkdownTable("figure", "k", "sigma_w^2", "swept layer", "remaining depth",
                "dichotomies", "flips", "random walk", "network / walk", "resolved", "s");
        for (Point p : r.points()) {
            double walk = r.walk(p.flips());
            t.row(figure(p.part()), p.config().width(), MarkdownTable.format(p.config().weightVariance()),
                    p.sweptLayer(), p.remainingDepth(), MarkdownTable.format(p.dichotomies()),
                    MarkdownTable.format(p.flips()), MarkdownTable.format(walk),
                    decimal(p.dichotomies() / walk), p.resolved() ? "yes" : "NO",
                    String.format(Locale.ROOT, "%.1f", p.seconds()));
        }
        sb.append("## Paper says / we measure\n\n");
        sb.append(depthLine(r)).append(widthLine(r)).append(layerLine(r)).append(walkLine(r));
        if (!r.allResolved()) {
            sb.append("\n**Warning:** some sweeps hit their sample limit with neighbouring angles still differing in "
                    + "two or more labels (\"resolved\" = NO): their flips may be undercounted.\n");
        } else {
            sb.append("\nResolution: every sweep was refined until neighbouring angles differ in at most one label.\n");
        }
        sb.append("\n## All points\n\n").append(t.render());
        sb.append("\nPlots: plots/dichotomies-vs-remaining-depth.png (Fig. 14a), plots/dichotomies-vs-width.png "
                + "(Fig. 14b), plots/dichotomies-vs-remaining-depth-by-layer.png (Fig. 15), "
                + "plots/dichotomies-vs-transitions.png (Fig. 16).\n");
        return sb.toString();
    }
    static String figure(String part) {
        return switch (part) {
            case "depth" -> "14";
            case "layer" -> "15";
            default -> "16";
        };
    }
    static String depthLine(Result r) {
        DichotomiesSettings s = r.settings();
        long all = 1L << s.inputs();
        List<String> parts = new ArrayList<>();
        for (int k : s.widths()) {
            List<Point> ps = r.part("depth").stream().filter(p -> p.config().width() == k).toList();
            if (ps.size() < 2) {
                continue;
            }
            Point first = ps.get(0);
            Point last = ps.get(ps.size() - 1);
            // Growth per layer while far from saturation (below 2^s / 4).
            List<Point> unsaturated = ps.stream().filter(p -> p.dichotomies() < all / 4.0).toList();
            Stats.Line line = Stats.fit(unsaturated.stream().mapToDouble(Point::remainingDepth).toArray(),
                    Stats.log(unsaturated.stream().mapToDouble(Point::dichotomies).toArray()));
            parts.add(String.format(Locale.ROOT, "k = %d: %s at remaining depth %d, %s at %d (x%s per layer below "
                            + "2^s/4)", k, MarkdownTable.format(first.dichotomies()), first.remainingDepth(),
                    MarkdownTable.format(last.dichotomies()), last.remainingDepth(),
                    decimal(Math.exp(line.slope()))));
        }
        return "- **Fig. 14 (a), remaining depth.** Paper: dichotomies increase exponentially with the depth of the "
                + "architecture (first layer swept). We measure: " + String.join("; ", parts) + ".\n";
    }
    static String widthLine(Result r) {
        DichotomiesSettings s = r.settings();
        if (s.widths().size() < 2) {
            return "";
        }
        int kMin = s.widths().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int kMax = s.widths().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<String> parts = new ArrayList<>();
        for (int dr : s.remainingDepths()) {
            Point lo = find(r, "depth", kMin, dr);
            Point hi = find(r, "depth", kMax, dr);
            if (lo != null && hi != null) {
                parts.add(String.format(Locale.ROOT, "remaining depth %d: x%s", dr,
                        decimal(hi.dichotomies() / lo.dichotomies())));
            }
        }
        return String.format(Locale.ROOT, "- **Fig. 14 (b), width.** Paper: a much slower increase with width. We "
                + "measure: from k = %d to k = %d the dichotomies change by %s.%n", kMin, kMax,
                parts.isEmpty() ? "(no depth measured at both widths)" : String.join(", ", parts));
    }
    static String layerLine(Result r) {
        DichotomiesSettings s = r.settings();
        List<String> parts = new ArrayList<>();
        double worst = 1;
        for (int dr : s.remainingDepths()) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = 0;
            int count = 0;
            for (int layer : s.sweptLayers()) {
                Point p = r.part("layer").stream().filter(q -> q.sweptLayer() == layer && q.remainingDepth() == dr)
                        .findFirst().orElse(null);
                if (p != null && p.dichotomies() > 0) {
                    lo = Math.min(lo, p.dichotomies());
                    hi = Math.max(hi, p.dichotomies());
                    count++;
                }
            }
            if (count >= 2) {
                parts.add(dr + ": " + MarkdownTable.format(lo) + "-" + MarkdownTable.format(hi));
                worst = Math.max(worst, hi / lo);
            }
        }
        Point deepest = r.part("layer").stream().filter(p -> p.sweptLayer() == s.sweptLayers().get(0))
                .reduce((a, b) -> b).orElse(null);
        String spread = deepest == null ? "" : String.format(Locale.ROOT, " For comparison, one more remaining layer "
                + "multiplies them by about %s at k = %d.", decimal(layerFactor(r)),
                s.layerWidth());
        return String.format(Locale.ROOT, "- **Fig. 15, which layer is swept.** Paper: the number of dichotomies "
                + "depends only on the remaining depth, not on the total depth. We measure (range over swept layers "
                + "%s, by remaining depth): %s; largest max/min ratio %s.%s%n", s.sweptLayers(),
                parts.isEmpty() ? "-" : String.join("; ", parts), decimal(worst), spread);
    }
    /** Mean ratio of consecutive points (per remaining-depth step) of the first swept layer's series, unsaturated. */
    static double layerFactor(Result r) {
        DichotomiesSettings s = r.settings();
        long all = 1L << s.inputs();
        List<Point> ps = r.part("layer").stream().filter(p -> p.sweptLayer() == s.sweptLayers().get(0)
                && p.dichotomies() < all / 4.0).toList();
        Stats.Line line = Stats.fit(ps.stream().mapToDouble(Point::remainingDepth).toArray(),
                Stats.log(ps.stream().mapToDouble(Point::dichotomies).toArray()));
        return Math.exp(line.slope());
    }
    static String walkLine(Result r) {
        List<Point> ps = r.part("transitions").stream().filter(p -> p.flips() > 0).toList();
        if (ps.isEmpty()) {
            return "";
        }
        double[] ratios = ps.stream().mapToDouble(p -> p.dichotomies() / r.walk(p.flips())).toArray();
        long above = Arrays.stream(ratios).filter(x -> x > 1).count();
        double[] x = Stats.log(ps.stream().mapToDouble(Point::flips).toArray());
        long all = 1L << r.settings().inputs();
        List<Point> unsat = ps.stream().filter(p -> p.dichotomies() < all / 4.0).toList();
        Stats.Line line = Stats.fit(Stats.log(unsat.stream().mapToDouble(Point::flips).toArray()),
                Stats.log(unsat.stream().mapToDouble(Point::dichotomies).toArray()));
        return String.format(Locale.ROOT, "- **Fig. 16, dichotomies vs transitions.** Paper: dichotomies track the "
                + "number of transitions (proportionality of transitions to trajectory length extends to "
                + "dichotomies), compared with a random walk that flips one random label per transition. We measure "
                + "(%d points, sigma_w^2 = %s): log-log slope of dichotomies against flips %s below 2^s/4 "
                + "(1 = proportional); network / random walk at the same flips between %s and %s (median %s); "
                + "%d of %d points above the random walk.%n", x.length,
                MarkdownTable.format(r.settings().transitionsWeightVariance()),
                decimal(line.slope()), decimal(
                        Arrays.stream(ratios).min().orElseThrow()), decimal(
                        Arrays.stream(ratios).max().orElseThrow()), decimal(
                        Timings.median(ratios)), above, ratios.length);
    }
    static Point find(Result r, String part, int width, int remainingDepth) {
        return r.part(part).stream().filter(p -> p.config().width() == width && p.remainingDepth() == remainingDepth)
                .findFirst().orElse(null);
    }
}
