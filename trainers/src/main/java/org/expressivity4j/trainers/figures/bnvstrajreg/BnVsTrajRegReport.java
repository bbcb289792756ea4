package org.expressivity4j.trainers.figures.bnvstrajreg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.expressivity4j.dl4j.listeners.MemoryHistory;
import org.expressivity4j.dl4j.listeners.TrajectoryMetric;
import org.expressivity4j.dl4j.listeners.TrajectoryRecord;
import org.expressivity4j.trainers.figures.bnvstrajreg.BnVsTrajRegExperiment.Variant;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.report.TrajectoryPlots;
import org.expressivity4j.trainers.run.RunDirectory;
import org.expressivity4j.trainers.shared.Timings;
import org.expressivity4j.trainers.training.TrainingData;

/**
 * The plots and summary of a {@code bn-vs-trajreg} run, made from its metrics rows (so a resumed run reports every
 * attempt's numbers): Fig. 11 (test accuracy vs step, a line per variant), Figs. 8 and 10 (trajectory length by
 * layer, a line per probe, for each variant), Fig. 9 (each layer's sigma_w^2 over training, for each variant), and a
 * table of final and best accuracy, time per step and per inference, beside the paper's reading.
 */
public final class BnVsTrajRegReport {

    private BnVsTrajRegReport() {
    }

    /** One variant's numbers, read from the rows. */
    record Curves(TreeMap<Long, Double> testAccuracy, TreeMap<Long, Double> stepMsBySegmentEnd, double inferenceMs) {

        List<Double> stepMs() {
            return List.copyOf(stepMsBySegmentEnd.values());
        }

        /**
         * Training (fit) minutes spent up to each step with a test accuracy: the sum over the segments before it of
         * steps x mean ms per step. Evaluation and probing are not counted.
         */
        TreeMap<Long, Double> trainingMinutesAt() {
            TreeMap<Long, Double> out = new TreeMap<>();
            double ms = 0;
            long previous = 0;
            for (Map.Entry<Long, Double> e : stepMsBySegmentEnd.entrySet()) {
                ms += (e.getKey() - previous) * e.getValue();
                previous = e.getKey();
                out.put(e.getKey(), ms / 60_000);
            }
            out.putIfAbsent(0L, 0.0);
            return out;
        }

        double finalAccuracy() {
            return testAccuracy.isEmpty() ? Double.NaN : testAccuracy.lastEntry().getValue();
        }

        Map.Entry<Long, Double> best() {
            Map.Entry<Long, Double> best = null;
            for (Map.Entry<Long, Double> e : testAccuracy.entrySet()) {
                if (best == null || e.getValue() > best.getValue()) {
                    best = e;
                }
            }
            return best;
        }

        double medianStepMs() {
            return stepMsBySegmentEnd.isEmpty() ? Double.NaN : Timings.median(stepMs());
        }
    }

    static Curves curves(List<MetricsCsv.Row> rows, Variant v) {
        TreeMap<Long, Double> accuracy = new TreeMap<>();
        TreeMap<Long, Double> stepMs = new TreeMap<>();
        double inference = Double.NaN;
        for (MetricsCsv.Row row : rows) {
            if (!row.run().get(0).equals(v.id()) || !row.layer().isEmpty()) {
                continue;
            }
            switch (row.metric()) {
                case "test_accuracy" -> accuracy.put(row.step(), row.value());
                case "step_ms" -> stepMs.put(row.step(), row.value());
                case "inference_ms_per_example" -> inference = row.value();
                default -> { }
            }
        }
        return new Curves(accuracy, stepMs, inference);
    }

    /** Writes the plots and summary.md; returns the headline numbers for the manifest. */
    public static Map<String, Object> write(RunDirectory run, BnVsTrajRegSettings settings,
                                            TrainingData data, List<MetricsCsv.Row> rows,
                                            BnVsTrajRegExperiment.Result result) {
        Map<Variant, Curves> curves = new LinkedHashMap<>();
        for (Variant v : settings.variants()) {
            curves.put(v, curves(rows, v));
        }
        Plots.LinePlot accuracyPlot = Plots.line("CIFAR-10 conv net: test accuracy during training (Fig. 11)",
                "training step", "test accuracy");
        for (Map.Entry<Variant, Curves> e : curves.entrySet()) {
            TreeMap<Long, Double> acc = e.getValue().testAccuracy();
            if (!acc.isEmpty()) {
                accuracyPlot.series(label(e.getKey()), acc.keySet().stream().mapToDouble(Long::doubleValue).toArray(),
                        acc.values().stream().mapToDouble(Double::doubleValue).toArray());
            }
        }
        accuracyPlot.save(run.plot("test-accuracy"));
        List<String> plots = new ArrayList<>(List.of("`plots/test-accuracy.png` (Fig. 11)"));
        Plots.LinePlot timePlot = Plots.line("CIFAR-10 conv net: test accuracy against training time",
                "training time (minutes of fit, evaluation excluded)", "test accuracy");
        boolean anyTime = false;
        for (Map.Entry<Variant, Curves> e : curves.entrySet()) {
            TreeMap<Long, Double> minutes = e.getValue().trainingMinutesAt();
            List<double[]> points = new ArrayList<>();
            e.getValue().testAccuracy().forEach((step, acc) -> {
                Double m = minutes.get(step);
                if (m != null) {
                    points.add(new double[] {m, acc});
                }
            });
            if (points.size() > 1) {
                timePlot.series(label(e.getKey()), points.stream().mapToDouble(q -> q[0]).toArray(),
                        points.stream().mapToDouble(q -> q[1]).toArray());
                anyTime = true;
            }
        }
        if (anyTime) {
            timePlot.save(run.plot("test-accuracy-vs-time"));
            plots.add("`plots/test-accuracy-vs-time.png` (the recipe's accuracy against training time)");
        }
        for (Variant v : settings.variants()) {
            MemoryHistory history = new MemoryHistory(result.trajectories().get(v));
            String figure = v == Variant.BATCH_NORM ? "Fig. 10" : v == Variant.NONE ? "Fig. 8" : "Figs. 8, 10";
            if (TrajectoryPlots.lengthByLayer(history, "Trajectory length by layer during training, " + label(v)
                    + " (" + figure + ")", run.plot("trajectory-length-" + v.id()))) {
                plots.add("`plots/trajectory-length-" + v.id() + ".png` (" + figure + ")");
            }
            if (TrajectoryPlots.weightScaleOverTraining(history, "sigma_w^2 = fan_in Var(W) during training, "
                    + label(v) + " (Fig. 9)", run.plot("sigma-w2-" + v.id()))) {
                plots.add("`plots/sigma-w2-" + v.id() + ".png` (Fig. 9)");
            }
        }

        StringBuilder md = new StringBuilder("# Batch norm vs trajectory regularization vs none (CIFAR-10 conv net)\n\n");
        md.append(String.format(Locale.ROOT, "Conv net (%s sizes) width x%s, sigma_w^2 = %s; %s; batch %d, %d "
                        + "epochs of %d training images (%d steps per variant), test accuracy on %d test images every "
                        + "%d steps, trajectory probe (%d points, quarter circle between two test images) every %d "
                        + "steps; trajectory regularization c = %s on the layer's %s length; seed %d. Same initial "
                        + "weights and minibatch order for every variant.%n%n",
                settings.sizes().equals(Architectures.ConvSizes.SVCCA) ? "SVCCA"
                        : settings.sizes().equals(Architectures.ConvSizes.TF_TUTORIAL) ? "TF tutorial"
                        : settings.sizes().toString(),
                MarkdownTable.format(settings.width()), MarkdownTable.format(settings.sigmaW2()),
                settings.recipe().describe(), settings.batch(), settings.epochs(),
                data.train().count(), result.stepsPerVariant(), data.test().count(), settings.evalEvery(),
                settings.probePoints(), settings.probeEvery(), MarkdownTable.format(settings.trajRegCoefficient()),
                settings.trajRegPenalized().name().toLowerCase(Locale.ROOT), settings.seed()));
        double noneStep = curves.containsKey(Variant.NONE) ? curves.get(Variant.NONE).medianStepMs() : Double.NaN;
        MarkdownTable table = new MarkdownTable("variant", "final test accuracy", "best test accuracy",
                "at step", "ms / training step (median)", "step time / none", "inference ms / example");
        Map<String, Object> headline = new LinkedHashMap<>();
        for (Map.Entry<Variant, Curves> e : curves.entrySet()) {
            Curves c = e.getValue();
            Map.Entry<Long, Double> best = c.best();
            table.row(label(e.getKey()), c.finalAccuracy(), best == null ? "-" : best.getValue(),
                    best == null ? "-" : best.getKey(), c.medianStepMs(),
                    Double.isNaN(noneStep) ? "-" : c.medianStepMs() / noneStep,
                    c.inferenceMs());
            headline.put(e.getKey().id(), Map.of("final_test_accuracy", c.finalAccuracy(), "best_test_accuracy",
                    best == null ? Double.NaN : best.getValue(), "ms_per_step", c.medianStepMs(),
                    "inference_ms_per_example", c.inferenceMs()));
        }
        md.append(table.render()).append('\n');
        md.append("Step time: the mean wall time of one `fit` over each segment of ").append(settings.evalEvery())
                .append(" steps, median over segments (the variants train in turns, segment by segment, so they "
                        + "share the machine's load alike); `bench trajreg-step` times them side by side more "
                        + "carefully.\n\n");

        md.append("## The paper's reading beside ours\n\n");
        MarkdownTable reading = new MarkdownTable("claim (Raghu et al. 2017)", "ours");
        reading.row("Fig. 11: trajectory regularization about as good as batch norm", comparison(curves,
                Variant.TRAJECTORY_REGULARIZATION, Variant.BATCH_NORM));
        reading.row("Fig. 11: both better than no normalization", comparison(curves, Variant.BATCH_NORM, Variant.NONE)
                + "; " + comparison(curves, Variant.TRAJECTORY_REGULARIZATION, Variant.NONE));
        reading.row("Fig. 8: training increases the trajectory length (no normalization; except at pooling and the "
                + "last fc layer)", trainingGrowthReading(result.trajectories().get(Variant.NONE)));
        reading.row("Fig. 9: training increases each layer's sigma_w^2 (no normalization)",
                weightScaleReading(result.trajectories().get(Variant.NONE)));
        reading.row("Fig. 10: batch norm layers shrink the trajectory", normReading(result.trajectories()
                .get(Variant.BATCH_NORM), "bn"));
        reading.row("Trajectory regularization layers shrink it too", normReading(result.trajectories()
                .get(Variant.TRAJECTORY_REGULARIZATION), "tr"));
        md.append(reading.render()).append('\n');

        md.append("## Trajectory length by layer, first and last probe\n\n");
        md.append(lengthTable(settings.variants(), result.trajectories())).append('\n');
        md.append("Plots: ").append(String.join(", ", plots)).append(".\n");
        run.writeSummary(md.toString());
        return headline;
    }

    private static String label(Variant v) {
        return switch (v) {
            case NONE -> "no normalization";
            case BATCH_NORM -> "batch norm";
            case TRAJECTORY_REGULARIZATION -> "trajectory regularization";
        };
    }

    private static String comparison(Map<Variant, Curves> curves, Variant a, Variant b) {
        if (!curves.containsKey(a) || !curves.containsKey(b) || curves.get(a).best() == null
                || curves.get(b).best() == null) {
            return "not run";
        }
        double fa = curves.get(a).finalAccuracy();
        double fb = curves.get(b).finalAccuracy();
        return String.format(Locale.ROOT, "%s %.4f vs %s %.4f final (%+.4f); best %.4f vs %.4f", label(a), fa,
                label(b), fb, fa - fb, curves.get(a).best().getValue(), curves.get(b).best().getValue());
    }

    /** Each weighted layer's sigma_w^2 at the first and the last probe. */
    private static String weightScaleReading(List<TrajectoryRecord> records) {
        if (records == null || records.isEmpty()) {
            return "not run";
        }
        MemoryHistory h = new MemoryHistory(records);
        List<Long> its = h.iterations();
        long first = its.get(0);
        long last = its.get(its.size() - 1);
        List<String> parts = new ArrayList<>();
        for (MemoryHistory.Layer layer : h.layers()) {
            OptionalDouble a = h.value(first, layer.index(), TrajectoryMetric.SIGMA_W2);
            OptionalDouble b = h.value(last, layer.index(), TrajectoryMetric.SIGMA_W2);
            if (a.isPresent() && b.isPresent()) {
                parts.add(String.format(Locale.ROOT, "%s %.3g -> %.3g", layer.name(), a.getAsDouble(),
                        b.getAsDouble()));
            }
        }
        return "step " + first + " -> " + last + ": " + String.join(", ", parts);
    }

    /** Each weighted layer's length at the last probe over its length at the first. */
    private static String trainingGrowthReading(List<TrajectoryRecord> records) {
        if (records == null || records.isEmpty()) {
            return "not run";
        }
        MemoryHistory h = new MemoryHistory(records);
        List<Long> its = h.iterations();
        if (its.size() < 2) {
            return "one probe only";
        }
        long first = its.get(0);
        long last = its.get(its.size() - 1);
        List<String> parts = new ArrayList<>();
        for (MemoryHistory.Layer layer : h.layers()) {
            if (layer.name().matches("c\\d|fc\\d")) {
                double a = h.value(first, layer.index(), TrajectoryMetric.LENGTH).orElse(Double.NaN);
                double b = h.value(last, layer.index(), TrajectoryMetric.LENGTH).orElse(Double.NaN);
                parts.add(String.format(Locale.ROOT, "%s %.3g", layer.name(), b / a));
            }
        }
        return "length at step " + last + " / at step " + first + ": " + String.join(", ", parts);
    }

    /** Growth (output length / input length) of the normalization layers at the last probe. */
    private static String normReading(List<TrajectoryRecord> records, String prefix) {
        if (records == null || records.isEmpty()) {
            return "not run";
        }
        MemoryHistory h = new MemoryHistory(records);
        long last = h.iterations().get(h.iterations().size() - 1);
        List<String> parts = new ArrayList<>();
        for (MemoryHistory.Layer layer : h.layers()) {
            if (layer.name().startsWith(prefix)) {
                h.value(last, layer.index(), TrajectoryMetric.GROWTH).ifPresent(g ->
                        parts.add(String.format(Locale.ROOT, "%s %.3g", layer.name(), g)));
            }
        }
        return "growth (out / in length) at step " + last + ": " + String.join(", ", parts);
    }

    /** The normalization layers share a row: bn1 and tr1 sit in the same place. */
    private static String row(String name) {
        return name.matches("(bn|tr)\\d") ? "bn" + name.substring(2) + " / tr" + name.substring(2) : name;
    }

    /**
     * Trajectory length by layer (rows, in network order; bnK and trK share a row) at each variant's first and last
     * probe (columns).
     */
    private static String lengthTable(List<Variant> variants, Map<Variant, List<TrajectoryRecord>> trajectories) {
        Map<Variant, MemoryHistory> histories = new LinkedHashMap<>();
        for (Variant v : variants) {
            List<TrajectoryRecord> records = trajectories.get(v);
            if (records != null && !records.isEmpty()) {
                histories.put(v, new MemoryHistory(records));
            }
        }
        if (histories.isEmpty()) {
            return "No probes recorded.\n";
        }
        // Rows: the layers of the network with the most (one with normalization layers, if any), in order.
        MemoryHistory widest = histories.values().stream().max((a, b) -> a.layers().size() - b.layers().size())
                .orElseThrow();
        List<String> rows = widest.layers().stream().map(l -> row(l.name())).toList();
        List<String> headers = new ArrayList<>(List.of("layer"));
        List<List<Object>> cells = new ArrayList<>();
        for (String r : rows) {
            cells.add(new ArrayList<>(List.of(r)));
        }
        for (Map.Entry<Variant, MemoryHistory> e : histories.entrySet()) {
            MemoryHistory h = e.getValue();
            List<Long> its = h.iterations();
            for (long it : its.size() > 1 ? List.of(its.get(0), its.get(its.size() - 1)) : its) {
                headers.add(label(e.getKey()) + ", step " + it);
                Map<String, Double> byRow = new LinkedHashMap<>();
                for (MemoryHistory.Layer layer : h.layers()) {
                    h.value(it, layer.index(), TrajectoryMetric.LENGTH).ifPresent(v -> byRow.put(row(layer.name()), v));
                }
                for (int i = 0; i < rows.size(); i++) {
                    Double v = byRow.get(rows.get(i));
                    cells.get(i).add(v == null ? "" : v);
                }
            }
        }
        MarkdownTable table = new MarkdownTable(headers.toArray(String[]::new));
        for (List<Object> c : cells) {
            table.row(c.toArray());
        }
        return table.render();
    }
}
