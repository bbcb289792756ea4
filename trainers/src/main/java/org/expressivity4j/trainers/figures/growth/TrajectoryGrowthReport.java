package org.expressivity4j.trainers.figures.growth;

import static org.expressivity4j.trainers.figures.growth.TrajectoryGrowthExperiment.LengthSeries;
import static org.expressivity4j.trainers.figures.growth.TrajectoryGrowthExperiment.PROBE_SIZE;
import static org.expressivity4j.trainers.figures.growth.TrajectoryGrowthExperiment.PerturbationPoint;
import static org.expressivity4j.trainers.figures.growth.TrajectoryGrowthExperiment.Result;
import static org.expressivity4j.trainers.report.Format.decimal;
import static org.expressivity4j.trainers.report.Format.plusMinus;
import static org.expressivity4j.trainers.report.Format.scientific;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.report.SeriesColors;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Endpoints;
import org.expressivity4j.trainers.shared.NetConfig;
import org.expressivity4j.trainers.shared.Stats;

/**
 * The report of {@link TrajectoryGrowthExperiment}: its plots (plots/*.png) and its summary (summary.md), from the result.
 */
public final class TrajectoryGrowthReport {

    private TrajectoryGrowthReport() {
    }

    /** Writes the plots and summary.md of a run that {@link TrajectoryGrowthExperiment} computed. */
    public static void write(RunContext context, TrajectoryGrowthExperiment.Result result) {
        plot(context, result);
        context.run().writeSummary(summary(result));
    }

    static void plot(RunContext context, Result r) {
        TrajectoryGrowthSettings s = r.settings();
        for (Activation a : s.activations()) {
            String fig = a == Activation.RELU ? "Fig. 12" : "Fig. 13";
            Plots.LinePlot byVariance = Plots.line(String.format(Locale.ROOT, "%s (a): trajectory length, %s, k = %d",
                    fig, a.id(), s.baseWidth()), "depth", "trajectory length").logY();
            int colour = 0;
            for (double s2 : s.weightVariances()) {
                lengthCurves(byVariance, r.series(new NetConfig(a, s.baseWidth(), s2, s.biasVariance())),
                        "sigma_w^2 = " + MarkdownTable.format(s2), SeriesColors.color(colour++));
            }
            byVariance.save(context.run().plot("length-vs-depth-weight-variance-" + a.id()));
            Plots.LinePlot byWidth = Plots.line(String.format(Locale.ROOT, "%s (b): trajectory length, %s, "
                    + "sigma_w^2 = %s", fig, a.id(), MarkdownTable.format(s.baseWeightVariance())), "depth",
                    "trajectory length").logY();
            colour = 0;
            for (int k : s.widths()) {
                lengthCurves(byWidth, r.series(new NetConfig(a, k, s.baseWeightVariance(), s.biasVariance())),
                        "k = " + k, SeriesColors.color(colour++));
            }
            byWidth.save(context.run().plot("length-vs-depth-width-" + a.id()));

            Plots.LinePlot vsWidth = Plots.line("Fig. 13 (c): perturbation growth per layer, " + a.id()
                    + " (dashed: App. B explicit bounds)", "width k", "||dz(d+1)|| / ||dz(d)||");
            double[] kx = s.ratioWidths().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] kGrid = denseWidths(s.ratioWidths());
            colour = 0;
            for (double s2 : s.ratioWeightVariances()) {
                double[] y = s.ratioWidths().stream().mapToDouble(k -> r.perturbation(new NetConfig(a, k, s2,
                        s.biasVariance())).growth()).toArray();
                String name = "sigma_w^2 = " + MarkdownTable.format(s2);
                java.awt.Color c = SeriesColors.color(colour++);
                SeriesColors.colorLast(vsWidth.series(name, kx, y), c);
                boundCurves(vsWidth, name, kGrid, i -> new NetConfig(a, (int) kGrid[i], s2, s.biasVariance()), c);
            }
            vsWidth.save(context.run().plot("growth-vs-width-" + a.id()));

            Plots.LinePlot vsVariance = Plots.line("Fig. 13 (d): perturbation growth per layer, " + a.id()
                    + " (dashed: App. B explicit bounds)", "sigma_w^2", "||dz(d+1)|| / ||dz(d)||");
            double[] vx = s.ratioWeightVariances().stream().mapToDouble(Double::doubleValue).toArray();
            double[] vGrid = denseVariances(s.ratioWeightVariances());
            colour = 0;
            for (int k : s.ratioWidths()) {
                double[] y = s.ratioWeightVariances().stream().mapToDouble(s2 -> r.perturbation(new NetConfig(a, k,
                        s2, s.biasVariance())).growth()).toArray();
                String name = "k = " + k;
                java.awt.Color c = SeriesColors.color(colour++);
                SeriesColors.colorLast(vsVariance.series(name, vx, y), c);
                boundCurves(vsVariance, name, vGrid, i -> new NetConfig(a, k, vGrid[i], s.biasVariance()), c);
            }
            vsVariance.save(context.run().plot("growth-vs-weight-variance-" + a.id()));
        }
    }
    /** Mean lengths (solid) with the bounds composed from the layer-1 mean (dashed). */
    static void lengthCurves(Plots.LinePlot plot, LengthSeries s, String name, java.awt.Color colour) {
        int n = s.meanLength().length - 1;
        double[][] p = Stats.positive(Stats.range(0, n), s.meanLength());
        if (p[0].length == 0) {
            return;
        }
        SeriesColors.colorLast(plot.series(name, p[0], p[1]), colour);
        double anchor = s.meanLength()[1];
        if (!(anchor > 0)) {
            return;
        }
        double[] x = Stats.range(1, n);
        for (String which : new String[] {"lower", "upper"}) {
            double f = which.equals("lower") ? s.bounds().lower() : s.bounds().upper();
            if (!(f > 0)) {
                continue;
            }
            double[] y = new double[n];
            for (int d = 1; d <= n; d++) {
                y[d - 1] = anchor * Math.pow(f, d - 1);
            }
            SeriesColors.colorLast(plot.theory(name + " " + which + " bound", x, y), colour);
        }
    }
    static void boundCurves(Plots.LinePlot plot, String name, double[] x,
                                    java.util.function.IntFunction<NetConfig> config, java.awt.Color colour) {
        int count = x.length;
        double[] lower = new double[count];
        double[] upper = new double[count];
        for (int i = 0; i < count; i++) {
            GrowthBounds b = GrowthBounds.of(config.apply(i));
            lower[i] = b.lower();
            upper[i] = b.upper();
        }
        if (!Double.isNaN(lower[0])) {
            SeriesColors.colorLast(plot.theory(name + " lower bound", x, lower), colour);
        }
        if (!Double.isNaN(upper[0])) {
            SeriesColors.colorLast(plot.theory(name + " upper bound", x, upper), colour);
        }
    }
    /** Integer widths from the smallest to the largest measured one, about 60 of them. */
    static double[] denseWidths(List<Integer> widths) {
        int lo = widths.stream().mapToInt(Integer::intValue).min().orElseThrow();
        int hi = widths.stream().mapToInt(Integer::intValue).max().orElseThrow();
        return java.util.Arrays.stream(Stats.logSpace(lo, Math.max(hi, lo + 1), 60)).map(Math::rint).distinct()
                .toArray();
    }
    static double[] denseVariances(List<Double> variances) {
        double lo = variances.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = variances.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return Stats.logSpace(lo, hi > lo ? hi : lo * 2, 60);
    }
    static String summary(Result r) {
        TrajectoryGrowthSettings s = r.settings();
        StringBuilder sb = new StringBuilder("# Trajectory length growth in random networks (Figs. 12, 13)\n\n");
        sb.append(String.format(Locale.ROOT, "Random networks (Raghu et al. 2017, Sec. 2.2): weights N(0, sigma_w^2 / "
                        + "fan_in), biases N(0, sigma_b^2 = %s), input dimension %d. Trajectory: the quarter circle "
                        + "x(t) = cos(pi t / 2) x0 + sin(pi t / 2) x1 between %s, %d networks (and endpoint pairs) per "
                        + "configuration. Piecewise-linear activations are measured %s; smooth ones %s.%n%n",
                MarkdownTable.format(s.biasVariance()), r.inputDimension(), r.endpoints(), s.networks(),
                Endpoints.measurement(Activation.RELU, s.polygonVertices()),
                Endpoints.measurement(Activation.TANH, 0)));
        sb.append("Growth per layer = (mean l(n) / mean l(1))^(1/(n-1)): the ratio of expected lengths that Theorem 3 "
                + "bounds, composed over the hidden layers 2 .. n (fan-in k there; layer 1's fan-in is the input "
                + "dimension). Bounds: **lower** = Appendix B equation (a), explicit (relu: p = 1/2; hard tanh: p = "
                + "P(|N(0, sigma_w^2 + sigma_b^2)| < 1)); **upper** = Appendix B equation (2), sigma_w sqrt(2/k) "
                + "Gamma((k+1)/2) / Gamma(k/2), valid for any 1-Lipschitz activation. \"O-form\" is the expression "
                + "inside Theorem 3's O(): asymptotic, not a bound (for relu without bias the growth is about "
                + "sigma_w / sqrt 2, below it). +- is one standard error over networks.\n\n");

        sb.append("## Length vs depth (Fig. 13 a, b; Fig. 12 for relu)\n\n");
        MarkdownTable t = new MarkdownTable("activation", "k", "sigma_w^2", "l(0)", "l(1)", "l(n)", "growth / layer",
                "lower (explicit)", "upper (explicit)", "O-form (asymptotic)", "verdict", "R^2 log-linear",
                "converged");
        for (LengthSeries l : r.lengths()) {
            int n = l.meanLength().length - 1;
            t.row(l.config().activation().id(), l.config().width(), MarkdownTable.format(l.config().weightVariance()),
                    scientific(l.meanLength()[0]), scientific(l.meanLength()[1]), scientific(l.meanLength()[n]),
                    plusMinus(l.growth(), l.growthStdError()), decimal(l.bounds().lower()), decimal(l.bounds().upper()),
                    decimal(l.bounds().asymptotic()), verdict(l.bounds(), l.growth(), l.growthStdError()).label(),
                    decimal(l.logLengthR2()), l.converged() + "/" + l.networks());
        }
        sb.append(t.render()).append('\n');

        sb.append(String.format(Locale.ROOT, "## Perturbation growth (Fig. 13 c, d)%n%nProbes: %d per network, chords of "
                        + "length %s ||x(t)|| along the circle's tangent at random t, measured exactly (piecewise-linear "
                        + "activations) through %d layers; growth = (sum l(n) / sum l(1))^(1/(n-1)) over all probes of "
                        + "all networks.%n%n", s.probes(), MarkdownTable.format(PROBE_SIZE), s.ratioDepth()));
        MarkdownTable p = new MarkdownTable("activation", "k", "sigma_w^2", "growth / layer", "lower (explicit)",
                "upper (explicit)", "O-form (asymptotic)", "verdict");
        for (PerturbationPoint q : r.perturbations()) {
            p.row(q.config().activation().id(), q.config().width(), MarkdownTable.format(q.config().weightVariance()),
                    plusMinus(q.growth(), q.growthStdError()), decimal(q.bounds().lower()), decimal(q.bounds().upper()),
                    decimal(q.bounds().asymptotic()), verdict(q.bounds(), q.growth(), q.growthStdError()).label());
        }
        sb.append(p.render()).append('\n');

        sb.append("## Paper says / we measure\n\n");
        for (Activation a : s.activations()) {
            sb.append(paperVsMeasured(r, a));
        }
        sb.append(convergence(r));
        sb.append("\nPlots: plots/length-vs-depth-weight-variance-*.png (Fig. 13a / 12), "
                + "plots/length-vs-depth-width-*.png (Fig. 13b), plots/growth-vs-width-*.png (Fig. 13c), "
                + "plots/growth-vs-weight-variance-*.png (Fig. 13d). Dashed: bounds (on the length plots composed from "
                + "the measured mean length of layer 1).\n");
        return sb.toString();
    }
    static String paperVsMeasured(Result r, Activation a) {
        TrajectoryGrowthSettings s = r.settings();
        List<LengthSeries> mine = r.lengths().stream().filter(l -> l.config().activation() == a).toList();
        List<PerturbationPoint> points = r.perturbations().stream().filter(q -> q.config().activation() == a).toList();
        StringBuilder sb = new StringBuilder();
        String fig = a == Activation.RELU ? "Fig. 12 (relu)" : a == Activation.HARD_TANH ? "Fig. 13 (hard tanh)"
                : "Figs. 12-13 (" + a.id() + ")";
        LengthSeries low = r.series(new NetConfig(a, s.baseWidth(), s.weightVariances().get(0), s.biasVariance()));
        LengthSeries high = r.series(new NetConfig(a, s.baseWidth(),
                s.weightVariances().get(s.weightVariances().size() - 1), s.biasVariance()));
        LengthSeries narrow = r.series(new NetConfig(a, s.widths().get(0), s.baseWeightVariance(), s.biasVariance()));
        LengthSeries wide = r.series(new NetConfig(a, s.widths().get(s.widths().size() - 1), s.baseWeightVariance(),
                s.biasVariance()));
        double minR2 = mine.stream().filter(l -> l.growth() > 1.05).mapToDouble(LengthSeries::logLengthR2)
                .filter(Double::isFinite).min().orElse(Double.NaN);
        sb.append(String.format(Locale.ROOT, "- **%s, length vs depth.** Paper: length grows exponentially with "
                        + "depth, faster with larger sigma_w^2 and larger k, and faster with scale than with width. "
                        + "We measure: growth per layer %s at sigma_w^2 = %s and %s at sigma_w^2 = %s (k = %d); %s at "
                        + "k = %d and %s at k = %d (sigma_w^2 = %s); where the length grows (> 1.05 per layer) "
                        + "log-length is linear in depth with R^2 >= %s.%n", fig,
                decimal(low.growth()), MarkdownTable.format(low.config().weightVariance()), decimal(high.growth()),
                MarkdownTable.format(high.config().weightVariance()), s.baseWidth(), decimal(narrow.growth()),
                narrow.config().width(), decimal(wide.growth()), wide.config().width(),
                MarkdownTable.format(s.baseWeightVariance()), decimal(minR2)));
        long between = points.stream().filter(q -> verdict(q.bounds(), q.growth(), q.growthStdError())
                .between()).count();
        long withBounds = points.stream().filter(q -> q.bounds().any()).count();
        long lengthBetween = mine.stream().filter(l -> verdict(l.bounds(), l.growth(), l.growthStdError())
                .between()).count();
        long lengthWithBounds = mine.stream().filter(l -> l.bounds().any()).count();
        if (withBounds > 0) {
            sb.append(String.format(Locale.ROOT, "- **Fig. 13 (c, d), %s.** Paper: the per-layer growth lies between "
                            + "the lower and upper bounds and rises with k and sigma_w^2. We measure: %d of %d "
                            + "perturbation configurations and %d of %d length configurations between the explicit "
                            + "bounds (within 2 standard errors).%s%n", a.id(), between, withBounds, lengthBetween,
                    lengthWithBounds, outliers(points, mine)));
        } else {
            sb.append("- **Fig. 13 (c, d), ").append(a.id()).append(".** The paper gives no bound for this "
                    + "activation; see the table.\n");
        }
        return sb.toString();
    }
    static String outliers(List<PerturbationPoint> points, List<LengthSeries> lengths) {
        List<String> out = new ArrayList<>();
        for (PerturbationPoint q : points) {
            GrowthBounds.Verdict v = verdict(q.bounds(), q.growth(), q.growthStdError());
            if (q.bounds().any() && !v.between()) {
                out.add(q.config().label() + " (perturbation): " + v.label());
            }
        }
        for (LengthSeries l : lengths) {
            GrowthBounds.Verdict v = verdict(l.bounds(), l.growth(), l.growthStdError());
            if (l.bounds().any() && !v.between()) {
                out.add(l.config().label() + " (length): " + v.label());
            }
        }
        return out.isEmpty() ? "" : " Outside: " + String.join("; ", out) + ".";
    }
    static String convergence(Result r) {
        long notConverged = r.lengths().stream().mapToLong(l -> l.networks() - l.converged()).sum();
        long probesNot = r.perturbations().stream()
                .mapToLong(p -> (long) p.networks() * p.probes() - p.converged()).sum();
        if (notConverged == 0 && probesNot == 0) {
            return "\nConvergence: every length of every network and probe was exact or converged.\n";
        }
        return String.format(Locale.ROOT, "%n**Warning:** %d network measurements and %d probes did not converge "
                + "(adaptive sampling hit its sample limit; their lengths are underestimates): see the \"converged\" "
                + "column and the converged rows of metrics.csv.%n", notConverged, probesNot);
    }
    /** The verdict with a slack of two standard errors. */
    static GrowthBounds.Verdict verdict(GrowthBounds b, double growth, double stdError) {
        GrowthBounds.Verdict strict = b.verdict(growth, 0);
        if (strict == GrowthBounds.Verdict.BETWEEN || !b.any() || Double.isNaN(growth)) {
            return strict;
        }
        double slack = Double.isFinite(stdError) && growth > 0 ? 2 * stdError / growth : 0;
        return b.verdict(growth, slack) == GrowthBounds.Verdict.BETWEEN ? GrowthBounds.Verdict.BETWEEN_WITHIN_2SE
                : strict;
    }
}
