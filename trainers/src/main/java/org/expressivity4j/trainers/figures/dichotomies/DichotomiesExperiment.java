package org.expressivity4j.trainers.figures.dichotomies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.expressivity4j.core.measure.Dichotomies;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.NetConfig;
import org.expressivity4j.trainers.shared.SeedStreams;
import org.expressivity4j.trainers.shared.Stats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dichotomies under a weight sweep, Figs. 14-16 of Raghu et al. (ICML 2017, Appendix B.3 and C): the weights of one
 * layer move along a great circle while {@code s} fixed random inputs are labelled by the network, and the distinct
 * labellings are counted ({@link Dichotomies}: labels are the signs of a linear readout; see its definitions).
 *
 * <ul>
 *   <li><b>Fig. 14</b>: the first layer swept, dichotomies vs remaining depth (= the network's depth) for several
 *       widths (a) and vs width for several remaining depths (b).</li>
 *   <li><b>Fig. 15</b>: width {@code layerWidth}, layer L swept for several L, vs remaining depth
 *       {@code n - L + 1}: the count should depend on the remaining depth only.</li>
 *   <li><b>Fig. 16</b>: at a larger sigma_w^2, dichotomies vs the number of label flips (transitions) of the sweep,
 *       beside a random walk that flips one label chosen uniformly at random per transition
 *       ({@link Dichotomies#randomWalk}).</li>
 * </ul>
 * Deeper sweeps cost more (the flips, hence the samples, grow exponentially with depth): a series stops deepening
 * after a sweep (mean over networks) with at least {@code maxFlips} flips. Network {@code i} has the seed
 * {@code derive(seed, 1, i)} (so networks of one series share their lower layers), its sweep (inputs and the second
 * weight matrix) {@code derive(seed, 3, i)}.
 */
public final class DichotomiesExperiment {

    private static final Logger log = LoggerFactory.getLogger(DichotomiesExperiment.class);

    /** Random walks averaged for the baseline. */
    public static final int WALKS = 200;

    /**
     * One point: a configuration and remaining depth, over the networks.
     *
     * @param part            {@code depth} (Fig. 14), {@code layer} (Fig. 15) or {@code transitions} (Fig. 16)
     * @param config          the architecture
     * @param sweptLayer      the layer whose weights are swept
     * @param remainingDepth  hidden layers at and above it
     * @param dichotomies     mean distinct labellings
     * @param flips           mean label flips (transitions) over the sweep
     * @param perNetwork      each network's sweep
     * @param seconds         time spent
     */
    public record Point(String part, NetConfig config, int sweptLayer, int remainingDepth, double dichotomies,
                        double flips, List<Dichotomies.Result> perNetwork, double seconds) {

        /** Whether every sweep resolved every flip (neighbouring angles differ by at most one label). */
        public boolean resolved() {
            return perNetwork.stream().allMatch(Dichotomies.Result::resolved);
        }
    }

    /**
     * Everything the run found.
     *
     * @param settings   what ran
     * @param points     every point, by part
     * @param walkSteps  steps of the random-walk baseline curve (ascending)
     * @param walkMeans  mean distinct labellings visited after each of those steps
     */
    public record Result(DichotomiesSettings settings, List<Point> points, long[] walkSteps, double[] walkMeans) {

        /** The points of one part. */
        public List<Point> part(String part) {
            return points.stream().filter(p -> p.part().equals(part)).toList();
        }

        /** The random-walk baseline after {@code steps} flips, interpolated linearly between its steps. */
        public double walk(double steps) {
            if (walkSteps.length == 0) {
                return Double.NaN;
            }
            int i = Arrays.binarySearch(walkSteps, (long) Math.floor(steps));
            if (i >= 0 && walkSteps[i] == steps) {
                return walkMeans[i];
            }
            int hi = i >= 0 ? i + 1 : -i - 1;
            if (hi <= 0) {
                return walkMeans[0];
            }
            if (hi >= walkSteps.length) {
                return walkMeans[walkSteps.length - 1];
            }
            double f = (steps - walkSteps[hi - 1]) / (double) (walkSteps[hi] - walkSteps[hi - 1]);
            return walkMeans[hi - 1] + f * (walkMeans[hi] - walkMeans[hi - 1]);
        }

        /** Whether every sweep resolved every flip. */
        public boolean allResolved() {
            return points.stream().allMatch(Point::resolved);
        }
    }

    /** The run columns of metrics.csv. */
    public static final List<String> COLUMNS = List.of("part", "activation", "width", "weight_variance",
            "bias_variance", "swept_layer", "remaining_depth", "network");

    /** Runs the experiment, appending metrics as it goes ({@link DichotomiesReport} writes the plots and summary). */
    public Result run(RunContext context, DichotomiesSettings settings) {
        Result result;
        try (MetricsCsv metrics = context.run().metrics(COLUMNS)) {
            result = compute(context.seed(), settings, metrics);
        }
        return result;
    }

    /** The sweeps; each point's rows are appended to {@code metrics} (may be null) once measured. */
    public Result compute(long seed, DichotomiesSettings s, MetricsCsv metrics) {
        Map<String, Dichotomies.Result> cache = new HashMap<>();
        List<Point> points = new ArrayList<>();
        int series = s.widths().size() * 2 + s.sweptLayers().size();
        long total = (long) series * s.remainingDepths().size();
        try (Progress progress = Progress.start("dichotomies", total, "points")) {
            for (int k : s.widths()) {
                points.addAll(series(seed, s, "depth", new NetConfig(s.activation(), k, s.weightVariance(),
                        s.biasVariance()), 1, cache, metrics, progress));
            }
            for (int layer : s.sweptLayers()) {
                points.addAll(series(seed, s, "layer", new NetConfig(s.activation(), s.layerWidth(),
                        s.weightVariance(), s.biasVariance()), layer, cache, metrics, progress));
            }
            for (int k : s.widths()) {
                points.addAll(series(seed, s, "transitions", new NetConfig(s.activation(), k,
                        s.transitionsWeightVariance(), s.biasVariance()), 1, cache, metrics, progress));
            }
        }
        long maxFlips = points.stream().mapToLong(p -> (long) Math.ceil(p.flips())).max().orElse(1);
        TreeSet<Long> steps = new TreeSet<>();
        for (double x : Stats.logSpace(1, Math.max(2, maxFlips), 60)) {
            steps.add(Math.round(x));
        }
        for (Point p : points) {
            steps.add((long) Math.floor(p.flips()));
            steps.add((long) Math.ceil(p.flips()));
        }
        steps.add(0L);
        long[] walkSteps = steps.stream().mapToLong(Long::longValue).toArray();
        double[] walkMeans = Dichotomies.randomWalk(s.inputs(), walkSteps, WALKS,
                SeededGaussians.derive(seed, SeedStreams.WALK));
        if (metrics != null) {
            List<String> run = List.of("random-walk", "", "", "", "", "", "", "mean");
            for (int i = 0; i < walkSteps.length; i++) {
                metrics.append(run, walkSteps[i], "", "random_walk_dichotomies", walkMeans[i]);
            }
        }
        return new Result(s, points, walkSteps, walkMeans);
    }

    /** One series: the remaining depths in order, until the flips cap. */
    private static List<Point> series(long seed, DichotomiesSettings s, String part, NetConfig c, int layer,
                                      Map<String, Dichotomies.Result> cache, MetricsCsv metrics, Progress progress) {
        List<Point> points = new ArrayList<>();
        int skipped = 0;
        for (int dr : s.remainingDepths()) {
            if (!points.isEmpty() && points.get(points.size() - 1).flips() >= s.maxFlips()) {
                skipped++;
                progress.advance(1);
                continue;
            }
            long start = System.nanoTime();
            int depth = layer - 1 + dr;
            List<Dichotomies.Result> results = new ArrayList<>();
            for (int i = 0; i < s.networks(); i++) {
                long netSeed = SeededGaussians.derive(seed, SeedStreams.NETWORK, i);
                long sweepSeed = SeededGaussians.derive(seed, SeedStreams.SWEEP, i);
                String key = c + "|" + depth + "|" + layer + "|" + i;
                Dichotomies.Result r = cache.get(key);
                if (r == null) {
                    RandomNetwork net = c.network(s.inputDimension(), depth, netSeed);
                    r = Dichotomies.count(new Dichotomies.Sweep(net, layer, s.inputs(), 2 * Math.PI,
                            s.initialSamples(), s.maxSamples(), sweepSeed));
                    cache.put(key, r);
                }
                results.add(r);
                if (metrics != null) {
                    List<String> run = run(part, c, layer, dr, Integer.toString(i));
                    metrics.append(run, 0, "", "dichotomies", r.dichotomies());
                    metrics.append(run, 0, "", "label_flips", r.transitions());
                    metrics.append(run, 0, "", "samples", r.samples());
                    metrics.append(run, 0, "", "resolved", r.resolved() ? 1 : 0);
                }
            }
            Point p = new Point(part, c, layer, dr, results.stream().mapToLong(Dichotomies.Result::dichotomies)
                    .average().orElseThrow(), results.stream().mapToLong(Dichotomies.Result::transitions)
                    .average().orElseThrow(), List.copyOf(results), (System.nanoTime() - start) / 1e9);
            if (metrics != null) {
                List<String> run = run(part, c, layer, dr, "mean");
                metrics.append(run, 0, "", "mean_dichotomies", p.dichotomies());
                metrics.append(run, 0, "", "mean_label_flips", p.flips());
            }
            log.debug("{} {} layer {} remaining depth {}: {} dichotomies, {} flips, {} s", part, c.label(), layer, dr,
                    p.dichotomies(), p.flips(), p.seconds());
            points.add(p);
            progress.advance(1);
        }
        if (!points.isEmpty()) {
            Point last = points.get(points.size() - 1);
            log.info("{} {} (layer {}): up to remaining depth {}, {} dichotomies{}", part, c.label(), layer,
                    last.remainingDepth(), MarkdownTable.format(last.dichotomies()),
                    skipped > 0 ? " (" + skipped + " deeper points skipped at the flips cap)" : "");
        }
        return points;
    }

    private static List<String> run(String part, NetConfig c, int layer, int remainingDepth, String network) {
        List<String> run = new ArrayList<>();
        run.add(part);
        run.addAll(c.columns());
        run.add(Integer.toString(layer));
        run.add(Integer.toString(remainingDepth));
        run.add(network);
        return run;
    }

    // ------------------------------------------------------------------------------------------------ plots

    // ---------------------------------------------------------------------------------------------- summary
}
