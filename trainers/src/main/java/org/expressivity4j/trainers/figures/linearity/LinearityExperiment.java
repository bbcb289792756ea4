package org.expressivity4j.trainers.figures.linearity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.expressivity4j.core.batchnorm.BatchNormTransform;
import org.expressivity4j.core.linearity.AffineFit;
import org.expressivity4j.core.linearity.NearLinearity;
import org.expressivity4j.core.linearity.SmallInputLimits;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.report.Plots;
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
     * What to run.
     *
     * @param activations      the main comparison's activations
     * @param inputDimension   m
     * @param width            k
     * @param depth            hidden layers
     * @param weightVariance   sigma_w^2 of the main comparison
     * @param biasVariance     sigma_b^2 of the main comparison
     * @param samples          N inputs per sigma (N &gt; m + 1)
     * @param trajectoryPoints points on the segment
     * @param sigmas           the inputs' standard deviations, positive
     * @param variants         whether to add relu and selu at sigma_w^2 = 2 and the nonlinear activations at
     *                         sigma_b^2 = 0.1
     * @param bnSamples        samples of the sigmoid batch-norm table
     */
    public record Settings(List<Activation> activations, int inputDimension, int width, int depth,
                           double weightVariance, double biasVariance, int samples, int trajectoryPoints,
                           double[] sigmas, boolean variants, int bnSamples) {

        public Settings {
            activations = List.copyOf(activations);
            if (activations.isEmpty()) {
                throw new IllegalArgumentException("at least one activation is needed");
            }
            if (inputDimension < 1 || width < 1 || depth < 1) {
                throw new IllegalArgumentException("input dimension, width and depth must be at least 1");
            }
            if (samples <= inputDimension + 1) {
                throw new IllegalArgumentException("an affine fit of " + inputDimension + " inputs needs more than "
                        + (inputDimension + 1) + " samples, got " + samples);
            }
            if (trajectoryPoints < 2) {
                throw new IllegalArgumentException("the segment needs at least 2 points, got " + trajectoryPoints);
            }
            if (!(weightVariance > 0) || !(biasVariance >= 0) || Double.isInfinite(weightVariance)
                    || Double.isInfinite(biasVariance)) {
                throw new IllegalArgumentException("sigma_w^2 must be positive and sigma_b^2 non-negative, got "
                        + weightVariance + ", " + biasVariance);
            }
            sigmas = sigmas.clone();
            if (sigmas.length == 0) {
                throw new IllegalArgumentException("at least one sigma is needed");
            }
            for (double s : sigmas) {
                if (!(s > 0) || Double.isInfinite(s)) {
                    throw new IllegalArgumentException("sigmas must be positive and finite, got " + s);
                }
            }
            if (bnSamples < 3) {
                throw new IllegalArgumentException("the batch-norm table needs at least 3 samples, got " + bnSamples);
            }
        }

        /** sigma = 1, 10^-0.5, ..., 10^-3: seven values. */
        public static double[] logGrid() {
            return new double[] {1, Math.pow(10, -0.5), 0.1, Math.pow(10, -1.5), 0.01, Math.pow(10, -2.5), 0.001};
        }

        /**
         * The full profile: sigmoid, tanh, relu, selu, linear; m = 10, width 100, depth 10, sigma_w^2 = 1,
         * sigma_b^2 = 0; 2000 samples; 201 points on the segment; the seven-value log grid; the variants.
         */
        public static Settings full() {
            return new Settings(List.of(Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.SELU,
                    Activation.LINEAR), 10, 100, 10, 1.0, 0.0, 2000, 201, logGrid(), true, 20_000);
        }

        /** The quick profile: as full, but sigma = 1, 0.1, 0.01, 0.001, 1000 samples, 101 points. */
        public static Settings quick() {
            return new Settings(full().activations(), 10, 100, 10, 1.0, 0.0, 1000, 101,
                    new double[] {1, 0.1, 0.01, 0.001}, true, 5_000);
        }

        /** The configurations to run: the main ones, then the variants. */
        public List<Config> configs() {
            List<Config> configs = new ArrayList<>();
            for (Activation a : activations) {
                configs.add(new Config(a, weightVariance, biasVariance, true));
            }
            if (variants) {
                for (Activation a : activations) {
                    if ((a == Activation.RELU || a == Activation.SELU) && weightVariance != 2.0) {
                        configs.add(new Config(a, 2.0, biasVariance, false));
                    }
                }
                for (Activation a : activations) {
                    if (a != Activation.LINEAR && biasVariance != 0.1) {
                        configs.add(new Config(a, weightVariance, 0.1, false));
                    }
                }
            }
            return configs;
        }

        /** The smallest sigma. */
        public double smallestSigma() {
            return Arrays.stream(sigmas).min().orElseThrow();
        }

        /** The largest sigma. */
        public double largestSigma() {
            return Arrays.stream(sigmas).max().orElseThrow();
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
    public record Result(Settings settings, List<ConfigResult> configs, List<SigmoidRow> sigmoid) {

        /** The measurements of one configuration. */
        public ConfigResult config(Activation activation, double weightVariance, double biasVariance) {
            return configs.stream().filter(c -> c.config().activation() == activation
                    && c.config().weightVariance() == weightVariance && c.config().biasVariance() == biasVariance)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("not measured: " + activation.id()
                            + " " + weightVariance + " " + biasVariance));
        }
    }

    /** Runs the experiment and writes metrics, plots and the summary. */
    public Result run(RunContext context, Settings settings) {
        Result result = compute(context.seed(), settings);
        try (MetricsCsv metrics = context.run().metrics(List.of("part", "variant", "weight_variance",
                "bias_variance", "sigma"))) {
            record(metrics, result);
        }
        plot(context, result);
        context.run().writeSummary(summary(result));
        return result;
    }

    /** The computation alone (no files). */
    public Result compute(long seed, Settings settings) {
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

    private static SigmoidRow sigmoidRow(String name, double[] h, double[] z, AffineFit fit) {
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
    private static final double FLOOR = 1e-16;

    private static void plot(RunContext context, Result r) {
        Settings s = r.settings();
        double[] sigmas = s.sigmas();
        Plots.LinePlot main = Plots.line("Residual of the best affine fit, last layer (depth " + s.depth()
                        + ", width " + s.width() + ", sigma_b^2 = " + MarkdownTable.format(s.biasVariance()) + ")",
                "sigma (inputs N(0, sigma^2 I))", "|Y - affine fit| / |Y - mean Y|").logX().logY();
        for (ConfigResult c : r.configs()) {
            if (c.config().main()) {
                main.series(c.config().activation().id(), sigmas, floor(c.lastResiduals()));
            }
        }
        double smallest = s.smallestSigma();
        double[] grid = {smallest, s.largestSigma()};
        for (ConfigResult c : r.configs()) {
            if (!c.config().main()) {
                continue;
            }
            Activation a = c.config().activation();
            double atSmallest = c.profiles().get(indexOf(sigmas, smallest)).last().relativeResidual();
            if (a == Activation.TANH || a == Activation.SIGMOID) {
                // tanh without biases is odd: ~ sigma^2; with biases, and the sigmoid (offsets 1/2), ~ sigma.
                int power = a == Activation.TANH && c.config().biasVariance() == 0 ? 2 : 1;
                main.theory(a.id() + (power == 2 ? ": c sigma^2" : ": c sigma"), grid,
                        new double[] {atSmallest, atSmallest * Math.pow(grid[1] / grid[0], power)});
            } else if (!c.profiles().isEmpty() && c.kinks() > 0) {
                double limit = c.limitResiduals()[s.depth() - 1];
                main.theory(a.id() + ": limit sigma -> 0 (" + MarkdownTable.format(limit) + ")", grid,
                        new double[] {limit, limit});
            }
        }
        main.save(context.run().plot("residual-vs-sigma"));

        if (r.configs().stream().anyMatch(c -> !c.config().main())) {
            Plots.LinePlot variants = Plots.line("Variants: sigma_w^2 = 2, and biases sigma_b^2 = 0.1",
                    "sigma (inputs N(0, sigma^2 I))", "relative residual, last layer").logX().logY();
            for (ConfigResult c : r.configs()) {
                if (!c.config().main() || c.config().activation() == Activation.RELU
                        || c.config().activation() == Activation.SELU) {
                    variants.series(c.config().label(), sigmas, floor(c.lastResiduals()));
                }
            }
            variants.save(context.run().plot("residual-vs-sigma-variants"));
        }

        Plots.LinePlot ratio = Plots.line("Segment length through the network / its linearization at 0, last layer",
                "sigma", "length / linearized length").logX();
        for (ConfigResult c : r.configs()) {
            if (c.config().main()) {
                ratio.series(c.config().activation().id(), sigmas,
                        c.profiles().stream().mapToDouble(p -> p.last().lengthRatio()).toArray());
            }
        }
        ratio.theory("1 (linear prediction exact)", new double[] {smallest, s.largestSigma()}, new double[] {1, 1});
        ratio.save(context.run().plot("length-ratio-vs-sigma"));

        for (double sigma : new double[] {s.largestSigma(), smallest}) {
            int k = indexOf(sigmas, sigma);
            Plots.LinePlot growth = Plots.line(String.format(Locale.ROOT, "Trajectory growth per layer at sigma = %s: "
                            + "measured (solid) vs linearization at 0 (dashed)", MarkdownTable.format(sigma)),
                    "layer", "length(layer) / length(input)").logY();
            double[] layers = new double[s.depth() + 1];
            for (int d = 0; d <= s.depth(); d++) {
                layers[d] = d;
            }
            for (ConfigResult c : r.configs()) {
                if (!c.config().main()) {
                    continue;
                }
                NearLinearity.Profile p = c.profiles().get(k);
                double[] measured = new double[s.depth() + 1];
                double[] predicted = new double[s.depth() + 1];
                measured[0] = 1;
                predicted[0] = 1;
                for (int d = 1; d <= s.depth(); d++) {
                    measured[d] = p.layer(d).length() / p.inputLength();
                    predicted[d] = p.layer(d).linearizedLength() / p.inputLength();
                }
                growth.series(c.config().activation().id(), layers, measured);
                growth.theory(c.config().activation().id() + " linearized", layers, predicted);
            }
            growth.save(context.run().plot("trajectory-growth-sigma-" + MarkdownTable.format(sigma)));
        }

        List<String> cases = List.of("no BN", "BN", "BN, g=4 b=2", "BN = identity");
        Plots.save(Plots.bars("A sigmoid unit on inputs N(4, 9): how far from affine", "pre-activation h",
                "value", cases, List.of("relative residual of the affine fit", "fraction of h in [-2, 2]"),
                List.of(r.sigmoid().stream().mapToDouble(SigmoidRow::relativeResidual).toArray(),
                        r.sigmoid().stream().mapToDouble(SigmoidRow::nearLinearFraction).toArray())),
                context.run().plot("sigmoid-batchnorm"));
    }

    private static double[] floor(double[] v) {
        return Arrays.stream(v).map(x -> Math.max(x, FLOOR)).toArray();
    }

    private static int indexOf(double[] values, double v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException(v + " not among " + Arrays.toString(values));
    }

    static String summary(Result r) {
        Settings s = r.settings();
        StringBuilder sb = new StringBuilder("# Near-linearity of deep networks for small inputs\n\n");
        sb.append(String.format(Locale.ROOT, "Random networks (Raghu et al. 2017, Sec. 2.2): input dimension %d, "
                        + "%d hidden layers of width %d, weights N(0, sigma_w^2 / fan_in), biases N(0, sigma_b^2); "
                        + "the same weights (one seed) for every activation. Inputs x = sigma u with the same %d "
                        + "directions u ~ N(0, I) at every sigma. Main comparison: sigma_w^2 = %s, sigma_b^2 = %s "
                        + "(zero biases: then the random networks are exactly the exercise's setting, every layer's "
                        + "pre-activations are N(0, ~sigma^2)-small for tanh, and relu nets are positively "
                        + "homogeneous).%n%n", s.inputDimension(), s.depth(), s.width(), s.samples(),
                MarkdownTable.format(s.weightVariance()), MarkdownTable.format(s.biasVariance())));
        sb.append("Residual = |Y - affine fit(X)|_F / |Y - mean Y|_F of the last hidden layer (0: exactly affine; "
                + "its square is 1 - R^2). \"limit\" is the residual of the network's first-order expansion at 0 "
                + "(one-sided slopes at kinks): the value as sigma -> 0.\n\n");
        List<String> headers = new ArrayList<>(List.of("activation", "sigma_w^2", "sigma_b^2"));
        for (double sigma : s.sigmas()) {
            headers.add("sigma = " + MarkdownTable.format(sigma));
        }
        headers.add("limit");
        headers.add("expected as sigma -> 0");
        MarkdownTable table = new MarkdownTable(headers.toArray(String[]::new));
        for (ConfigResult c : r.configs()) {
            List<Object> row = new ArrayList<>(List.of(c.config().activation().id(),
                    MarkdownTable.format(c.config().weightVariance()), MarkdownTable.format(c.config().biasVariance())));
            for (double v : c.lastResiduals()) {
                row.add(String.format(Locale.ROOT, "%.3e", v));
            }
            row.add(String.format(Locale.ROOT, "%.3e", c.limitResiduals()[s.depth() - 1]));
            row.add(expectation(c.config()));
            table.row(row.toArray());
        }
        sb.append(table.render()).append('\n');
        sb.append(slopes(r)).append('\n');

        sb.append("## Trajectory growth against the linear prediction\n\nThe segment sigma ((1 - t) u0 + t u1), "
                + "sampled at ").append(s.trajectoryPoints()).append(" points; length = chord sum through each layer; "
                + "linearized = the same points through the first-order expansion at 0 (for tanh, sigmoid and "
                + "linear the Jacobian product W_1 D_1 ... W_d D_d, a straight segment of length "
                + "sigma |(u1 - u0) J|). Ratio length / linearized, and straightness length / chord (1: the image "
                + "is a straight segment), last layer:\n\n");
        List<String> gh = new ArrayList<>(List.of("activation", "sigma_w^2", "sigma_b^2"));
        for (double sigma : s.sigmas()) {
            gh.add("sigma = " + MarkdownTable.format(sigma));
        }
        MarkdownTable growth = new MarkdownTable(gh.toArray(String[]::new));
        for (ConfigResult c : r.configs()) {
            if (!c.config().main()) {
                continue;
            }
            List<Object> row = new ArrayList<>(List.of(c.config().activation().id(),
                    MarkdownTable.format(c.config().weightVariance()), MarkdownTable.format(c.config().biasVariance())));
            for (NearLinearity.Profile p : c.profiles()) {
                row.add(String.format(Locale.ROOT, "%.4f / %.4f", p.last().lengthRatio(), p.last().straightness()));
            }
            growth.row(row.toArray());
        }
        sb.append(growth.render()).append('\n');
        sb.append("Relu and selu without biases have every unit on its kink at input 0, so their first-order "
                + "expansion is itself piecewise linear (for relu it is the network itself: ratio exactly 1 and a "
                + "bent image, straightness > 1, at every sigma). For the smooth activations the image straightens "
                + "and its length approaches the Jacobian prediction as sigma -> 0.\n\n");

        sb.append("## The exercise's selu constants\n\nWe use the standard selu (Klambauer et al. 2017, as ND4J): "
                + "lambda = 1.0507009873554805, alpha = 1.6732632423543772, selu(x) = lambda x for x > 0 and "
                + "lambda alpha (e^x - 1) otherwise; slopes at 0: lambda = 1.0507 (right) and lambda alpha = "
                + "1.7581 (left). The exercise (papers/002, eq. 4) writes selu(x) = alpha (exp(x) - 1) for x <= 0, "
                + "without lambda, so its alpha is the product lambda alpha: 1.0507 x 1.6733 = 1.75814 with the "
                + "constants rounded to 4 decimals (1.75810 with full precision). Its worked answer then writes "
                + "lambda alpha (e^x - 1) again, which with alpha = 1.75814 would count lambda twice (left slope "
                + "1.847); the conclusion (piecewise linear with different slopes left and right of 0) holds "
                + "either way, and the measured limit residual depends only on the ratio of the slopes, "
                + "alpha = 1.6733.\n\n");
        sb.append("One unit, for reference (exact expansions, `SmallInputLimits`): tanh residual (sqrt 6 / 3) "
                + "sigma^2, sigmoid (sqrt 6 / 12) sigma^2, relu ").append(String.format(Locale.ROOT, "%.4f",
                SmallInputLimits.kinkResidual(0, 1))).append(", selu ").append(String.format(Locale.ROOT, "%.4f",
                SmallInputLimits.unitResidual(Activation.SELU, 0.001))).append(" (relu's at every sigma, selu's as "
                + "sigma -> 0). A zero-bias relu network is positively homogeneous in its weights too, so sigma_w^2 "
                + "only rescales it: its residual is the same at sigma_w^2 = 1 and 2; selu's limit network (slopes "
                + "lambda and lambda alpha) likewise, so both sigma_w^2 share the limit, reached more slowly at "
                + "sigma_w^2 = 2 where the deeper layers' pre-activations are larger.\n\n");

        sb.append("## Batch norm keeps a sigmoid near-linear; gamma and beta let it out\n\n");
        sb.append(String.format(Locale.ROOT, "The Q&A (papers/000, quoting Ioffe & Szegedy): \"normalizing the inputs "
                        + "of a sigmoid would constrain them to the linear regime\"; gamma and beta restore the "
                        + "representation power, and gamma = sqrt(Var x), beta = E x recover the original "
                        + "activations. One sigmoid unit, %d inputs z ~ N(%s, %s^2), pre-activation h as below "
                        + "(batch norm with population variance, no epsilon); residual of the best affine fit of "
                        + "sigmoid(h) on z:%n%n", r.sigmoid().isEmpty() ? 0 : s.bnSamples(),
                MarkdownTable.format(SIGMOID_INPUT_MEAN), MarkdownTable.format(SIGMOID_INPUT_STD)));
        MarkdownTable bn = new MarkdownTable("pre-activation h", "mean h", "std h", "h in [-2, 2]", "abs(h) > 4",
                "residual", "R^2 (variance explained)", "max abs(h - z)");
        for (SigmoidRow row : r.sigmoid()) {
            bn.row(row.name(), String.format(Locale.ROOT, "%.3f", row.preActivationMean()),
                    String.format(Locale.ROOT, "%.3f", row.preActivationStd()),
                    String.format(Locale.ROOT, "%.1f%%", 100 * row.nearLinearFraction()),
                    String.format(Locale.ROOT, "%.1f%%", 100 * row.saturatedFraction()),
                    String.format(Locale.ROOT, "%.4f", row.relativeResidual()),
                    String.format(Locale.ROOT, "%.4f", row.explainedVariance()),
                    String.format(Locale.ROOT, "%.1e", row.identityError()));
        }
        sb.append(bn.render()).append('\n');
        sb.append("[-2, 2] is the linear piece of the hard sigmoid clip(1/2 + h/4, 0, 1), the sigmoid's "
                + "piecewise-linear surrogate (slope above 0.105 there); beyond abs(h) = 4 the slope is below 7% of its "
                + "peak 1/4.\n\n");
        sb.append("Plots: plots/residual-vs-sigma.png, plots/residual-vs-sigma-variants.png, "
                + "plots/length-ratio-vs-sigma.png, plots/trajectory-growth-sigma-*.png, plots/sigmoid-batchnorm.png.\n");
        return sb.toString();
    }

    private static String expectation(Config c) {
        boolean zeroBias = c.biasVariance() == 0;
        return switch (c.activation()) {
            case TANH -> zeroBias ? "linear; residual ~ sigma^2 (odd network)" : "affine; residual ~ sigma";
            case SIGMOID -> "affine; residual ~ sigma (1/2 offsets shift deeper layers off 0)";
            case RELU -> zeroBias ? "not affine; residual independent of sigma (homogeneous)"
                    : "affine once no unit crosses its kink (slowly)";
            case SELU -> zeroBias ? "piecewise linear, slopes lambda / lambda alpha; residual -> limit like sigma"
                    : "affine once no unit crosses its kink (slowly)";
            case LINEAR -> "exactly linear (rounding)";
            case HARD_TANH -> "linear while inside [-1, 1]";
        };
    }

    private static String slopes(Result r) {
        Settings s = r.settings();
        double[] sigmas = s.sigmas();
        int small = indexOf(sigmas, s.smallestSigma());
        int next = -1;
        for (int i = 0; i < sigmas.length; i++) {
            if (sigmas[i] > sigmas[small] && (next < 0 || sigmas[i] < sigmas[next])) {
                next = i;
            }
        }
        if (next < 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Log-log slope of the residual between "
                + "sigma = %s and %s: ", MarkdownTable.format(sigmas[next]), MarkdownTable.format(sigmas[small])));
        List<String> parts = new ArrayList<>();
        for (ConfigResult c : r.configs()) {
            if (c.config().main() && c.config().activation() != Activation.LINEAR) {
                double a = c.profiles().get(next).last().relativeResidual();
                double b = c.profiles().get(small).last().relativeResidual();
                parts.add(String.format(Locale.ROOT, "%s %.3f", c.config().activation().id(),
                        Math.log(a / b) / Math.log(sigmas[next] / sigmas[small])));
            }
        }
        return sb.append(String.join(", ", parts)).append(" (tanh 2, sigmoid 1, relu 0; selu -> 0).\n").toString();
    }
}
