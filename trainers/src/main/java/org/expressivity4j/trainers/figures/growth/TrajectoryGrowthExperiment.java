package org.expressivity4j.trainers.figures.growth;

import static org.expressivity4j.trainers.report.Format.decimal;
import static org.expressivity4j.trainers.report.Format.plusMinus;
import static org.expressivity4j.trainers.report.Format.scientific;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.expressivity4j.core.measure.MeasureOptions;
import org.expressivity4j.core.measure.TrajectoryMeasures;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.core.trajectory.Trajectories;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.report.SeriesColors;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Endpoints;
import org.expressivity4j.trainers.shared.NetConfig;
import org.expressivity4j.trainers.shared.SeedStreams;
import org.expressivity4j.trainers.shared.Stats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trajectory length growth with depth in random networks, Figs. 12 and 13 of Raghu et al. (ICML 2017), against the
 * explicit bounds of Theorem 3 (Appendix B).
 *
 * <ul>
 *   <li><b>Length vs depth</b> (Fig. 13 a, b; Fig. 12 for relu): the quarter circle
 *       {@code x(t) = cos(pi t / 2) x0 + sin(pi t / 2) x1} between two endpoints ({@link Endpoints}) through networks
 *       of depth n; the mean length of its image in every layer over independent networks, for several sigma_w^2 at
 *       a base width (panel a) and several widths at a base sigma_w^2 (panel b).</li>
 *   <li><b>Perturbation growth</b> (Fig. 13 c, d): the per-layer growth {@code ||dz^(d+1)|| / ||dz^(d)||} of a small
 *       perturbation, measured exactly along short chords (probes) of the circle, {@value #PROBE_SIZE} times
 *       {@code ||x(t)||} long along its tangent at random points t, for a grid of widths and sigma_w^2.</li>
 * </ul>
 * The per-layer growth of a configuration is the ratio of expected lengths (Theorem 3 bounds
 * {@code E[l(z^(d+1))] / E[l(z^(d))]}) composed over the hidden layers 2 .. n (where the fan-in is k, as the bounds
 * assume; layer 1's fan-in is the input dimension): {@code (mean l(n) / mean l(1))^(1 / (n - 1))}, means over
 * networks (and probes). Its standard error comes from the spread of the same quantity per network.
 *
 * <p>Network {@code i} of every configuration has the seed {@code derive(seed, 1, i)} (so a configuration's networks
 * of different depths share their lower layers), endpoints pair {@code derive(seed, 2, i)}, probe positions
 * {@code derive(seed, 4, i)}: configurations are compared on the same endpoints.
 */
public final class TrajectoryGrowthExperiment {

    private static final Logger log = LoggerFactory.getLogger(TrajectoryGrowthExperiment.class);

    /** A probe's length relative to the norm of its starting point. */
    public static final double PROBE_SIZE = 1e-6;

    /**
     * What to run.
     *
     * @param activations          the nonlinearities; each runs every panel
     * @param depth                hidden layers n of the length-vs-depth panels (at least 2)
     * @param baseWidth            k of panel a
     * @param weightVariances      sigma_w^2 of panel a
     * @param baseWeightVariance   sigma_w^2 of panel b
     * @param widths               k of panel b
     * @param biasVariance         sigma_b^2 everywhere
     * @param networks             independent networks (and endpoint pairs) per configuration, at least 2
     * @param ratioWidths          k of the perturbation grid (panels c, d)
     * @param ratioWeightVariances sigma_w^2 of the perturbation grid
     * @param ratioDepth           hidden layers of the perturbation networks (at least 2)
     * @param probes               probes per network of the perturbation grid
     * @param polygonVertices      vertices of the circle's inscribed polygon for piecewise-linear activations
     *                             (0: sample the circle adaptively instead)
     */
    public record Settings(List<Activation> activations, int depth, int baseWidth, List<Double> weightVariances,
                           double baseWeightVariance, List<Integer> widths, double biasVariance, int networks,
                           List<Integer> ratioWidths, List<Double> ratioWeightVariances, int ratioDepth, int probes,
                           int polygonVertices) {

        public Settings {
            activations = List.copyOf(new LinkedHashSet<>(activations));
            weightVariances = List.copyOf(new LinkedHashSet<>(weightVariances));
            widths = List.copyOf(new LinkedHashSet<>(widths));
            ratioWidths = List.copyOf(new LinkedHashSet<>(ratioWidths));
            ratioWeightVariances = List.copyOf(new LinkedHashSet<>(ratioWeightVariances));
            if (activations.isEmpty()) {
                throw new IllegalArgumentException("at least one activation is needed");
            }
            if (depth < 2 || ratioDepth < 2) {
                throw new IllegalArgumentException("depths must be at least 2 (growth is measured from layer 1 to "
                        + "n), got " + depth + " and " + ratioDepth);
            }
            if (networks < 2) {
                throw new IllegalArgumentException("at least 2 networks are needed for a standard error, got "
                        + networks);
            }
            if (probes < 1) {
                throw new IllegalArgumentException("probes must be at least 1, got " + probes);
            }
            if (polygonVertices != 0 && polygonVertices < 2) {
                throw new IllegalArgumentException("polygon vertices must be 0 (adaptive sampling) or at least 2, got "
                        + polygonVertices);
            }
            // Building the configurations checks every width and variance (NetConfig's constructor).
            lengthConfigs(activations, baseWidth, weightVariances, baseWeightVariance, widths, biasVariance);
            perturbationConfigs(activations, ratioWidths, ratioWeightVariances, biasVariance);
        }

        /**
         * The paper's settings (Fig. 13): hard tanh (and relu, Fig. 12), depth 12; panel a k = 32 with sigma_w^2 =
         * 0.5, 1, 4, 16, 64; panel b sigma_w^2 = 4 with k = 1, 4, 16, 64, 256; sigma_b = 0; perturbation growth for
         * k = 2, 8, 32, 128, 512 and sigma_w^2 = 1, 4, 16, 64, 256 (the paper's axes reach k = 600 and
         * sigma_w^2 = 300) through 6 layers; 10 networks, 20 probes each; polygons of 100 vertices.
         */
        public static Settings full() {
            return new Settings(List.of(Activation.HARD_TANH, Activation.RELU), 12, 32, List.of(0.5, 1.0, 4.0, 16.0,
                    64.0), 4.0, List.of(1, 4, 16, 64, 256), 0.0, 10, List.of(2, 8, 32, 128, 512),
                    List.of(1.0, 4.0, 16.0, 64.0, 256.0), 6, 20, 100);
        }

        /**
         * A profile of under a minute on 2 cores: depth 6, k = 16 / sigma_w^2 = 1, 4, 16, 4 networks, 32 probes (with
         * fewer, the saturated hard-tanh points of the perturbation grid are too noisy to show the trend in k).
         */
        public static Settings quick() {
            return new Settings(List.of(Activation.HARD_TANH, Activation.RELU), 6, 16, List.of(1.0, 4.0, 16.0), 4.0,
                    List.of(4, 16, 64), 0.0, 4, List.of(4, 16, 64), List.of(1.0, 16.0, 64.0), 4, 32, 100);
        }

        /** The configurations of panels a and b, without repeats. */
        public List<NetConfig> lengthConfigs() {
            return lengthConfigs(activations, baseWidth, weightVariances, baseWeightVariance, widths, biasVariance);
        }

        /** The perturbation grid: every ratio width with every ratio sigma_w^2, per activation. */
        public List<NetConfig> perturbationConfigs() {
            return perturbationConfigs(activations, ratioWidths, ratioWeightVariances, biasVariance);
        }

        private static List<NetConfig> lengthConfigs(List<Activation> activations, int baseWidth,
                                                     List<Double> weightVariances, double baseWeightVariance,
                                                     List<Integer> widths, double biasVariance) {
            LinkedHashSet<NetConfig> configs = new LinkedHashSet<>();
            for (Activation a : activations) {
                for (double s2 : weightVariances) {
                    configs.add(new NetConfig(a, baseWidth, s2, biasVariance));
                }
                for (int k : widths) {
                    configs.add(new NetConfig(a, k, baseWeightVariance, biasVariance));
                }
            }
            return List.copyOf(configs);
        }

        private static List<NetConfig> perturbationConfigs(List<Activation> activations, List<Integer> widths,
                                                           List<Double> weightVariances, double biasVariance) {
            List<NetConfig> configs = new ArrayList<>();
            for (Activation a : activations) {
                for (int k : widths) {
                    for (double s2 : weightVariances) {
                        configs.add(new NetConfig(a, k, s2, biasVariance));
                    }
                }
            }
            return configs;
        }
    }

    /**
     * The length-vs-depth measurements of one configuration.
     *
     * @param config         the architecture
     * @param meanLength     mean length of the circle's image in layers 0 .. n over the networks
     * @param lengthStdError standard error of each mean
     * @param meanTransitions mean transitions of each layer's units (0 for layer 0)
     * @param growth         per-layer growth over layers 2 .. n: {@code (meanLength[n] / meanLength[1])^(1/(n-1))}
     * @param growthStdError standard error of {@code growth} from its spread over networks
     * @param logLengthR2    R^2 of the least-squares line through {@code log meanLength[d]}, d = 1 .. n: how well
     *                       an exponential in depth describes the growth
     * @param bounds         the per-layer bounds for this architecture
     * @param networks       networks measured
     * @param converged      networks whose every length was exact or converged
     * @param seconds        time spent
     */
    public record LengthSeries(NetConfig config, double[] meanLength, double[] lengthStdError,
                               double[] meanTransitions, double growth, double growthStdError, double logLengthR2,
                               GrowthBounds bounds, int networks, int converged, double seconds) {
    }

    /**
     * The perturbation growth of one configuration (Fig. 13 c, d).
     *
     * @param config         the architecture
     * @param growth         {@code (sum l(n) / sum l(1))^(1/(n-1))}, sums over every probe of every network
     * @param growthStdError standard error from the spread of the same quantity per network
     * @param bounds         the per-layer bounds
     * @param networks       networks
     * @param probes         probes per network
     * @param converged      probes whose every length was exact or converged
     * @param seconds        time spent
     */
    public record PerturbationPoint(NetConfig config, double growth, double growthStdError, GrowthBounds bounds,
                                    int networks, int probes, int converged, double seconds) {
    }

    /**
     * Everything the run found.
     *
     * @param settings      what ran
     * @param endpoints     the endpoints, described
     * @param inputDimension m
     * @param lengths       one series per length configuration, in {@link Settings#lengthConfigs()} order
     * @param perturbations one point per perturbation configuration
     */
    public record Result(Settings settings, String endpoints, int inputDimension, List<LengthSeries> lengths,
                         List<PerturbationPoint> perturbations) {

        /** The series of this configuration. */
        public LengthSeries series(NetConfig config) {
            return lengths.stream().filter(s -> s.config().equals(config)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("not measured: " + config.label()));
        }

        /** The perturbation point of this configuration. */
        public PerturbationPoint perturbation(NetConfig config) {
            return perturbations.stream().filter(s -> s.config().equals(config)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("not measured: " + config.label()));
        }

        /** Whether every length of every network was exact or converged. */
        public boolean allConverged() {
            return lengths.stream().allMatch(s -> s.converged() == s.networks())
                    && perturbations.stream().allMatch(p -> p.converged() == p.networks() * p.probes());
        }
    }

    /** The run columns of metrics.csv. */
    public static final List<String> COLUMNS = List.of("part", "activation", "width", "weight_variance",
            "bias_variance", "network");

    /** Runs the experiment, appending metrics as it goes, then writes the plots and the summary. */
    public Result run(RunContext context, Settings settings, Endpoints endpoints) {
        Result result;
        try (MetricsCsv metrics = context.run().metrics(COLUMNS)) {
            result = compute(context.seed(), settings, endpoints, metrics);
        }
        plot(context, result);
        context.run().writeSummary(summary(result));
        return result;
    }

    /** The measurements; each network's rows are appended to {@code metrics} (may be null) as soon as measured. */
    public Result compute(long seed, Settings settings, Endpoints endpoints, MetricsCsv metrics) {
        List<NetConfig> lengthConfigs = settings.lengthConfigs();
        List<NetConfig> perturbationConfigs = settings.perturbationConfigs();
        List<LengthSeries> lengths = new ArrayList<>();
        List<PerturbationPoint> perturbations = new ArrayList<>();
        long total = (long) (lengthConfigs.size() + perturbationConfigs.size()) * settings.networks();
        try (Progress progress = Progress.start("trajectory-growth", total, "networks")) {
            for (NetConfig c : lengthConfigs) {
                LengthSeries s = lengthSeries(seed, settings, endpoints, c, metrics, progress);
                log.info("{}: growth per layer {} (lower {}, upper {}), {} of {} networks converged", c.label(),
                        MarkdownTable.format(s.growth()), MarkdownTable.format(s.bounds().lower()),
                        MarkdownTable.format(s.bounds().upper()), s.converged(), s.networks());
                lengths.add(s);
            }
            for (NetConfig c : perturbationConfigs) {
                PerturbationPoint p = perturbation(seed, settings, endpoints, c, metrics, progress);
                log.info("{}: perturbation growth {} (lower {}, upper {})", c.label(), MarkdownTable.format(p.growth()),
                        MarkdownTable.format(p.bounds().lower()), MarkdownTable.format(p.bounds().upper()));
                perturbations.add(p);
            }
        }
        return new Result(settings, endpoints.describe(), endpoints.dimension(), lengths, perturbations);
    }

    private static LengthSeries lengthSeries(long seed, Settings s, Endpoints endpoints, NetConfig c,
                                             MetricsCsv metrics, Progress progress) {
        long start = System.nanoTime();
        int n = s.depth();
        int nets = s.networks();
        double[][] lengths = new double[nets][];
        double[][] transitions = new double[nets][n + 1];
        double[] perNetworkGrowth = new double[nets];
        int converged = 0;
        for (int i = 0; i < nets; i++) {
            Network net = c.network(endpoints.dimension(), n, SeededGaussians.derive(seed, SeedStreams.NETWORK, i))
                    .create();
            Curve curve = endpoints.quarterCircle(SeededGaussians.derive(seed, SeedStreams.ENDPOINT, i), c.activation(),
                    s.polygonVertices());
            TrajectoryMeasures m = TrajectoryMeasures.measure(net, curve, MeasureOptions.defaults());
            lengths[i] = m.lengths();
            long[] t = m.transitions();
            for (int d = 0; d <= n; d++) {
                transitions[i][d] = t[d];
            }
            perNetworkGrowth[i] = growth(lengths[i][1], lengths[i][n], n);
            converged += m.converged() ? 1 : 0;
            if (metrics != null) {
                List<String> run = run("length", c, Integer.toString(i));
                for (int d = 0; d <= n; d++) {
                    String layer = Integer.toString(d);
                    metrics.append(run, 0, layer, "length", lengths[i][d]);
                    metrics.append(run, 0, layer, "transitions", t[d]);
                    metrics.append(run, 0, layer, "converged", m.layer(d).converged() ? 1 : 0);
                }
                metrics.append(run, 0, "", "samples", m.samples());
            }
            progress.advance(1);
        }
        double[] mean = new double[n + 1];
        double[] stdError = new double[n + 1];
        double[] meanTransitions = new double[n + 1];
        for (int d = 0; d <= n; d++) {
            double[] column = new double[nets];
            double[] tc = new double[nets];
            for (int i = 0; i < nets; i++) {
                column[i] = lengths[i][d];
                tc[i] = transitions[i][d];
            }
            mean[d] = Stats.mean(column);
            stdError[d] = Stats.standardError(column);
            meanTransitions[d] = Stats.mean(tc);
        }
        double g = growth(mean[1], mean[n], n);
        double[] logs = Stats.log(java.util.Arrays.copyOfRange(mean, 1, n + 1));
        double r2 = Stats.fit(Stats.range(1, n), logs).r2();
        GrowthBounds bounds = GrowthBounds.of(c);
        LengthSeries series = new LengthSeries(c, mean, stdError, meanTransitions, g,
                Stats.standardError(perNetworkGrowth), r2, bounds, nets, converged,
                (System.nanoTime() - start) / 1e9);
        if (metrics != null) {
            List<String> run = run("length", c, "mean");
            for (int d = 0; d <= n; d++) {
                metrics.append(run, 0, Integer.toString(d), "mean_length", mean[d]);
            }
            appendGrowth(metrics, run, series.growth(), series.growthStdError(), bounds);
            metrics.append(run, 0, "", "converged_networks", converged);
        }
        return series;
    }

    private static PerturbationPoint perturbation(long seed, Settings s, Endpoints endpoints, NetConfig c,
                                                  MetricsCsv metrics, Progress progress) {
        long start = System.nanoTime();
        int n = s.ratioDepth();
        int nets = s.networks();
        double[] sum = new double[n + 1];
        double[] perNetworkGrowth = new double[nets];
        int converged = 0;
        MeasureOptions options = MeasureOptions.defaults().withInitialSamples(32);
        for (int i = 0; i < nets; i++) {
            Network net = c.network(endpoints.dimension(), n, SeededGaussians.derive(seed, SeedStreams.NETWORK, i))
                    .create();
            double[][] pair = endpoints.pair(SeededGaussians.derive(seed, SeedStreams.ENDPOINT, i));
            SplittableRandom positions = new SplittableRandom(SeededGaussians.derive(seed, SeedStreams.PROBE, i));
            double[] netSum = new double[n + 1];
            for (int j = 0; j < s.probes(); j++) {
                double[][] chord = probe(pair[0], pair[1], positions.nextDouble());
                TrajectoryMeasures m = TrajectoryMeasures.measure(net, Trajectories.line(chord[0], chord[1]), options);
                double[] l = m.lengths();
                for (int d = 0; d <= n; d++) {
                    netSum[d] += l[d];
                }
                converged += m.converged() ? 1 : 0;
            }
            for (int d = 0; d <= n; d++) {
                sum[d] += netSum[d];
            }
            perNetworkGrowth[i] = growth(netSum[1], netSum[n], n);
            if (metrics != null) {
                List<String> run = run("perturbation", c, Integer.toString(i));
                for (int d = 0; d <= n; d++) {
                    metrics.append(run, 0, Integer.toString(d), "probe_length_sum", netSum[d]);
                }
                metrics.append(run, 0, "", "growth_per_layer", perNetworkGrowth[i]);
            }
            progress.advance(1);
        }
        GrowthBounds bounds = GrowthBounds.of(c);
        PerturbationPoint p = new PerturbationPoint(c, growth(sum[1], sum[n], n),
                Stats.standardError(perNetworkGrowth), bounds, nets, s.probes(), converged,
                (System.nanoTime() - start) / 1e9);
        if (metrics != null) {
            List<String> run = run("perturbation", c, "mean");
            appendGrowth(metrics, run, p.growth(), p.growthStdError(), bounds);
            metrics.append(run, 0, "", "converged_probes", converged);
        }
        return p;
    }

    /**
     * A probe at parameter t of the quarter circle between x0 and x1: the chord from {@code x(t)} along the unit
     * tangent {@code x'(t) / ||x'(t)||}, {@value #PROBE_SIZE} {@code ||x(t)||} long.
     */
    static double[][] probe(double[] x0, double[] x1, double t) {
        double c = Math.cos(Math.PI * t / 2);
        double s = Math.sin(Math.PI * t / 2);
        int m = x0.length;
        double[] x = new double[m];
        double[] tangent = new double[m];
        double xn = 0;
        double tn = 0;
        for (int q = 0; q < m; q++) {
            x[q] = c * x0[q] + s * x1[q];
            tangent[q] = -s * x0[q] + c * x1[q];
            xn += x[q] * x[q];
            tn += tangent[q] * tangent[q];
        }
        double step = PROBE_SIZE * Math.sqrt(xn) / Math.sqrt(tn);
        double[] y = new double[m];
        for (int q = 0; q < m; q++) {
            y[q] = x[q] + step * tangent[q];
        }
        return new double[][] {x, y};
    }

    /** {@code (last / first)^(1 / (n - 1))}: the geometric mean growth over layers 2 .. n; NaN if undefined. */
    static double growth(double first, double last, int n) {
        if (!(first > 0) || !(last >= 0)) {
            return Double.NaN;
        }
        return Math.pow(last / first, 1.0 / (n - 1));
    }

    private static void appendGrowth(MetricsCsv metrics, List<String> run, double growth, double stdError,
                                     GrowthBounds b) {
        metrics.append(run, 0, "", "growth_per_layer", growth);
        metrics.append(run, 0, "", "growth_std_error", stdError);
        metrics.append(run, 0, "", "lower_bound_explicit", b.lower());
        metrics.append(run, 0, "", "upper_bound_explicit", b.upper());
        metrics.append(run, 0, "", "asymptotic_form", b.asymptotic());
    }

    private static List<String> run(String part, NetConfig c, String network) {
        List<String> run = new ArrayList<>();
        run.add(part);
        run.addAll(c.columns());
        run.add(network);
        return run;
    }

    // ------------------------------------------------------------------------------------------------ plots

    private static void plot(RunContext context, Result r) {
        Settings s = r.settings();
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
    private static void lengthCurves(Plots.LinePlot plot, LengthSeries s, String name, java.awt.Color colour) {
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

    private static void boundCurves(Plots.LinePlot plot, String name, double[] x,
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
    private static double[] denseWidths(List<Integer> widths) {
        int lo = widths.stream().mapToInt(Integer::intValue).min().orElseThrow();
        int hi = widths.stream().mapToInt(Integer::intValue).max().orElseThrow();
        return java.util.Arrays.stream(Stats.logSpace(lo, Math.max(hi, lo + 1), 60)).map(Math::rint).distinct()
                .toArray();
    }

    private static double[] denseVariances(List<Double> variances) {
        double lo = variances.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = variances.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return Stats.logSpace(lo, hi > lo ? hi : lo * 2, 60);
    }

    // ---------------------------------------------------------------------------------------------- summary

    static String summary(Result r) {
        Settings s = r.settings();
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

    private static String paperVsMeasured(Result r, Activation a) {
        Settings s = r.settings();
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

    private static String outliers(List<PerturbationPoint> points, List<LengthSeries> lengths) {
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

    private static String convergence(Result r) {
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
