package org.expressivity4j.trainers.figures.bninit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.expressivity4j.core.batchnorm.BatchNormNeuron;
import org.expressivity4j.core.batchnorm.BatchNormTransform;
import org.expressivity4j.core.batchnorm.DannemannJunikeExample;
import org.expressivity4j.core.batchnorm.GradientDescent;
import org.expressivity4j.core.batchnorm.SanturkarLemma45;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.trainers.report.MetricsCsv;
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
    public record Result(BnInitCounterexampleSettings settings, ClosedForm closedForm, List<Descent> descents,
                         List<LemmaCase> lemma, LemmaScan lemmaScan, Dl4jComparison dl4jWithEpsilon,
                         Dl4jComparison dl4jWithoutEpsilon, double[] dl4jSgdStep, List<ScaleRow> scales) {
    }

    /** Runs the experiment and writes its metrics ({@link BnInitCounterexampleReport} writes the plots and summary). */
    public Result run(RunContext context, BnInitCounterexampleSettings settings) {
        Result result = compute(context.seed(), settings);
        try (MetricsCsv metrics = context.run().metrics(List.of("part", "variant"))) {
            record(metrics, result);
        }
        return result;
    }

    /** The computation alone (no files). */
    public Result compute(long seed, BnInitCounterexampleSettings settings) {
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
}
