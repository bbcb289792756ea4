package org.expressivity4j.trainers.figures.dichotomies;

import static org.expressivity4j.trainers.report.Format.decimal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.expressivity4j.core.measure.Dichotomies;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.NetConfig;
import org.expressivity4j.trainers.shared.SeedStreams;
import org.expressivity4j.trainers.shared.Stats;
import org.expressivity4j.trainers.shared.Timings;
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
     * What to run.
     *
     * @param activation               the nonlinearity (the paper: hard tanh)
     * @param widths                   k of Figs. 14 and 16
     * @param remainingDepths          remaining depths (hidden layers at and above the swept weights), ascending
     * @param weightVariance           sigma_w^2 of Figs. 14 and 15
     * @param transitionsWeightVariance sigma_w^2 of Fig. 16
     * @param layerWidth               k of Fig. 15
     * @param sweptLayers              the layers swept in Fig. 15 (1 = the first layer's weights)
     * @param biasVariance             sigma_b^2
     * @param inputs                   s, the labelled inputs (1 .. 63)
     * @param inputDimension           m
     * @param networks                 networks (and sweeps) per point
     * @param maxFlips                 a series stops deepening after a point with this many flips
     * @param initialSamples           equally spaced angles each sweep starts from
     * @param maxSamples               the most angles one sweep may evaluate
     */
    public record Settings(Activation activation, List<Integer> widths, List<Integer> remainingDepths,
                           double weightVariance, double transitionsWeightVariance, int layerWidth,
                           List<Integer> sweptLayers, double biasVariance, int inputs, int inputDimension,
                           int networks, long maxFlips, int initialSamples, long maxSamples) {

        public Settings {
            java.util.Objects.requireNonNull(activation, "activation");
            widths = List.copyOf(new LinkedHashSet<>(widths));
            remainingDepths = List.copyOf(new TreeSet<>(remainingDepths));
            sweptLayers = List.copyOf(new TreeSet<>(sweptLayers));
            if (widths.isEmpty() || remainingDepths.isEmpty() || sweptLayers.isEmpty()) {
                throw new IllegalArgumentException("widths, remaining depths and swept layers need a value each");
            }
            if (remainingDepths.get(0) < 1 || sweptLayers.get(0) < 1) {
                throw new IllegalArgumentException("remaining depths and swept layers must be at least 1");
            }
            if (inputs < 1 || inputs > 63) {
                throw new IllegalArgumentException("inputs must be in 1 .. 63, got " + inputs);
            }
            if (inputDimension < 1 || networks < 1 || maxFlips < 1) {
                throw new IllegalArgumentException("input dimension, networks and max flips must be at least 1");
            }
            if (initialSamples < 2 || maxSamples < initialSamples) {
                throw new IllegalArgumentException("need 2 <= initial samples <= max samples");
            }
            for (int k : widths) {
                new NetConfig(activation, k, weightVariance, biasVariance);
                new NetConfig(activation, k, transitionsWeightVariance, biasVariance);
            }
            new NetConfig(activation, layerWidth, weightVariance, biasVariance);
        }

        /**
         * The paper's settings: hard tanh, s = 15 random inputs, sigma_b = 0; Fig. 14 k = 2, 8, 32, 128, 512 at
         * sigma_w^2 = 8; Fig. 15 k = 128, swept layers 1, 4, 8, 12; Fig. 16 sigma_w^2 = 16; remaining depths 1, 3,
         * ..., 17; 2 networks per point; a series stops after 5 x 10^4 flips; inputs in R^100 (the paper does not
         * say); sweeps from 1000 angles, at most 2^22.
         */
        public static Settings full() {
            return new Settings(Activation.HARD_TANH, List.of(2, 8, 32, 128, 512), List.of(1, 3, 5, 7, 9, 11, 13, 15,
                    17), 8.0, 16.0, 128, List.of(1, 4, 8, 12), 0.0, 15, 100, 2, 50_000, 1000, 1L << 22);
        }

        /** About a minute on 2 cores: k = 2, 8, 32, remaining depths 1 .. 9 (odd), layers 1, 3, 5 at k = 32. */
        public static Settings quick() {
            return new Settings(Activation.HARD_TANH, List.of(2, 8, 32), List.of(1, 3, 5, 7, 9), 8.0, 16.0, 32,
                    List.of(1, 3, 5), 0.0, 15, 100, 2, 5_000, 1000, 1L << 22);
        }
    }

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
    public record Result(Settings settings, List<Point> points, long[] walkSteps, double[] walkMeans) {

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

    /** Runs the experiment, appending metrics as it goes, then writes the plots and the summary. */
    public Result run(RunContext context, Settings settings) {
        Result result;
        try (MetricsCsv metrics = context.run().metrics(COLUMNS)) {
            result = compute(context.seed(), settings, metrics);
        }
        plot(context, result);
        context.run().writeSummary(summary(result));
        return result;
    }

    /** The sweeps; each point's rows are appended to {@code metrics} (may be null) once measured. */
    public Result compute(long seed, Settings s, MetricsCsv metrics) {
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
    private static List<Point> series(long seed, Settings s, String part, NetConfig c, int layer,
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

    private static void plot(RunContext context, Result r) {
        Settings s = r.settings();
        double all = Math.pow(2, s.inputs());
        double minDepth = s.remainingDepths().stream().mapToInt(Integer::intValue).min().orElseThrow();
        double maxDepth = s.remainingDepths().stream().mapToInt(Integer::intValue).max().orElseThrow();

        Plots.LinePlot byDepth = Plots.line(String.format(Locale.ROOT, "Fig. 14 (a): dichotomies vs remaining depth, "
                        + "first layer swept, sigma_w^2 = %s, s = %d", MarkdownTable.format(s.weightVariance()),
                s.inputs()), "remaining depth", "unique dichotomies").logY();
        for (int k : s.widths()) {
            List<Point> ps = r.part("depth").stream().filter(p -> p.config().width() == k).toList();
            addPoints(byDepth, "k = " + k, ps, p -> (double) p.remainingDepth());
        }
        byDepth.theory("all 2^s dichotomies", new double[] {minDepth, maxDepth}, new double[] {all, all});
        byDepth.save(context.run().plot("dichotomies-vs-remaining-depth"));

        Plots.LinePlot byWidth = Plots.line(String.format(Locale.ROOT, "Fig. 14 (b): dichotomies vs width, "
                + "sigma_w^2 = %s, s = %d", MarkdownTable.format(s.weightVariance()), s.inputs()), "width k",
                "unique dichotomies").logY();
        for (int dr : s.remainingDepths()) {
            List<Point> ps = r.part("depth").stream().filter(p -> p.remainingDepth() == dr).toList();
            addPoints(byWidth, "remaining depth " + dr, ps, p -> (double) p.config().width());
        }
        byWidth.save(context.run().plot("dichotomies-vs-width"));

        Plots.LinePlot byLayer = Plots.line(String.format(Locale.ROOT, "Fig. 15: dichotomies vs remaining depth, "
                        + "k = %d, sigma_w^2 = %s, s = %d", s.layerWidth(), MarkdownTable.format(s.weightVariance()),
                s.inputs()), "remaining depth", "unique dichotomies").logY();
        for (int layer : s.sweptLayers()) {
            List<Point> ps = r.part("layer").stream().filter(p -> p.sweptLayer() == layer).toList();
            addPoints(byLayer, "layer swept = " + layer, ps, p -> (double) p.remainingDepth());
        }
        byLayer.theory("all 2^s dichotomies", new double[] {minDepth, maxDepth}, new double[] {all, all});
        byLayer.save(context.run().plot("dichotomies-vs-remaining-depth-by-layer"));

        Plots.LinePlot byFlips = Plots.line(String.format(Locale.ROOT, "Fig. 16: dichotomies vs transitions, "
                        + "sigma_w^2 = %s, s = %d (each point a depth)",
                MarkdownTable.format(s.transitionsWeightVariance()), s.inputs()), "transitions (label flips)",
                "unique dichotomies").logX().logY();
        for (int k : s.widths()) {
            List<Point> ps = r.part("transitions").stream().filter(p -> p.config().width() == k && p.flips() > 0)
                    .toList();
            addPoints(byFlips, "k = " + k, ps, Point::flips);
        }
        double[][] walk = Stats.positive(Arrays.stream(r.walkSteps()).asDoubleStream().toArray(), r.walkMeans());
        double[][] walkPositive = Stats.positive(walk[1], walk[0]);
        if (walkPositive[0].length > 1) {
            byFlips.theory("random walk", walkPositive[1], walkPositive[0]);
            double hi = walkPositive[1][walkPositive[1].length - 1];
            byFlips.theory("all 2^s dichotomies", new double[] {walkPositive[1][0], hi}, new double[] {all, all});
        }
        byFlips.save(context.run().plot("dichotomies-vs-transitions"));
    }

    private static void addPoints(Plots.LinePlot plot, String name, List<Point> ps,
                                  java.util.function.ToDoubleFunction<Point> x) {
        double[] xs = ps.stream().mapToDouble(x).toArray();
        double[] ys = ps.stream().mapToDouble(Point::dichotomies).toArray();
        double[][] p = Stats.positive(xs, ys);
        if (p[0].length > 0) {
            plot.series(name, p[0], p[1]);
        }
    }

    // ---------------------------------------------------------------------------------------------- summary

    static String summary(Result r) {
        Settings s = r.settings();
        long all = 1L << s.inputs();
        StringBuilder sb = new StringBuilder("# Dichotomies under a weight sweep (Figs. 14-16)\n\n");
        sb.append(String.format(Locale.ROOT, "%s networks, weights N(0, sigma_w^2 / fan_in), biases N(0, sigma_b^2 = "
                        + "%s), input dimension %d. The weights W of one layer move along the great circle W(t) = "
                        + "cos(t) W0 + sin(t) W1, t in [0, 2 pi), W1 drawn like W0; s = %d fixed N(0, 1) inputs are "
                        + "labelled by the sign of a linear readout on the last hidden layer; a dichotomy is a "
                        + "distinct labelling (at most 2^s = %d), a transition a label flip. Remaining depth = hidden "
                        + "layers at and above the swept weights. %d network(s) per point; a series stops deepening "
                        + "after a point with %s flips. Random-walk baseline: mean of %d walks flipping one uniformly "
                        + "chosen label per step.%n%n", s.activation().id(), MarkdownTable.format(s.biasVariance()),
                s.inputDimension(), s.inputs(), all, s.networks(), MarkdownTable.format(s.maxFlips()), WALKS));
        MarkdownTable t = new MarkdownTable("figure", "k", "sigma_w^2", "swept layer", "remaining depth",
                "dichotomies", "flips", "random walk", "network / walk", "resolved", "s");
        for (Point p : r.points()) {
            double walk = r.walk(p.flips());
            t.row(figure(p.part()), p.config().width(), MarkdownTable.format(p.config().weightVariance()),
                    p.sweptLayer(), p.remainingDepth(), MarkdownTable.format(p.dichotomies()),
                    MarkdownTable.format(p.flips()), MarkdownTable.format(walk),
                    decimal(p.dichotomies() / walk), p.resolved() ? "yes" : "NO",
                    String.format(Locale.ROOT, "%.1f", p.seconds()));
        }
        sb.append("## Paper says / we measure\n\n");
        sb.append(depthLine(r)).append(widthLine(r)).append(layerLine(r)).append(walkLine(r));
        if (!r.allResolved()) {
            sb.append("\n**Warning:** some sweeps hit their sample limit with neighbouring angles still differing in "
                    + "two or more labels (\"resolved\" = NO): their flips may be undercounted.\n");
        } else {
            sb.append("\nResolution: every sweep was refined until neighbouring angles differ in at most one label.\n");
        }
        sb.append("\n## All points\n\n").append(t.render());
        sb.append("\nPlots: plots/dichotomies-vs-remaining-depth.png (Fig. 14a), plots/dichotomies-vs-width.png "
                + "(Fig. 14b), plots/dichotomies-vs-remaining-depth-by-layer.png (Fig. 15), "
                + "plots/dichotomies-vs-transitions.png (Fig. 16).\n");
        return sb.toString();
    }

    private static String figure(String part) {
        return switch (part) {
            case "depth" -> "14";
            case "layer" -> "15";
            default -> "16";
        };
    }

    private static String depthLine(Result r) {
        Settings s = r.settings();
        long all = 1L << s.inputs();
        List<String> parts = new ArrayList<>();
        for (int k : s.widths()) {
            List<Point> ps = r.part("depth").stream().filter(p -> p.config().width() == k).toList();
            if (ps.size() < 2) {
                continue;
            }
            Point first = ps.get(0);
            Point last = ps.get(ps.size() - 1);
            // Growth per layer while far from saturation (below 2^s / 4).
            List<Point> unsaturated = ps.stream().filter(p -> p.dichotomies() < all / 4.0).toList();
            Stats.Line line = Stats.fit(unsaturated.stream().mapToDouble(Point::remainingDepth).toArray(),
                    Stats.log(unsaturated.stream().mapToDouble(Point::dichotomies).toArray()));
            parts.add(String.format(Locale.ROOT, "k = %d: %s at remaining depth %d, %s at %d (x%s per layer below "
                            + "2^s/4)", k, MarkdownTable.format(first.dichotomies()), first.remainingDepth(),
                    MarkdownTable.format(last.dichotomies()), last.remainingDepth(),
                    decimal(Math.exp(line.slope()))));
        }
        return "- **Fig. 14 (a), remaining depth.** Paper: dichotomies increase exponentially with the depth of the "
                + "architecture (first layer swept). We measure: " + String.join("; ", parts) + ".\n";
    }

    private static String widthLine(Result r) {
        Settings s = r.settings();
        if (s.widths().size() < 2) {
            return "";
        }
        int kMin = s.widths().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int kMax = s.widths().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<String> parts = new ArrayList<>();
        for (int dr : s.remainingDepths()) {
            Point lo = find(r, "depth", kMin, dr);
            Point hi = find(r, "depth", kMax, dr);
            if (lo != null && hi != null) {
                parts.add(String.format(Locale.ROOT, "remaining depth %d: x%s", dr,
                        decimal(hi.dichotomies() / lo.dichotomies())));
            }
        }
        return String.format(Locale.ROOT, "- **Fig. 14 (b), width.** Paper: a much slower increase with width. We "
                + "measure: from k = %d to k = %d the dichotomies change by %s.%n", kMin, kMax,
                parts.isEmpty() ? "(no depth measured at both widths)" : String.join(", ", parts));
    }

    private static String layerLine(Result r) {
        Settings s = r.settings();
        List<String> parts = new ArrayList<>();
        double worst = 1;
        for (int dr : s.remainingDepths()) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = 0;
            int count = 0;
            for (int layer : s.sweptLayers()) {
                Point p = r.part("layer").stream().filter(q -> q.sweptLayer() == layer && q.remainingDepth() == dr)
                        .findFirst().orElse(null);
                if (p != null && p.dichotomies() > 0) {
                    lo = Math.min(lo, p.dichotomies());
                    hi = Math.max(hi, p.dichotomies());
                    count++;
                }
            }
            if (count >= 2) {
                parts.add(dr + ": " + MarkdownTable.format(lo) + "-" + MarkdownTable.format(hi));
                worst = Math.max(worst, hi / lo);
            }
        }
        Point deepest = r.part("layer").stream().filter(p -> p.sweptLayer() == s.sweptLayers().get(0))
                .reduce((a, b) -> b).orElse(null);
        String spread = deepest == null ? "" : String.format(Locale.ROOT, " For comparison, one more remaining layer "
                + "multiplies them by about %s at k = %d.", decimal(layerFactor(r)),
                s.layerWidth());
        return String.format(Locale.ROOT, "- **Fig. 15, which layer is swept.** Paper: the number of dichotomies "
                + "depends only on the remaining depth, not on the total depth. We measure (range over swept layers "
                + "%s, by remaining depth): %s; largest max/min ratio %s.%s%n", s.sweptLayers(),
                parts.isEmpty() ? "-" : String.join("; ", parts), decimal(worst), spread);
    }

    /** Mean ratio of consecutive points (per remaining-depth step) of the first swept layer's series, unsaturated. */
    private static double layerFactor(Result r) {
        Settings s = r.settings();
        long all = 1L << s.inputs();
        List<Point> ps = r.part("layer").stream().filter(p -> p.sweptLayer() == s.sweptLayers().get(0)
                && p.dichotomies() < all / 4.0).toList();
        Stats.Line line = Stats.fit(ps.stream().mapToDouble(Point::remainingDepth).toArray(),
                Stats.log(ps.stream().mapToDouble(Point::dichotomies).toArray()));
        return Math.exp(line.slope());
    }

    private static String walkLine(Result r) {
        List<Point> ps = r.part("transitions").stream().filter(p -> p.flips() > 0).toList();
        if (ps.isEmpty()) {
            return "";
        }
        double[] ratios = ps.stream().mapToDouble(p -> p.dichotomies() / r.walk(p.flips())).toArray();
        long above = Arrays.stream(ratios).filter(x -> x > 1).count();
        double[] x = Stats.log(ps.stream().mapToDouble(Point::flips).toArray());
        long all = 1L << r.settings().inputs();
        List<Point> unsat = ps.stream().filter(p -> p.dichotomies() < all / 4.0).toList();
        Stats.Line line = Stats.fit(Stats.log(unsat.stream().mapToDouble(Point::flips).toArray()),
                Stats.log(unsat.stream().mapToDouble(Point::dichotomies).toArray()));
        return String.format(Locale.ROOT, "- **Fig. 16, dichotomies vs transitions.** Paper: dichotomies track the "
                + "number of transitions (proportionality of transitions to trajectory length extends to "
                + "dichotomies), compared with a random walk that flips one random label per transition. We measure "
                + "(%d points, sigma_w^2 = %s): log-log slope of dichotomies against flips %s below 2^s/4 "
                + "(1 = proportional); network / random walk at the same flips between %s and %s (median %s); "
                + "%d of %d points above the random walk.%n", x.length,
                MarkdownTable.format(r.settings().transitionsWeightVariance()),
                decimal(line.slope()), decimal(
                        Arrays.stream(ratios).min().orElseThrow()), decimal(
                        Arrays.stream(ratios).max().orElseThrow()), decimal(
                        Timings.median(ratios)), above, ratios.length);
    }

    private static Point find(Result r, String part, int width, int remainingDepth) {
        return r.part(part).stream().filter(p -> p.config().width() == width && p.remainingDepth() == remainingDepth)
                .findFirst().orElse(null);
    }
}
