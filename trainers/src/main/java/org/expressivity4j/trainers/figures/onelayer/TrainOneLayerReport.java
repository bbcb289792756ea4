package org.expressivity4j.trainers.figures.onelayer;

import static org.expressivity4j.trainers.figures.onelayer.TrainOneLayerExperiment.LayerResult;
import static org.expressivity4j.trainers.figures.onelayer.TrainOneLayerExperiment.Result;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.training.TrainingData;

/**
 * The report of {@link TrainOneLayerExperiment}: its plots (plots/*.png) and its summary (summary.md), from the result.
 */
public final class TrainOneLayerReport {

    private TrainOneLayerReport() {
    }

    /** Writes the plots and summary.md of a run that {@link TrainOneLayerExperiment} computed. */
    public static void write(RunContext context, TrainOneLayerExperiment.Result result, TrainingData data) {
        plot(context, result);
        context.run().writeSummary(summary(result, data));
    }

    static String figure(Dataset dataset) {
        return dataset == Dataset.MNIST ? "Fig. 7" : "Fig. 17";
    }
    static void plot(RunContext context, Result r) {
        String fig = figure(r.settings().dataset());
        String name = r.settings().dataset() == Dataset.MNIST ? "fig7" : "fig17";
        for (String which : List.of("train", "test")) {
            Plots.LinePlot plot = Plots.line(String.format(Locale.ROOT, "%s: %s accuracy against epoch, one layer "
                    + "trained (%s)", fig, which, r.settings().dataset().id()), "epoch", which + " accuracy");
            for (LayerResult layer : r.layers()) {
                double[] y = which.equals("train") ? layer.trainAccuracy() : layer.testAccuracy();
                double[] x = IntStream.range(0, y.length).mapToDouble(i -> i).toArray();
                plot.series("lay " + layer.depth() + " (" + layer.layer() + ")", x, y);
            }
            plot.save(context.run().plot(name + "-" + which + "-accuracy"));
        }
        double[] depth = r.layers().stream().mapToDouble(LayerResult::depth).toArray();
        Plots.line(fig + ": final accuracy by trained layer", "trained layer (hidden layer number)", "accuracy")
                .series("train", depth, r.layers().stream().mapToDouble(LayerResult::finalTrain).toArray())
                .series("test", depth, r.layers().stream().mapToDouble(LayerResult::finalTest).toArray())
                .save(context.run().plot("final-accuracy-by-layer"));
    }
    static String summary(Result r, TrainingData data) {
        TrainOneLayerSettings s = r.settings();
        String fig = figure(s.dataset());
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# Train one layer (%s), %s%n%n", fig, s.dataset().id()));
        sb.append(String.format(Locale.ROOT, "Network: %d inputs, %d hidden layers of %d hard-tanh units, softmax "
                        + "over %d classes; weights N(0, %s / fan_in), biases 0. Each layer below is trained alone "
                        + "(every other layer frozen at the same random initialization) with Adam (learning rate %s), "
                        + "batch %d, for %d epochs%s, on %d training examples in the same seeded order. Train accuracy "
                        + "is measured on %s, test accuracy on %d test examples. Inputs are standardized per "
                        + "channel with the full training set's mean and std.%n%n",
                data.train().featureSize(), s.hiddenLayers(), s.width(), data.train().numClasses(),
                MarkdownTable.format(s.sigmaW2()), MarkdownTable.format(s.learningRate()), s.batchSize(), s.epochs(),
                s.batchLimit() > 0 ? " of at most " + s.batchLimit() + " batches" : "", data.train().count(),
                data.trainEval() == data.train() ? "all of them" : "a fixed random subset of "
                        + data.trainEval().count(), data.test().count()));
        MarkdownTable table = new MarkdownTable("trained layer", "paper's name", "trained parameters",
                "train accuracy (epoch 0)", "final train accuracy", "final test accuracy", "best test accuracy");
        for (LayerResult l : r.layers()) {
            table.row(l.layer(), "lay " + l.depth(), l.trainedParameters(), l.trainAccuracy()[0], l.finalTrain(),
                    l.finalTest(), java.util.Arrays.stream(l.testAccuracy()).max().orElse(Double.NaN));
        }
        sb.append(table.render()).append('\n');
        sb.append(String.format(Locale.ROOT, "Spearman's rank correlation between the trained layer's depth and its "
                + "final accuracy: train %s, test %s (-1: accuracy falls strictly with depth).%n%n",
                MarkdownTable.format(r.rhoTrain()), MarkdownTable.format(r.rhoTest())));
        sb.append("## The paper's reading beside ours\n\n");
        MarkdownTable paper = new MarkdownTable("", "paper (" + fig + ")", "this run");
        LayerResult lowest = r.layers().get(0);
        LayerResult highest = r.layers().get(r.layers().size() - 1);
        paper.row("accuracy against the trained layer's depth", "decreasing: \"training lower hidden layers leads "
                + "to better performance\" (rho = -1)", "train rho " + MarkdownTable.format(r.rhoTrain())
                + ", test rho " + MarkdownTable.format(r.rhoTest()));
        paper.row("final train accuracy, lowest vs highest trained layer", "lowest layer clearly higher",
                MarkdownTable.format(lowest.finalTrain()) + " (" + lowest.layer() + ") vs "
                        + MarkdownTable.format(highest.finalTrain()) + " (" + highest.layer() + ")");
        paper.row("final test accuracy, lowest vs highest trained layer", s.dataset() == Dataset.MNIST
                        ? "lowest layer clearly higher" : "lower layers mostly higher; \"generalisation accuracy "
                        + "remains low\"",
                MarkdownTable.format(lowest.finalTest()) + " (" + lowest.layer() + ") vs "
                        + MarkdownTable.format(highest.finalTest()) + " (" + highest.layer() + ")");
        paper.row("epochs", "up to about 500 (the figure's x axis)", s.epochs());
        sb.append(paper.render()).append('\n');
        sb.append(String.format(Locale.ROOT, "This attempt took %.1f s (a resumed run counts only its last "
                + "attempt; epoch times are in metrics.csv as epoch_seconds).%n", r.seconds()));
        if (!r.caching().isEmpty()) {
            List<String> parts = new java.util.ArrayList<>();
            for (LayerResult l : r.layers()) {
                String how = r.caching().get(l.layer());
                if (how != null) {
                    parts.add(l.layer() + ": " + how);
                }
            }
            sb.append(String.format(Locale.ROOT, "%nThe outputs of the frozen layers below the trained one, per layer "
                    + "trained in this attempt: %s. Cached, they are computed once per data set and only the layers "
                    + "from the trained one up run in training; the numbers are those of the whole network up to the "
                    + "rounding of float32 matrix products (bit for bit with one example per batch).%n",
                    String.join("; ", parts)));
        }
        return sb.toString();
    }
}
