package org.expressivity4j.trainers.figures.transitions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.expressivity4j.core.measure.MeasureOptions;
import org.expressivity4j.core.measure.TrajectoryMeasures;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.core.theory.TransitionBound;
import org.expressivity4j.core.trajectory.Curve;
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
 * Neuron transitions along a trajectory in random networks: Fig. 2 (transitions vs depth and vs width) and Fig. 5
 * (transitions vs trajectory length) of Raghu et al. (ICML 2017), with the per-layer factor of Theorem 4 beside them.
 *
 * <p>For each architecture (width k, sigma_w^2) a network of depth n is measured along the quarter circle between two
 * endpoints ({@link Endpoints}; the paper uses MNIST images): the transitions of each layer's units, {@code T_d}, are
 * the paper's {@code T(F_A(x(t); W))} of the network truncated after layer d (networks of one seed share their lower
 * layers), and {@code l_d} is the length of the circle's image there. For relu and hard tanh every crossing is located
 * exactly (along the circle's inscribed polygon); smooth activations are sampled adaptively and their transitions are
 * those of the piecewise-linear surrogate (see {@link Activation}).
 *
 * <p>Transitions grow exponentially with depth, and the exact count costs time in proportion to them: a configuration
 * is measured to depth n only while its last layer's transitions stay below {@code maxTransitions}. Network 0 of the
 * configuration finds that depth (measuring deeper networks in steps predicted from the growth so far); the other
 * networks are measured at the same depth. The depth reached is reported.
 *
 * <p>Network {@code i} has the seed {@code derive(seed, 1, i)} and endpoints {@code derive(seed, 2, i)} in every
 * configuration (the same {@link org.expressivity4j.trainers.shared.SeedStreams} as trajectory-growth).
 */
public final class TransitionsExperiment {

    private static final Logger log = LoggerFactory.getLogger(TransitionsExperiment.class);

    /** Largest number of layers added in one step of the depth search. */
    static final int MAX_STEP = 4;

    /**
     * One configuration's measurements; arrays are indexed by layer 0 .. {@code depthReached}.
     *
     * @param config             the architecture
     * @param depthReached       the depth measured (below {@code depth} when the transitions cap stopped it)
     * @param meanTransitions    mean transitions of each layer's units over the networks (0 at layer 0)
     * @param transitionsStdError standard error of each mean
     * @param meanLength         mean length of the circle's image in each layer
     * @param depthGrowth        per-layer growth factor of transitions: exp of the slope of the least-squares line
     *                           through {@code log meanTransitions[d]}, d = 1 .. depthReached
     * @param depthR2            that line's R^2
     * @param lengthSlope        Fig. 5: slope of the least-squares line through {@code (log meanLength[d],
     *                           log meanTransitions[d])}, d = 1 .. depthReached (1 means proportional)
     * @param transitionsPerLength mean over layers 1 .. depthReached of {@code meanTransitions[d] / meanLength[d]}
     * @param theorem4Factor     Theorem 4's per-layer factor {@link TransitionBound#perLayerFactor} (a statement
     *                           about the saturated, large-sigma_w limit)
     * @param networks           networks measured
     * @param converged          networks whose every length was exact or converged
     * @param seconds            time spent
     */
    public record Series(NetConfig config, int depthReached, double[] meanTransitions, double[] transitionsStdError,
                         double[] meanLength, double depthGrowth, double depthR2, double lengthSlope,
                         double transitionsPerLength, double theorem4Factor, int networks, int converged,
                         double seconds) {

        /** Mean transitions of layer d, NaN beyond the depth reached. */
        public double transitions(int d) {
            return d <= depthReached ? meanTransitions[d] : Double.NaN;
        }
    }

    /**
     * Everything the run found.
     *
     * @param settings       what ran
     * @param endpoints      the endpoints, described
     * @param inputDimension m
     * @param series         one per configuration, in {@link TransitionsSettings#configs()} order
     */
    public record Result(TransitionsSettings settings, String endpoints, int inputDimension, List<Series> series) {

        /** The series of this width and sigma_w^2. */
        public Series series(int width, double weightVariance) {
            return series.stream().filter(s -> s.config().width() == width
                    && s.config().weightVariance() == weightVariance).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("not measured: k=" + width + " sigma_w^2="
                            + weightVariance));
        }

        /** Whether every length was exact or converged. */
        public boolean allConverged() {
            return series.stream().allMatch(s -> s.converged() == s.networks());
        }
    }

    /** The run columns of metrics.csv. */
    public static final List<String> COLUMNS = List.of("activation", "width", "weight_variance", "bias_variance",
            "network");

    /** Runs the experiment, appending metrics as it goes ({@link TransitionsReport} writes the plots and summary). */
    public Result run(RunContext context, TransitionsSettings settings, Endpoints endpoints) {
        Result result;
        try (MetricsCsv metrics = context.run().metrics(COLUMNS)) {
            result = compute(context.seed(), settings, endpoints, metrics);
        }
        return result;
    }

    /** The measurements; each network's rows are appended to {@code metrics} (may be null) once measured. */
    public Result compute(long seed, TransitionsSettings settings, Endpoints endpoints, MetricsCsv metrics) {
        List<Series> series = new ArrayList<>();
        List<NetConfig> configs = settings.configs();
        try (Progress progress = Progress.start("transitions", (long) configs.size() * settings.networks(),
                "networks")) {
            for (NetConfig c : configs) {
                Series s = measure(seed, settings, endpoints, c, metrics, progress);
                log.info("{}: depth {}, last-layer transitions {}, x{} per layer, {} s", c.label(), s.depthReached(),
                        MarkdownTable.format(s.meanTransitions()[s.depthReached()]),
                        MarkdownTable.format(s.depthGrowth()), MarkdownTable.format(s.seconds()));
                series.add(s);
            }
        }
        return new Result(settings, endpoints.describe(), endpoints.dimension(), series);
    }

    static Series measure(long seed, TransitionsSettings s, Endpoints endpoints, NetConfig c, MetricsCsv metrics,
                                  Progress progress) {
        long start = System.nanoTime();
        int nets = s.networks();
        TrajectoryMeasures[] measured = new TrajectoryMeasures[nets];
        int depth = 0;
        int converged = 0;
        for (int i = 0; i < nets; i++) {
            long netSeed = SeededGaussians.derive(seed, SeedStreams.NETWORK, i);
            Curve curve = endpoints.quarterCircle(SeededGaussians.derive(seed,
                    SeedStreams.ENDPOINT, i), c.activation(), s.polygonVertices());
            measured[i] = i == 0 ? searchDepth(c, endpoints.dimension(), s.depth(), s.maxTransitions(), netSeed, curve)
                    : TrajectoryMeasures.measure(c.network(endpoints.dimension(), depth, netSeed).create(), curve,
                    MeasureOptions.defaults());
            if (i == 0) {
                depth = measured[0].depth();
            }
            converged += measured[i].converged() ? 1 : 0;
            if (metrics != null) {
                List<String> run = run(c, Integer.toString(i));
                TrajectoryMeasures m = measured[i];
                for (int d = 0; d <= depth; d++) {
                    String layer = Integer.toString(d);
                    metrics.append(run, 0, layer, "transitions", m.layer(d).transitions());
                    metrics.append(run, 0, layer, "length", m.layer(d).length());
                    metrics.append(run, 0, layer, "patterns", m.layer(d).patterns());
                    metrics.append(run, 0, layer, "converged", m.layer(d).converged() ? 1 : 0);
                }
                metrics.append(run, 0, "", "samples", m.samples());
            }
            progress.advance(1);
        }
        double[] meanT = new double[depth + 1];
        double[] seT = new double[depth + 1];
        double[] meanL = new double[depth + 1];
        for (int d = 0; d <= depth; d++) {
            double[] t = new double[nets];
            double[] l = new double[nets];
            for (int i = 0; i < nets; i++) {
                t[i] = measured[i].layer(d).transitions();
                l[i] = measured[i].layer(d).length();
            }
            meanT[d] = Stats.mean(t);
            seT[d] = Stats.standardError(t);
            meanL[d] = Stats.mean(l);
        }
        double[] layers = Stats.range(1, depth);
        double[] logT = Stats.log(Arrays.copyOfRange(meanT, 1, depth + 1));
        Stats.Line byDepth = Stats.fit(layers, logT);
        Stats.Line byLength = Stats.fit(Stats.log(Arrays.copyOfRange(meanL, 1, depth + 1)), logT);
        double ratio = 0;
        int counted = 0;
        for (int d = 1; d <= depth; d++) {
            if (meanL[d] > 0) {
                ratio += meanT[d] / meanL[d];
                counted++;
            }
        }
        Series series = new Series(c, depth, meanT, seT, meanL, Math.exp(byDepth.slope()), byDepth.r2(),
                byLength.slope(), counted == 0 ? Double.NaN : ratio / counted,
                TransitionBound.perLayerFactor(c.width(), c.sigmaW(), c.sigmaB()), nets, converged,
                (System.nanoTime() - start) / 1e9);
        if (metrics != null) {
            List<String> run = run(c, "mean");
            for (int d = 0; d <= depth; d++) {
                metrics.append(run, 0, Integer.toString(d), "mean_transitions", meanT[d]);
                metrics.append(run, 0, Integer.toString(d), "mean_transitions_per_unit", meanT[d] / c.width());
                metrics.append(run, 0, Integer.toString(d), "mean_length", meanL[d]);
            }
            metrics.append(run, 0, "", "depth_reached", depth);
            metrics.append(run, 0, "", "transitions_growth_per_layer", series.depthGrowth());
            metrics.append(run, 0, "", "transitions_vs_length_loglog_slope", series.lengthSlope());
            metrics.append(run, 0, "", "transitions_per_length", series.transitionsPerLength());
            metrics.append(run, 0, "", "theorem4_factor", series.theorem4Factor());
        }
        return series;
    }

    /**
     * Measures network 0 of a configuration at increasing depth until its last layer has {@code cap} transitions or
     * the depth is {@code maxDepth}: from depth min(3, maxDepth), each next depth is predicted from the growth of the
     * last layers' transitions (at most {@link #MAX_STEP} layers further). Deeper networks of one seed contain the
     * shallower ones, so the last measurement holds every layer.
     */
    static TrajectoryMeasures searchDepth(NetConfig c, int m, int maxDepth, long cap, long netSeed, Curve curve) {
        int depth = Math.min(3, maxDepth);
        while (true) {
            TrajectoryMeasures tm = TrajectoryMeasures.measure(c.network(m, depth, netSeed).create(), curve,
                    MeasureOptions.defaults());
            long last = tm.outputTransitions();
            if (depth == maxDepth || last >= cap) {
                return tm;
            }
            long[] t = tm.transitions();
            double g = depth >= 3 && t[depth - 2] > 0 ? Math.sqrt((double) last / t[depth - 2])
                    : t[depth - 1] > 0 ? (double) last / t[depth - 1] : Double.NaN;
            int step;
            if (last == 0 || !(g > 1.05)) {
                step = maxDepth - depth;
            } else {
                step = (int) Math.floor(Math.log((double) cap / last) / Math.log(g));
                step = Math.max(1, Math.min(MAX_STEP, step));
            }
            depth = Math.min(maxDepth, depth + step);
        }
    }

    private static List<String> run(NetConfig c, String network) {
        List<String> run = new ArrayList<>(c.columns());
        run.add(network);
        return run;
    }

    // ------------------------------------------------------------------------------------------------ plots

    // ---------------------------------------------------------------------------------------------- summary
}
