package org.expressivity4j.trainers.figures.bninit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.expressivity4j.core.batchnorm.BatchNormNeuron;
import org.expressivity4j.core.batchnorm.BatchNormTransform;
import org.expressivity4j.core.batchnorm.DannemannJunikeExample;
import org.expressivity4j.core.batchnorm.GradientDescent;
import org.expressivity4j.core.batchnorm.SanturkarLemma45;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.run.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reproduces Dannemann and Junike, "Batch normalization does not improve initialization" (Example 3.2): the
 * counterexample to Santurkar et al. (NeurIPS 2018), Lemma 4.5. One linear neuron without bias on the batch
 * {@code x = (1,1), (1,2), (2,3)}, {@code y = 2, 5, 13}; the least-squares optimum {@code W* = (1, 3)}; the
 * batch-normalized cost (gamma = 1, beta = 0, population standard deviation, sum of squared errors) and its gradient
 * at {@code W*}, which the paper gives as {@code (-0.34, 0.11)}; its minima on the ray {@code w1 > 0, 3 w1 = 5 w2},
 * found by gradient descent from seeded random starts; Lemma 4.5's inequality at {@code W_0 = W*} and a few other
 * initializations; and the same gradient through DL4J's own {@code BatchNormalization} ({@link Dl4jBatchNormNeuron}),
 * with DL4J's epsilon and without.
 */
public final class BnInitCounterexampleExperiment {

    private static final Logger log = LoggerFactory.getLogger(BnInitCounterexampleExperiment.class);

    /** The ray's angle, {@code atan2(3, 5)}, in degrees. */
    public static final double RAY_ANGLE_DEGREES = Math.toDegrees(Math.atan2(3, 5));

    /**
     * What to run.
     *
     * @param starts        random starts of the descent, at least 1
     * @param epsilon       DL4J's batch-norm epsilon for the comparison (its default is 1e-5), non-negative
     * @param maxIterations of each descent
     * @param tolerance     the descent's stopping threshold of {@code |grad| |w|}
     * @param lemmaSamples  random initializations on which Lemma 4.5 is also checked
     */
    public record Settings(int starts, double epsilon, int maxIterations, double tolerance, int lemmaSamples) {

        public Settings {
            if (starts < 1) {
                throw new IllegalArgumentException("at least one start is needed, got " + starts);
            }
            if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be finite and non-negative, got " + epsilon);
            }
            if (lemmaSamples < 0) {
                throw new IllegalArgumentException("lemma samples must be non-negative, got " + lemmaSamples);
            }
        }

        /** The full profile: 12 starts, DL4J's default epsilon, 20000 random initializations for the lemma. */
        public static Settings full() {
            return new Settings(12, Dl4jBatchNormNeuron.DL4J_DEFAULT_EPSILON, 100_000, 1e-10, 20_000);
        }

        /** The quick profile: 4 starts, 2000 random initializations. */
        public static Settings quick() {
            return new Settings(4, Dl4jBatchNormNeuron.DL4J_DEFAULT_EPSILON, 100_000, 1e-10, 2_000);
        }

        /** This profile with another number of starts. */
        public Settings withStarts(int n) {
            return new Settings(n, epsilon, maxIterations, tolerance, lemmaSamples);
        }

        /** This profile with another epsilon. */
        public Settings withEpsilon(double e) {
            return new Settings(starts, e, maxIterations, tolerance, lemmaSamples);
        }
    }

    /**
     * The closed-form figures (paper's conventions, no epsilon).
     *
     * @param wStar              the least-squares optimum
     * @param plainCostAtWStar   {@code C(W*)}
     * @param costAtWStar        {@code C^(W*)}
     * @param gradientAtWStar    {@code grad C^(W*)}
     * @param finiteDifference   the central-difference gradient at {@code W*} (h = 1e-6)
     * @param sampleVarianceGradient {@code grad C^(W*)} if the variance were divided by M - 1 instead
     * @param rayDirection       the closed-form direction of the minima
     * @param minimalCost        {@code min C^}
     */
    public record ClosedForm(double[] wStar, double plainCostAtWStar, double costAtWStar, double[] gradientAtWStar,
                             double[] finiteDifference, double[] sampleVarianceGradient, double[] rayDirection,
                             double minimalCost) {
    }

    /** One descent with its end point's ratio {@code w2 / w1} and angle. */
    public record Descent(int index, GradientDescent.Minimization minimization, double ratio, double angleDegrees) {
    }

    /** One initialization of Lemma 4.5. */
    public record LemmaCase(String name, SanturkarLemma45.Evaluation evaluation) {
    }

    /**
     * The scan of random initializations {@code W_0 ~ N(0, 3^2 I)}.
     *
     * @param samples        drawn
     * @param withPremise    of them with {@code <W_0, W*> > 0}
     * @param refuting       of those, how many violate the inequality
     */
    public record LemmaScan(int samples, int withPremise, int refuting) {

        /** The fraction of initializations satisfying the premise that refute the lemma. */
        public double refutingFraction() {
            return withPremise == 0 ? 0 : (double) refuting / withPremise;
        }
    }

    /**
     * DL4J against the closed form at one epsilon.
     *
     * @param dl4j            what DL4J computed
     * @param closedForm      the closed-form gradient with the same epsilon (population variance)
     * @param closedFormCost  {@code C^} with the same epsilon
     */
    public record Dl4jComparison(Dl4jBatchNormNeuron.Evaluation dl4j, double[] closedForm, double closedFormCost) {

        /** The largest absolute difference of the gradients. */
        public double maxGradientDifference() {
            return Math.max(Math.abs(dl4j.gradient()[0] - closedForm[0]), Math.abs(dl4j.gradient()[1] - closedForm[1]));
        }
    }

    /**
     * How epsilon breaks the scale invariance: the cost at {@code t W*}.
     *
     * @param scale          t
     * @param costNoEpsilon  {@code C^(t W*)} without epsilon (the same for every t)
     * @param costEpsilon    with the experiment's epsilon
     * @param dl4jSummedLoss DL4J's summed loss at {@code t W*}
     */
    public record ScaleRow(double scale, double costNoEpsilon, double costEpsilon, double dl4jSummedLoss) {
    }

    /** Everything the run found. */
    public record Result(Settings settings, ClosedForm closedForm, List<Descent> descents, List<LemmaCase> lemma,
                         LemmaScan lemmaScan, Dl4jComparison dl4jWithEpsilon, Dl4jComparison dl4jWithoutEpsilon,
                         double[] dl4jSgdStep, List<ScaleRow> scales) {
    }

    /** Runs the experiment and writes metrics, plots and the summary. */
    public Result run(RunContext context, Settings settings) {
        Result result = compute(context.seed(), settings);
        try (MetricsCsv metrics = context.run().metrics(List.of("part", "variant"))) {
            record(metrics, result);
        }
        plot(context, result);
        context.run().writeSummary(summary(result));
        return result;
    }

    /** The computation alone (no files). */
    public Result compute(long seed, Settings settings) {
        BatchNormNeuron neuron = DannemannJunikeExample.neuron();
        double[] wStar = neuron.leastSquaresOptimum();
        ClosedForm closed = new ClosedForm(wStar, neuron.plainCost(wStar), neuron.value(wStar),
                neuron.gradient(wStar), centralDifference(neuron, wStar, 1e-6),
                neuron.withTransform(BatchNormTransform.normalizeOnly()
                        .withVariance(BatchNormTransform.VarianceConvention.SAMPLE)).gradient(wStar),
                neuron.optimalDirection(), neuron.minimalCost());
        log.info("gradient of the batch-norm cost at W* = ({}, {})", closed.gradientAtWStar()[0],
                closed.gradientAtWStar()[1]);

        GradientDescent descent = new GradientDescent(settings.maxIterations(), settings.tolerance());
        SplittableRandom random = new SplittableRandom(SeededGaussians.derive(seed, 1));
        List<Descent> descents = new ArrayList<>();
        for (int i = 0; i < settings.starts(); i++) {
            double[] start = {3 * random.nextGaussian(), 3 * random.nextGaussian()};
            GradientDescent.Minimization m = descent.minimize(neuron, start);
            descents.add(new Descent(i, m, m.end()[1] / m.end()[0], m.angleDegrees()));
        }

        double[] ray = closed.rayDirection();
        List<LemmaCase> lemma = List.of(
                new LemmaCase("W0 = W* = (1, 3) (the paper's)", SanturkarLemma45.evaluate(wStar, wStar, ray)),
                new LemmaCase("W0 = (0, 1)", SanturkarLemma45.evaluate(new double[] {0, 1}, wStar, ray)),
                new LemmaCase("W0 = (1, 0)", SanturkarLemma45.evaluate(new double[] {1, 0}, wStar, ray)),
                new LemmaCase("W0 = (5, 3) (on the ray)", SanturkarLemma45.evaluate(new double[] {5, 3}, wStar, ray)),
                new LemmaCase("W0 = (2, 6) = 2 W*", SanturkarLemma45.evaluate(new double[] {2, 6}, wStar, ray)));
        SplittableRandom lemmaRandom = new SplittableRandom(SeededGaussians.derive(seed, 2));
        int premise = 0;
        int refuting = 0;
        for (int i = 0; i < settings.lemmaSamples(); i++) {
            double[] w0 = {3 * lemmaRandom.nextGaussian(), 3 * lemmaRandom.nextGaussian()};
            SanturkarLemma45.Evaluation e = SanturkarLemma45.evaluate(w0, wStar, ray);
            if (e.premise()) {
                premise++;
                if (!e.holds()) {
                    refuting++;
                }
            }
        }

        double[][] x = DannemannJunikeExample.inputs();
        double[] y = DannemannJunikeExample.targets();
        BatchNormNeuron withEps = neuron.withTransform(BatchNormTransform.normalizeOnly()
                .withEpsilon(settings.epsilon()));
        Dl4jComparison dl4jEps = new Dl4jComparison(Dl4jBatchNormNeuron.evaluate(x, y, wStar, settings.epsilon()),
                withEps.gradient(wStar), withEps.value(wStar));
        Dl4jComparison dl4jZero = new Dl4jComparison(Dl4jBatchNormNeuron.evaluate(x, y, wStar, 0.0),
                closed.gradientAtWStar(), closed.costAtWStar());
        double[] step = Dl4jBatchNormNeuron.sgdStep(x, y, wStar, settings.epsilon(), 1.0);
        log.info("DL4J gradient at W* (epsilon {}): ({}, {}); closed form with the same epsilon: ({}, {})",
                settings.epsilon(), dl4jEps.dl4j().gradient()[0], dl4jEps.dl4j().gradient()[1],
                dl4jEps.closedForm()[0], dl4jEps.closedForm()[1]);

        List<ScaleRow> scales = new ArrayList<>();
        for (double t : new double[] {1, 1e-1, 1e-2, 1e-3, 1e-4}) {
            double[] tw = {t * wStar[0], t * wStar[1]};
            scales.add(new ScaleRow(t, neuron.value(tw), withEps.value(tw),
                    Dl4jBatchNormNeuron.evaluate(x, y, tw, settings.epsilon()).summedLoss()));
        }
        return new Result(settings, closed, descents, lemma, new LemmaScan(settings.lemmaSamples(), premise, refuting),
                dl4jEps, dl4jZero, step, scales);
    }

    private static double[] centralDifference(BatchNormNeuron f, double[] w, double h) {
        double[] g = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[j] += h;
            minus[j] -= h;
            g[j] = (f.value(plus) - f.value(minus)) / (2 * h);
        }
        return g;
    }

    private static void record(MetricsCsv metrics, Result r) {
        ClosedForm c = r.closedForm();
        List<String> closed = List.of("closed-form", "epsilon=0");
        metrics.append(closed, 0, "", "w_star_1", c.wStar()[0]);
        metrics.append(closed, 0, "", "w_star_2", c.wStar()[1]);
        metrics.append(closed, 0, "", "plain_cost_at_w_star", c.plainCostAtWStar());
        metrics.append(closed, 0, "", "cost_at_w_star", c.costAtWStar());
        metrics.append(closed, 0, "", "grad_w1_at_w_star", c.gradientAtWStar()[0]);
        metrics.append(closed, 0, "", "grad_w2_at_w_star", c.gradientAtWStar()[1]);
        metrics.append(closed, 0, "", "fd_grad_w1_at_w_star", c.finiteDifference()[0]);
        metrics.append(closed, 0, "", "fd_grad_w2_at_w_star", c.finiteDifference()[1]);
        metrics.append(closed, 0, "", "ray_ratio_w2_over_w1", c.rayDirection()[1] / c.rayDirection()[0]);
        metrics.append(closed, 0, "", "ray_angle_degrees", Math.toDegrees(Math.atan2(c.rayDirection()[1],
                c.rayDirection()[0])));
        metrics.append(closed, 0, "", "minimal_cost", c.minimalCost());
        List<String> sample = List.of("closed-form", "sample-variance");
        metrics.append(sample, 0, "", "grad_w1_at_w_star", c.sampleVarianceGradient()[0]);
        metrics.append(sample, 0, "", "grad_w2_at_w_star", c.sampleVarianceGradient()[1]);
        for (Descent d : r.descents()) {
            List<String> run = List.of("descent", "start-" + d.index());
            GradientDescent.Minimization m = d.minimization();
            for (int i = 0; i < m.path().size(); i++) {
                double[] w = m.path().get(i);
                metrics.append(run, i, "", "w1", w[0]);
                metrics.append(run, i, "", "w2", w[1]);
            }
            long last = m.iterations();
            metrics.append(run, last, "", "cost", m.cost());
            metrics.append(run, last, "", "ratio_w2_over_w1", d.ratio());
            metrics.append(run, last, "", "angle_degrees", d.angleDegrees());
            metrics.append(run, last, "", "gradient_norm", m.gradientNorm());
            metrics.append(run, last, "", "converged", m.converged() ? 1 : 0);
        }
        for (LemmaCase lc : r.lemma()) {
            List<String> run = List.of("lemma-4.5", lc.name());
            metrics.append(run, 0, "", "lhs", lc.evaluation().lhs());
            metrics.append(run, 0, "", "rhs", lc.evaluation().rhs());
            metrics.append(run, 0, "", "premise", lc.evaluation().premise() ? 1 : 0);
            metrics.append(run, 0, "", "holds", lc.evaluation().holds() ? 1 : 0);
        }
        List<String> scan = List.of("lemma-4.5", "random W0 ~ N(0, 9 I)");
        metrics.append(scan, 0, "", "samples", r.lemmaScan().samples());
        metrics.append(scan, 0, "", "with_premise", r.lemmaScan().withPremise());
        metrics.append(scan, 0, "", "refuting", r.lemmaScan().refuting());
        for (Dl4jComparison d : List.of(r.dl4jWithEpsilon(), r.dl4jWithoutEpsilon())) {
            List<String> run = List.of("dl4j", "epsilon=" + d.dl4j().epsilon());
            metrics.append(run, 0, "", "dl4j_grad_w1", d.dl4j().gradient()[0]);
            metrics.append(run, 0, "", "dl4j_grad_w2", d.dl4j().gradient()[1]);
            metrics.append(run, 0, "", "closed_form_grad_w1", d.closedForm()[0]);
            metrics.append(run, 0, "", "closed_form_grad_w2", d.closedForm()[1]);
            metrics.append(run, 0, "", "max_abs_difference", d.maxGradientDifference());
            metrics.append(run, 0, "", "dl4j_score", d.dl4j().score());
            metrics.append(run, 0, "", "closed_form_cost", d.closedFormCost());
        }
        List<String> step = List.of("dl4j", "sgd-step lr=1 epsilon=" + r.settings().epsilon());
        metrics.append(step, 0, "", "delta_w1", r.dl4jSgdStep()[0]);
        metrics.append(step, 0, "", "delta_w2", r.dl4jSgdStep()[1]);
        for (ScaleRow s : r.scales()) {
            List<String> run = List.of("scale", "t=" + s.scale());
            metrics.append(run, 0, "", "cost_no_epsilon", s.costNoEpsilon());
            metrics.append(run, 0, "", "cost_epsilon", s.costEpsilon());
            metrics.append(run, 0, "", "dl4j_summed_loss", s.dl4jSummedLoss());
        }
    }

    private static void plot(RunContext context, Result r) {
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

    private static String fmt(double v) {
        return MarkdownTable.format(v);
    }

    private static String vector(double[] v, String format) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, format, v[i]));
        }
        return sb.append(')').toString();
    }
}
