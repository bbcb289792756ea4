package org.expressivity4j.trainers.figures.growth;


import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    /** Runs the experiment, appending metrics as it goes ({@link TrajectoryGrowthReport}: plots and summary). */
    public Result run(RunContext context, Settings settings, Endpoints endpoints) {
        Result result;
        try (MetricsCsv metrics = context.run().metrics(COLUMNS)) {
            result = compute(context.seed(), settings, endpoints, metrics);
        }
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

    // ---------------------------------------------------------------------------------------------- summary
}
