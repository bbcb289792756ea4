package org.expressivity4j.trainers.figures.noise;

import static org.expressivity4j.trainers.figures.noise.NoiseRobustnessExperiment.LayerResult;
import static org.expressivity4j.trainers.figures.noise.NoiseRobustnessExperiment.Result;
import static org.expressivity4j.trainers.figures.noise.NoiseRobustnessExperiment.magnitudeLabel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.expressivity4j.dl4j.noise.LayerWeightNoise;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.RankCorrelation;

/**
 * The report of {@link NoiseRobustnessExperiment}: its plots (plots/*.png) and its summary (summary.md), from the result.
 */
public final class NoiseRobustnessReport {

    private NoiseRobustnessReport() {
    }

    /** Writes the plots and summary.md of a run that {@link NoiseRobustnessExperiment} computed. */
    public static void write(RunContext context, NoiseRobustnessExperiment.Result result) {
        plot(context, result);
        context.run().writeSummary(summary(result));
    }

    static void plot(RunContext context, Result r) {
        double[] x = r.settings().magnitudes().stream().mapToDouble(Double::doubleValue).toArray();
        Integer[] order = java.util.stream.IntStream.range(0, x.length).boxed()
                .sorted((a, b) -> Double.compare(x[a], x[b])).toArray(Integer[]::new);
        double[] xs = Arrays.stream(order).mapToDouble(i -> x[i]).toArray();
        Plots.LinePlot plot = Plots.line(String.format(Locale.ROOT, "Fig. 6: %s test accuracy against noise in one "
                        + "layer (%s scale, %d seeds)", r.settings().dataset().id(), r.settings().scale().label(),
                r.settings().noiseSeeds()), "noise magnitude (" + (r.settings().scale()
                == LayerWeightNoise.Scale.RELATIVE ? "noise std / layer's weight std" : "noise std") + ")",
                "test accuracy");
        for (LayerResult l : r.layers()) {
            double[] mean = l.mean();
            double[] sd = l.sd();
            plot.series(String.format(Locale.ROOT, "lay%02d (%s)", l.position(), l.layer()), xs,
                    Arrays.stream(order).mapToDouble(i -> mean[i]).toArray(),
                    Arrays.stream(order).mapToDouble(i -> sd[i]).toArray());
        }
        plot.theory("chance", new double[] {xs[0], xs[xs.length - 1]},
                new double[] {1.0 / r.classes(), 1.0 / r.classes()});
        plot.save(context.run().plot("fig6-accuracy-vs-noise"));
    }
    static String summary(Result r) {
        NoiseRobustnessSettings s = r.settings();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# Noise robustness per layer (Fig. 6), %s%n%n", s.dataset().id()));
        sb.append("Network: ").append(r.modelSource()).append(".\n\n");
        sb.append(String.format(Locale.ROOT, "Clean test accuracy: %s on %d test examples (chance %s).%n%n",
                MarkdownTable.format(r.cleanAccuracy()), r.testExamples(), MarkdownTable.format(1.0 / r.classes())));
        sb.append(String.format(Locale.ROOT, "Noise: for each layer, magnitude m and seed, every weight of that layer "
                + "alone (not its biases) gets independent Gaussian noise of standard deviation %s; test accuracy is "
                + "measured and the weights are restored bit for bit. %d seeds; one noise direction per (layer, seed) "
                + "for all magnitudes. Cells: mean ± sample sd over seeds.%n%n", s.scale()
                == LayerWeightNoise.Scale.RELATIVE ? "m x (the layer's trained weight std)" : "m (absolute)",
                s.noiseSeeds()));
        List<String> headers = new ArrayList<>(List.of("layer", "paper", "weights", "weight std"));
        s.magnitudes().forEach(m -> headers.add("m = " + magnitudeLabel(m)));
        MarkdownTable table = new MarkdownTable(headers.toArray(String[]::new));
        for (LayerResult l : r.layers()) {
            List<Object> cells = new ArrayList<>(List.of(l.layer(), String.format(Locale.ROOT, "lay%02d",
                    l.position()), l.weights(), MarkdownTable.format(l.weightStd())));
            double[] mean = l.mean();
            double[] sd = l.sd();
            for (int i = 0; i < mean.length; i++) {
                cells.add(MarkdownTable.format(round(mean[i])) + " ± " + MarkdownTable.format(round(sd[i])));
            }
            table.row(cells.toArray());
        }
        sb.append(table.render()).append('\n');
        Optional<double[]> drops = r.drops(0.25);
        double[] halfway = r.halfwayMagnitudes();
        double[] position = r.layers().stream().mapToDouble(LayerResult::position).toArray();
        double largest = s.magnitudes().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        int largestIndex = s.magnitudes().indexOf(largest);
        double[] atLargest = r.layers().stream().mapToDouble(l -> l.mean()[largestIndex]).toArray();
        MarkdownTable robust = new MarkdownTable("layer", "accuracy drop at m = 0.25",
                "mean accuracy at m = " + magnitudeLabel(largest), "m where accuracy is halfway to chance");
        for (int i = 0; i < r.layers().size(); i++) {
            robust.row(r.layers().get(i).layer(), drops.isPresent() ? MarkdownTable.format(drops.get()[i])
                    : "n/a", MarkdownTable.format(round(atLargest[i])), Double.isNaN(halfway[i])
                    ? "> " + magnitudeLabel(largest) : MarkdownTable.format(halfway[i]));
        }
        sb.append(robust.render()).append('\n');
        double rhoDrop = drops.map(d -> RankCorrelation.spearman(position, d)).orElse(Double.NaN);
        double rhoLargest = RankCorrelation.spearman(position, atLargest);
        double[] halfwayFilled = Arrays.stream(halfway).map(h -> Double.isNaN(h) ? Double.MAX_VALUE : h).toArray();
        double rhoHalfway = RankCorrelation.spearman(position, halfwayFilled);
        sb.append(String.format(Locale.ROOT, "Spearman's rank correlation with the layer's position: drop at m = 0.25 "
                + "%s (the paper: negative, lower layers lose more), accuracy at m = %s %s (the paper: positive), "
                + "halfway magnitude %s (the paper: positive, higher layers stand more noise; layers never halfway "
                + "within the sweep rank highest; NaN when no layer gets there).%n%n",
                MarkdownTable.format(rhoDrop), magnitudeLabel(largest), MarkdownTable.format(rhoLargest),
                MarkdownTable.format(rhoHalfway)));
        sb.append("## The paper's reading beside ours\n\n");
        MarkdownTable paper = new MarkdownTable("", "paper (Fig. 6, CIFAR-10 conv net)", "this run");
        paper.row("accuracy without noise", "\"trained to high accuracy\"", MarkdownTable.format(r.cleanAccuracy()));
        for (int position1 : new int[] {1, 5}) {
            String label = String.format(Locale.ROOT, "accuracy drop, noise 0.25 on layer %d", position1);
            String theirs = position1 == 1 ? "about 0.7" : "about 0.02";
            int k = -1;
            for (int i = 0; i < r.layers().size(); i++) {
                if (r.layers().get(i).position() == position1) {
                    k = i;
                }
            }
            String ours = k < 0 ? "layer not perturbed" : drops.isEmpty() ? "0.25 not measured"
                    : MarkdownTable.format(drops.get()[k]) + " (" + r.layers().get(k).layer() + ")";
            paper.row(label, theirs, ours);
        }
        paper.row("drop at m = 0.25 against layer position (Spearman)", "decreasing", MarkdownTable.format(rhoDrop));
        paper.row("accuracy at m = " + magnitudeLabel(largest) + " against layer position (Spearman)",
                "increasing: \"the initial (lower) layers of the network are least robust to noise\"",
                MarkdownTable.format(rhoLargest));
        paper.row("noise scale", "\"noise of 0.25 magnitude\" (scale not stated)", s.scale()
                == LayerWeightNoise.Scale.RELATIVE ? "relative: std = m x the layer's weight std (the layers' "
                + "weight scales differ with their fan-in; relative noise perturbs each by the same fraction)"
                : "absolute: std = m");
        sb.append(paper.render()).append('\n');
        sb.append(String.format(Locale.ROOT, "This attempt took %.1f s.%s%n", r.seconds(), caching(r)));
        return sb.toString();
    }
    /** How the layers were measured in this attempt, e.g. " Cached: h1 (31.4 MB), ...; not cached: ...". */
    static String caching(Result r) {
        if (r.caching().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (LayerResult l : r.layers()) {
            String how = r.caching().get(l.layer());
            if (how != null) {
                parts.add(l.layer() + ": " + how);
            }
        }
        return " Per layer, the test examples' input to the noised layer was " + String.join("; ", parts)
                + " (cached or not, the numbers are the same).";
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
