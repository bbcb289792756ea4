package org.expressivity4j.trainers.figures.growth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.expressivity4j.core.measure.MeasureOptions;
import org.expressivity4j.core.measure.TrajectoryMeasures;
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
     * @param lengths       one series per length configuration, in
     *                      {@link TrajectoryGrowthSettings#lengthConfigs()} order
     * @param perturbations one point per perturbation configuration
     */
    public record Result(TrajectoryGrowthSettings settings, String endpoints, int inputDimension,
                         List<LengthSeries> lengths, List<PerturbationPoint> perturbations) {

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
    public Result run(RunContext context, TrajectoryGrowthSettings settings, Endpoints endpoints) {
        Result result;
        try (MetricsCsv metrics = context.run().metrics(COLUMNS)) {
            result = compute(context.seed(), settings, endpoints, metrics);
        }
        return result;
    }

    /** The measurements; each network's rows are appended to {@code metrics} (may be null) as soon as measured. */
    public Result compute(long seed, TrajectoryGrowthSettings settings, Endpoints endpoints, MetricsCsv metrics) {
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

    private static LengthSeries lengthSeries(long seed, TrajectoryGrowthSettings s, Endpoints endpoints, NetConfig c,
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

    private static PerturbationPoint perturbation(long seed, TrajectoryGrowthSettings s, Endpoints endpoints,
                                                  NetConfig c, MetricsCsv metrics, Progress progress) {
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
