package org.expressivity4j.trainers.figures.bninit;

import static org.expressivity4j.trainers.figures.bninit.BnInitCounterexampleExperiment.ClosedForm;
import static org.expressivity4j.trainers.figures.bninit.BnInitCounterexampleExperiment.Descent;
import static org.expressivity4j.trainers.figures.bninit.BnInitCounterexampleExperiment.Dl4jComparison;
import static org.expressivity4j.trainers.figures.bninit.BnInitCounterexampleExperiment.LemmaCase;
import static org.expressivity4j.trainers.figures.bninit.BnInitCounterexampleExperiment.RAY_ANGLE_DEGREES;
import static org.expressivity4j.trainers.figures.bninit.BnInitCounterexampleExperiment.Result;
import static org.expressivity4j.trainers.figures.bninit.BnInitCounterexampleExperiment.ScaleRow;

import java.util.List;
import java.util.Locale;
import org.expressivity4j.core.batchnorm.BatchNormNeuron;
import org.expressivity4j.core.batchnorm.DannemannJunikeExample;
import org.expressivity4j.core.batchnorm.GradientDescent;
import org.expressivity4j.core.batchnorm.SanturkarLemma45;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.run.RunContext;

/**
 * The report of {@link BnInitCounterexampleExperiment}: its plots (plots/*.png) and its summary (summary.md), from the result.
 */
public final class BnInitCounterexampleReport {

    private BnInitCounterexampleReport() {
    }

    /** Writes the plots and summary.md of a run that {@link BnInitCounterexampleExperiment} computed. */
    public static void write(RunContext context, BnInitCounterexampleExperiment.Result result) {
        plot(context, result);
        context.run().writeSummary(summary(result));
    }

    static void plot(RunContext context, Result r) {
        BatchNormNeuron neuron = DannemannJunikeExample.neuron();
        int n = 721;
        double[] angle = new double[n];
        double[] cost = new double[n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            angle[i] = -180 + 360.0 * i / (n - 1);
            double a = Math.toRadians(angle[i]);
            cost[i] = neuron.value(new double[] {Math.cos(a), Math.sin(a)});
            lo = Math.min(lo, cost[i]);
            hi = Math.max(hi, cost[i]);
        }
        double wStarAngle = Math.toDegrees(Math.atan2(r.closedForm().wStar()[1], r.closedForm().wStar()[0]));
        double[] endAngles = r.descents().stream().mapToDouble(Descent::angleDegrees).toArray();
        double[] endCosts = r.descents().stream().mapToDouble(d -> d.minimization().cost()).toArray();
        Plots.LinePlot landscape = Plots.line(
                        "Batch-normalized cost along the direction of w (Dannemann & Junike, Ex. 3.2)",
                        "angle of w = (cos a, sin a) [degrees]", "C^(w) (sum of squared errors)")
                .series("C^ on the unit circle", angle, cost);
        landscape.chart().getSeriesMap().get("C^ on the unit circle")
                .setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        landscape
                .theory(String.format(Locale.ROOT, "ray 3 w1 = 5 w2, w1 > 0 (%.2f deg)", RAY_ANGLE_DEGREES),
                        new double[] {RAY_ANGLE_DEGREES, RAY_ANGLE_DEGREES}, new double[] {lo, hi})
                .theory(String.format(Locale.ROOT, "W* = (1, 3) (%.2f deg)", wStarAngle),
                        new double[] {wStarAngle, wStarAngle}, new double[] {lo, hi})
                .scatter("descent end points", endAngles, endCosts)
                .save(context.run().plot("bn-cost-vs-angle"));

        Plots.LinePlot paths = Plots.line("Gradient descent on C^ from random starts: ends on the ray 3 w1 = 5 w2",
                "w1", "w2");
        double reach = 1;
        for (Descent d : r.descents()) {
            List<double[]> p = d.minimization().path();
            double[] w1 = p.stream().mapToDouble(v -> v[0]).toArray();
            double[] w2 = p.stream().mapToDouble(v -> v[1]).toArray();
            for (double[] v : p) {
                reach = Math.max(reach, Math.hypot(v[0], v[1]));
            }
            paths.series("start " + d.index(), w1, w2);
        }
        double[] dir = r.closedForm().rayDirection();
        double norm = Math.hypot(dir[0], dir[1]);
        paths.theory("ray of minima", new double[] {0, reach * dir[0] / norm},
                new double[] {0, reach * dir[1] / norm});
        paths.scatter("W* = (1, 3)", new double[] {r.closedForm().wStar()[0]},
                new double[] {r.closedForm().wStar()[1]});
        paths.save(context.run().plot("bn-descent-paths"));

        Plots.LinePlot angles = Plots.line("Angle of w during the descent: every start turns to the ray",
                "step + 1", "angle of w [degrees]").logX();
        for (Descent d : r.descents()) {
            List<double[]> p = d.minimization().path();
            double[] step = new double[p.size()];
            double[] a = new double[p.size()];
            for (int i = 0; i < p.size(); i++) {
                step[i] = i + 1;
                a[i] = Math.toDegrees(Math.atan2(p.get(i)[1], p.get(i)[0]));
            }
            angles.series("start " + d.index(), step, a);
        }
        int longest = r.descents().stream().mapToInt(d -> d.minimization().path().size()).max().orElse(1);
        angles.theory(String.format(Locale.ROOT, "ray, %.4f deg", RAY_ANGLE_DEGREES), new double[] {1, longest},
                new double[] {RAY_ANGLE_DEGREES, RAY_ANGLE_DEGREES});
        angles.save(context.run().plot("bn-descent-angles"));

        double[] t = r.scales().stream().mapToDouble(ScaleRow::scale).toArray();
        Plots.line("Epsilon breaks the scale invariance of C^: cost at t W*", "t", "C^(t W*)")
                .logX()
                .theory("closed form, epsilon = 0", t, r.scales().stream().mapToDouble(ScaleRow::costNoEpsilon)
                        .toArray())
                .theory("closed form, epsilon = " + r.settings().epsilon() + " (under DL4J's)", t,
                        r.scales().stream().mapToDouble(ScaleRow::costEpsilon).toArray())
                .series("DL4J BatchNormalization (score x 3)", t,
                        r.scales().stream().mapToDouble(ScaleRow::dl4jSummedLoss).toArray())
                .save(context.run().plot("bn-epsilon-scale"));
    }
    static String summary(Result r) {
        ClosedForm c = r.closedForm();
        StringBuilder sb = new StringBuilder("# Batch normalization does not improve initialization\n\n");
        sb.append("Dannemann & Junike, Example 3.2 (the counterexample to Santurkar et al. 2018, Lemma 4.5): one "
                + "linear neuron without bias, x = (1,1), (1,2), (2,3), y = 2, 5, 13, the batch is the whole set, "
                + "batch norm with gamma = 1, beta = 0 and the population standard deviation (divide by M = 3), "
                + "cost = sum (not mean) of squared errors, no epsilon.\n\n");
        MarkdownTable table = new MarkdownTable("quantity", "paper", "ours");
        table.row("least-squares optimum W*", "(1, 3)", vector(c.wStar(), "%.12f"));
        table.row("plain cost C(W*)", "-", String.format(Locale.ROOT, "%.12f", c.plainCostAtWStar()));
        table.row("grad C^(W*)", "(-0.34, 0.11)", vector(c.gradientAtWStar(), "%.15f"));
        table.row("grad C^(W*), exact", "-", "(18 sqrt(74) / 1369) (-3, 1)");
        table.row("grad C^(W*), central differences (h = 1e-6)", "-", vector(c.finiteDifference(), "%.10f"));
        table.row("<grad C^(W*), W*> (scale invariance)", "-", fmt(c.gradientAtWStar()[0] * c.wStar()[0]
                + c.gradientAtWStar()[1] * c.wStar()[1]));
        table.row("C^(W*)", "-", String.format(Locale.ROOT, "%.12f", c.costAtWStar()) + " = 201 - 236 / sqrt(74)");
        table.row("minima of C^", "w1 > 0, 3 w1 = 5 w2", "ray through " + vector(c.rayDirection(), "%.12f"));
        table.row("min C^ (on the ray)", "-", String.format(Locale.ROOT, "%.12f", c.minimalCost())
                + " = 201 - 2 sqrt(194)");
        table.row("grad C^(W*) with the sample variance (M - 1)", "-", vector(c.sampleVarianceGradient(), "%.6f"));
        sb.append(table.render()).append('\n');

        sb.append("## Minima from random starts\n\nGradient descent with a backtracking line search from ")
                .append(r.descents().size()).append(" starts drawn N(0, 9 I) (seeded), stopped at |grad| |w| <= ")
                .append(r.settings().tolerance()).append(". The ray's ratio is w2 / w1 = 3/5 = 0.6, its angle ")
                .append(String.format(Locale.ROOT, "%.10f", RAY_ANGLE_DEGREES)).append(" degrees.\n\n");
        MarkdownTable starts = new MarkdownTable("start", "from", "to", "w2 / w1", "angle (deg)", "C^", "steps",
                "converged");
        for (Descent d : r.descents()) {
            GradientDescent.Minimization m = d.minimization();
            starts.row(d.index(), vector(m.start(), "%.4f"), vector(m.end(), "%.6f"),
                    String.format(Locale.ROOT, "%.12f", d.ratio()), String.format(Locale.ROOT, "%.9f",
                            d.angleDegrees()), String.format(Locale.ROOT, "%.12f", m.cost()), m.iterations(),
                    m.converged() ? "yes" : "no");
        }
        sb.append(starts.render()).append('\n');
        sb.append("The descent only rotates w (the gradient is orthogonal to w), so it ends at different points of "
                + "the same ray: the cost is scale-invariant and its minima form rays, as the paper says.\n\n");

        sb.append("## Santurkar et al., Lemma 4.5\n\nQuoted by Dannemann & Junike (inequality (1)): for the closest "
                + "optima W* (plain) and W^* (batch norm), if <W0, W*> > 0 then\n\n"
                + "    |W0 - W^*|^2 <= |W0 - W*|^2 - (|W*|^2 - <W*, W0>)^2 / |W*|^2.\n\n"
                + "W^* is the point of the ray of batch-norm minima closest to W0 (the projection onto the ray).\n\n");
        MarkdownTable lemma = new MarkdownTable("initialization", "<W0, W*> > 0", "closest W^*", "left side",
                "right side", "inequality");
        for (LemmaCase lc : r.lemma()) {
            SanturkarLemma45.Evaluation e = lc.evaluation();
            lemma.row(lc.name(), e.premise() ? "yes" : "no", vector(e.wHatStar(), "%.6f"), fmt(e.lhs()),
                    fmt(e.rhs()), e.holds() ? "holds" : "FAILS");
        }
        sb.append(lemma.render()).append('\n');
        sb.append(String.format(Locale.ROOT, "At the paper's W0 = W* the right side is 0 and the left side is "
                        + "72/17 = %.6f: the lemma fails. Over %d random W0 ~ N(0, 9 I), %d satisfy the premise and "
                        + "%d of those (%.1f%%) violate the inequality.%n%n", 72.0 / 17, r.lemmaScan().samples(),
                r.lemmaScan().withPremise(), r.lemmaScan().refuting(), 100 * r.lemmaScan().refutingFraction()));

        sb.append("## The same through DL4J's BatchNormalization\n\nA MultiLayerNetwork in double precision: "
                + "DenseLayer (2 -> 1, no bias, identity), BatchNormalization (lockGammaBeta: gamma = 1, beta = 0), "
                + "LossLayer (identity, L2 = per-example sum of squared errors), weights set to W*, "
                + "computeGradientAndScore(). Batch-norm helper: ").append(r.dl4jWithEpsilon().dl4j().helper())
                .append(".\n\n");
        MarkdownTable dl4j = new MarkdownTable("epsilon", "DL4J gradient", "closed form, same epsilon",
                "max abs difference", "DL4J score", "closed-form C^ / 3");
        for (Dl4jComparison d : List.of(r.dl4jWithEpsilon(), r.dl4jWithoutEpsilon())) {
            dl4j.row(fmt(d.dl4j().epsilon()), vector(d.dl4j().gradient(), "%.15f"), vector(d.closedForm(), "%.15f"),
                    String.format(Locale.ROOT, "%.2e", d.maxGradientDifference()),
                    String.format(Locale.ROOT, "%.12f", d.dl4j().score()),
                    String.format(Locale.ROOT, "%.12f", d.closedFormCost() / 3));
        }
        sb.append(dl4j.render()).append('\n');
        double[] ge = r.dl4jWithEpsilon().dl4j().gradient();
        double[] g0 = c.gradientAtWStar();
        sb.append(String.format(Locale.ROOT, "- DL4J normalizes with the batch mean and the population variance "
                        + "(x.var(false, 0), divisor M = 3) plus epsilon: (z - mu) / sqrt(sigma^2 + epsilon). With "
                        + "the same epsilon the closed form and DL4J agree to rounding; DL4J's default epsilon = "
                        + "%s moves the gradient at W* by (%.2e, %.2e) from the paper's epsilon-free value: at W* "
                        + "sigma^2 = 74/9 = 8.22, so BN(z) shrinks by sqrt(sigma^2 / (sigma^2 + epsilon)) = 1 - %.1e, "
                        + "and the gradient, a difference of terms of size ~10, moves by ~10 times that. "
                        + "The sample variance (M - 1) would give %s instead.%n", fmt(r.settings().epsilon()),
                ge[0] - g0[0], ge[1] - g0[1], r.settings().epsilon() / (2 * 74.0 / 9),
                vector(c.sampleVarianceGradient(), "%.4f")));
        sb.append("- DL4J's score() is the mean over the batch of the per-example loss, i.e. C^ / 3; gradient() is "
                + "the gradient of the sum C^. With miniBatch(true) the updater divides it by the batch size: one "
                + "SGD step with learning rate 1 moved W* by ").append(vector(r.dl4jSgdStep(), "%.10f"))
                .append(" = -grad / 3.\n");
        sb.append("- Epsilon also breaks the scale invariance: C^(t W*) without epsilon is the same for every t > 0, "
                + "with epsilon it changes once t^2 sigma^2 is comparable to epsilon:\n\n");
        MarkdownTable scales = new MarkdownTable("t", "C^(t W*), epsilon = 0", "C^(t W*), epsilon = "
                + fmt(r.settings().epsilon()), "DL4J score x 3");
        for (ScaleRow s : r.scales()) {
            scales.row(fmt(s.scale()), String.format(Locale.ROOT, "%.10f", s.costNoEpsilon()),
                    String.format(Locale.ROOT, "%.10f", s.costEpsilon()),
                    String.format(Locale.ROOT, "%.10f", s.dl4jSummedLoss()));
        }
        sb.append('\n').append(scales.render()).append('\n');
        sb.append("## Notes on the paper's text\n\n"
                + "- The targets are printed as y(1) = 2, y(1) = 5, y(1) = 13 (all indexed 1): read y(1), y(2), y(3).\n"
                + "- Remark 2.7 says gamma = sigma, beta = mu / sigma recovers the input; it is beta = mu "
                + "(gamma (z - mu) / sigma + beta = z needs gamma = sigma, beta = mu), as Ioffe & Szegedy write.\n"
                + "- The paper gives the gradient to two decimals; ours is exact and agrees.\n\n"
                + "Plots: plots/bn-cost-vs-angle.png, plots/bn-descent-paths.png, plots/bn-descent-angles.png, "
                + "plots/bn-epsilon-scale.png.\n");
        return sb.toString();
    }
    static String vector(double[] v, String format) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, format, v[i]));
        }
        return sb.append(')').toString();
    }

    static String fmt(double v) {
        return MarkdownTable.format(v);
    }
}
