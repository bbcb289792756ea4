package org.expressivity4j.trainers.figures.linearity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.expressivity4j.core.batchnorm.BatchNormTransform;
import org.expressivity4j.core.linearity.AffineFit;
import org.expressivity4j.core.linearity.NearLinearity;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.run.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which activations make a deep network near-linear for inputs {@code N(0, sigma^2 I)}, {@code sigma << 1}
 * (the exercise in papers/002), measured on random networks of Raghu et al. (ICML 2017, Section 2.2) with
 * {@link NearLinearity}: the relative residual of the best affine fit per layer, and the growth of a small segment's
 * length per layer against the network's linearization at the inputs' mean 0 (the Jacobian product where it
 * exists). Every activation uses the same weights (one seed) and the same input directions, scaled by each sigma.
 *
 * <p>Also the point of the Q&amp;A on batch norm's gamma and beta (papers/000, quoting Ioffe and Szegedy, Section 3):
 * normalizing a sigmoid's inputs to mean 0 and variance 1 keeps it in its near-linear range; gamma and beta let it
 * leave that range, and gamma = sqrt(Var), beta = E recover the identity.
 */
public final class LinearityExperiment {

    private static final Logger log = LoggerFactory.getLogger(LinearityExperiment.class);

    /** Mean and standard deviation of the sigmoid unit's raw inputs in the batch-norm table (far from 0, wide). */
    public static final double SIGMOID_INPUT_MEAN = 4.0;
    public static final double SIGMOID_INPUT_STD = 3.0;

    /**
     * One network configuration.
     *
     * @param activation     the nonlinearity
     * @param weightVariance sigma_w^2
     * @param biasVariance   sigma_b^2
     * @param main           whether it belongs to the main comparison (the others are the variants)
     */
    public record Config(Activation activation, double weightVariance, double biasVariance, boolean main) {

        public Config {
            Objects.requireNonNull(activation, "activation");
        }

        /** e.g. {@code tanh (sigma_w^2 = 1, sigma_b^2 = 0)}. */
        public String label() {
            return activation.id() + " (sigma_w^2 = " + MarkdownTable.format(weightVariance) + ", sigma_b^2 = "
                    + MarkdownTable.format(biasVariance) + ")";
        }
    }

    /**
     * One configuration's measurements.
     *
     * @param config         what was measured
     * @param profiles       one per sigma, in the settings' order
     * @param limitResiduals per layer, the residual of the linearization (sigma -> 0)
     * @param kinks          units on a kink of the activation at input 0 (0: the network is differentiable there)
     */
    public record ConfigResult(Config config, List<NearLinearity.Profile> profiles, double[] limitResiduals,
                               int kinks) {

        /** The last layer's residual at each sigma. */
        public double[] lastResiduals() {
            return profiles.stream().mapToDouble(p -> p.last().relativeResidual()).toArray();
        }
    }

    /**
     * One row of the batch-norm table: a sigmoid unit {@code sigmoid(h)}, {@code h = gamma BN(z) + beta} or
     * {@code h = z}, over {@code z ~ N(4, 3^2)}.
     *
     * @param name               what h is
     * @param preActivationMean  mean of h
     * @param preActivationStd   standard deviation of h
     * @param nearLinearFraction of h in [-2, 2]: the linear piece of the hard sigmoid {@code clip(1/2 + h/4, 0, 1)},
     *                           the sigmoid's piecewise-linear surrogate (its slope stays above 0.105 there)
     * @param saturatedFraction  of h with {@code |h| > 4} (sigmoid' below 0.018, 7% of its peak)
     * @param relativeResidual   of the best affine fit of {@code sigmoid(h)} on z
     * @param identityError      {@code max |h - z|} (how far the transform is from the identity)
     */
    public record SigmoidRow(String name, double preActivationMean, double preActivationStd,
                             double nearLinearFraction, double saturatedFraction, double relativeResidual,
                             double identityError) {

        /** {@code 1 - residual^2}: the fraction of the sigmoid's output variance an affine function of z explains. */
        public double explainedVariance() {
            return 1 - relativeResidual * relativeResidual;
        }
    }

    /** Everything the run found. */
    public record Result(LinearitySettings settings, List<ConfigResult> configs, List<SigmoidRow> sigmoid) {

        /** The measurements of one configuration. */
        public ConfigResult config(Activation activation, double weightVariance, double biasVariance) {
            return configs.stream().filter(c -> c.config().activation() == activation
                    && c.config().weightVariance() == weightVariance && c.config().biasVariance() == biasVariance)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("not measured: " + activation.id()
                            + " " + weightVariance + " " + biasVariance));
        }
    }

    /** Runs the experiment and writes its metrics ({@link LinearityReport} writes the plots and summary). */
    public Result run(RunContext context, LinearitySettings settings) {
        Result result = compute(context.seed(), settings);
        try (MetricsCsv metrics = context.run().metrics(List.of("part", "variant", "weight_variance",
                "bias_variance", "sigma"))) {
            record(metrics, result);
        }
        return result;
    }

    /** The computation alone (no files). */
    public Result compute(long seed, LinearitySettings settings) {
        List<Config> configs = settings.configs();
        List<ConfigResult> results = new ArrayList<>();
        try (Progress progress = Progress.start("linearity", (long) configs.size() * settings.sigmas().length,
                "measurements")) {
            for (Config c : configs) {
                RandomNetwork spec = RandomNetwork.builder().inputDimension(settings.inputDimension())
                        .width(settings.width()).depth(settings.depth()).weightVariance(c.weightVariance())
                        .biasVariance(c.biasVariance()).activation(c.activation())
                        .seed(SeededGaussians.derive(seed, 100)).build();
                NearLinearity n = NearLinearity.sampled(spec.create(), settings.samples(),
                        settings.trajectoryPoints(), SeededGaussians.derive(seed, 200));
                List<NearLinearity.Profile> profiles = new ArrayList<>();
                for (double sigma : settings.sigmas()) {
                    profiles.add(n.at(sigma));
                    progress.advance(1);
                }
                ConfigResult r = new ConfigResult(c, profiles, n.limitResiduals(), n.linearization().kinks());
                log.info("{}: last-layer residual {} at sigma = {}, limit {}", c.label(),
                        MarkdownTable.format(r.lastResiduals()[r.lastResiduals().length - 1]),
                        MarkdownTable.format(settings.sigmas()[settings.sigmas().length - 1]),
                        MarkdownTable.format(r.limitResiduals()[settings.depth() - 1]));
                results.add(r);
            }
        }
        return new Result(settings, results, sigmoidTable(seed, settings.bnSamples()));
    }

    /** The Q&amp;A's batch-norm point on one sigmoid unit (papers/000). */
    static List<SigmoidRow> sigmoidTable(long seed, int samples) {
        double[] u = SeededGaussians.values(samples, 1.0, SeededGaussians.derive(seed, 300));
        double[] z = new double[samples];
        double[][] zColumn = new double[samples][1];
        for (int i = 0; i < samples; i++) {
            z[i] = SIGMOID_INPUT_MEAN + SIGMOID_INPUT_STD * u[i];
            zColumn[i][0] = z[i];
        }
        AffineFit fit = AffineFit.of(zColumn);
        BatchNormTransform bn = BatchNormTransform.normalizeOnly();
        double batchStd = Math.sqrt(bn.batchVariance(z));
        double batchMean = BatchNormTransform.mean(z);
        List<SigmoidRow> rows = new ArrayList<>();
        rows.add(sigmoidRow("no batch norm: h = z", z, z, fit));
        rows.add(sigmoidRow("batch norm without gamma, beta: h = (z - mu) / sigma", bn.apply(z), z, fit));
        rows.add(sigmoidRow("batch norm, gamma = 4, beta = 2", bn.withGammaBeta(4, 2).apply(z), z, fit));
        rows.add(sigmoidRow("batch norm, gamma = sqrt(Var z), beta = E z (identity)",
                bn.withGammaBeta(batchStd, batchMean).apply(z), z, fit));
        return rows;
    }

    static SigmoidRow sigmoidRow(String name, double[] h, double[] z, AffineFit fit) {
        double mean = BatchNormTransform.mean(h);
        double std = Math.sqrt(BatchNormTransform.normalizeOnly().batchVariance(h));
        int near = 0;
        int saturated = 0;
        double identity = 0;
        double[] out = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            near += Math.abs(h[i]) <= 2 ? 1 : 0;
            saturated += Math.abs(h[i]) > 4 ? 1 : 0;
            identity = Math.max(identity, Math.abs(h[i] - z[i]));
            out[i] = Activation.SIGMOID.apply(h[i]);
        }
        return new SigmoidRow(name, mean, std, (double) near / h.length, (double) saturated / h.length,
                fit.residual(out).relative(), identity);
    }

    private static void record(MetricsCsv metrics, Result r) {
        for (ConfigResult c : r.configs()) {
            String w = MarkdownTable.format(c.config().weightVariance());
            String b = MarkdownTable.format(c.config().biasVariance());
            String id = c.config().activation().id();
            List<String> limit = List.of("network", id, w, b, "0");
            for (int d = 0; d < c.limitResiduals().length; d++) {
                metrics.append(limit, 0, Integer.toString(d + 1), "limit_residual", c.limitResiduals()[d]);
            }
            metrics.append(limit, 0, "", "kinks_at_zero", c.kinks());
            for (NearLinearity.Profile p : c.profiles()) {
                List<String> run = List.of("network", id, w, b, Double.toString(p.sigma()));
                metrics.append(run, 0, "0", "length", p.inputLength());
                for (NearLinearity.LayerLinearity l : p.layers()) {
                    String layer = Integer.toString(l.layer());
                    metrics.append(run, 0, layer, "relative_residual", l.relativeResidual());
                    metrics.append(run, 0, layer, "length", l.length());
                    metrics.append(run, 0, layer, "linearized_length", l.linearizedLength());
                    metrics.append(run, 0, layer, "chord_length", l.chordLength());
                }
            }
        }
        for (SigmoidRow s : r.sigmoid()) {
            List<String> run = List.of("bn-sigmoid", s.name(), "", "", "");
            metrics.append(run, 0, "", "pre_activation_mean", s.preActivationMean());
            metrics.append(run, 0, "", "pre_activation_std", s.preActivationStd());
            metrics.append(run, 0, "", "fraction_in_minus2_2", s.nearLinearFraction());
            metrics.append(run, 0, "", "fraction_saturated", s.saturatedFraction());
            metrics.append(run, 0, "", "relative_residual", s.relativeResidual());
            metrics.append(run, 0, "", "identity_error", s.identityError());
        }
    }

    /** Residuals below this are drawn at it on log axes (the linear network's are ~1e-15, rounding). */
    static final double FLOOR = 1e-16;
}
