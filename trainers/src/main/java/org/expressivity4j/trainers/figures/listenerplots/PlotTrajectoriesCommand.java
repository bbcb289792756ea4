package org.expressivity4j.trainers.figures.listenerplots;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.expressivity4j.dl4j.listeners.MemoryHistory;
import org.expressivity4j.dl4j.listeners.TrajectoryCharts;
import org.expressivity4j.dl4j.listeners.TrajectoryMetric;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plot-trajectories}: the plots of a {@code TrajectoryListener}'s CSV file, made on demand: trajectory length
 * by layer with one line per recorded iteration (Raghu et al. 2017, Fig. 8) and each layer's sigma_w^2 over training
 * (Fig. 9), with a table of the first and last recorded lengths. The plots are the library's own
 * ({@link TrajectoryCharts}, what a user of {@code dl4j-layers} calls without this command line).
 */
@Command(name = "plot-trajectories",
        description = "Plots a trajectory listener's CSV file (TrajectoryListener, csv sink): trajectory length by "
                + "layer, one line per recorded iteration, log scale (the paper's Fig. 8), and sigma_w^2 = fan_in "
                + "Var(W) of each layer over training (Fig. 9).",
        mixinStandardHelpOptions = true)
public final class PlotTrajectoriesCommand extends ExperimentCommand {

    @Option(names = "--csv", paramLabel = "FILE", required = true,
            description = "The CSV file a TrajectoryListener wrote (columns iteration,epoch,layer,name,type,metric,"
                    + "value), holding one training run: a file with several runs (iterations that start again or "
                    + "repeat) is refused, naming where the second run starts.")
    Path csv;

    @Option(names = "--title", paramLabel = "TEXT", description = "Plot title. Default: the file's name.")
    String title;

    private MemoryHistory history;

    /**
     * Reads the file: one that is missing, not text, malformed, empty, holds more than one run or no finite length
     * is a usage error.
     */
    @Override
    protected void validate() {
        if (!Files.isRegularFile(csv)) {
            throw usage("--csv " + csv + " is not a file");
        }
        try {
            history = MemoryHistory.fromCsv(csv);
        } catch (UncheckedIOException e) {
            throw usage(e.getCause() instanceof java.nio.charset.CharacterCodingException
                    ? "--csv " + csv + " is not a text file (UTF-8): give the CSV file a trajectory listener wrote"
                    : "--csv: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw usage("--csv: " + e.getMessage());
        }
        if (history.iterations().isEmpty()) {
            throw usage("--csv " + csv + " has no records");
        }
        if (history.records().stream().noneMatch(r -> r.metric() == TrajectoryMetric.LENGTH
                && Double.isFinite(r.value()))) {
            throw usage("--csv " + csv + ": none of its lengths is finite (" + history.size() + " records, lengths "
                    + "NaN or infinite, e.g. from a training that diverged): nothing to plot");
        }
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        List<Long> iterations = history.iterations();
        String name = title != null ? title : csv.getFileName().toString();
        boolean lengths = TrajectoryCharts.lengthByLayer(history, name + ": trajectory length by layer",
                context.run().plot(TrajectoryCharts.LENGTH_BY_LAYER));
        boolean weights = TrajectoryCharts.weightScaleOverTraining(history, name + ": sigma_w^2 over training",
                context.run().plot(TrajectoryCharts.SIGMA_W2_OVER_TRAINING));

        long first = iterations.get(0);
        long last = iterations.get(iterations.size() - 1);
        MarkdownTable table = new MarkdownTable("layer", "name", "type", "length at " + first, "length at " + last,
                "last / first", "growth at " + last);
        for (MemoryHistory.Layer layer : history.layers()) {
            int i = layer.index();
            double a = history.value(first, i, TrajectoryMetric.LENGTH).orElse(Double.NaN);
            double b = history.value(last, i, TrajectoryMetric.LENGTH).orElse(Double.NaN);
            double g = history.value(last, i, TrajectoryMetric.GROWTH).orElse(Double.NaN);
            table.row(i, layer.name(), layer.type(), a, b, b / a, Double.isNaN(g) ? "-" : MarkdownTable.format(g));
        }
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "# Trajectory lengths: %s%n%n%d records, %d probes (iterations %d to %d), %d layers.%n%n", csv,
                history.size(), iterations.size(), first, last, history.layers().size()));
        summary.append(table.render());
        summary.append('\n');
        if (lengths) {
            summary.append("Plots: `plots/trajectory-length-by-layer.png`");
            summary.append(weights ? ", `plots/sigma-w2-over-training.png`.\n" : ".\n");
        }
        context.run().writeSummary(summary.toString());
        Map<String, Object> headline = new LinkedHashMap<>();
        headline.put("csv", csv.toAbsolutePath().toString());
        headline.put("probes", iterations.size());
        headline.put("last_iteration", last);
        return headline;
    }
}
