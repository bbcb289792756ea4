package org.expressivity4j.trainers.bench.dataload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.LocatedDataset;
import org.expressivity4j.trainers.options.DatasetConverter;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Timings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench data-load}: loading a dataset against only decompressing its files. */
@Command(name = "data-load",
        description = "Time to load MNIST / CIFAR-10 (both splits, checksum-verified, into memory) against zcat of "
                + "the same files and a single-threaded Java inflate, alternating, medians over rounds.",
        mixinStandardHelpOptions = true)
public final class DataLoadBenchCommand extends ExperimentCommand {

    @Option(names = "--dataset", paramLabel = "NAME", split = ",", defaultValue = "mnist,cifar10",
            converter = DatasetConverter.class,
            description = "Datasets: mnist, cifar10. Default: ${DEFAULT-VALUE}.")
    List<Dataset> datasets;

    @Option(names = "--rounds", paramLabel = "N",
            description = "Counted rounds (after one uncounted warm-up round). Default: 5, or 2 with --quick.")
    Integer rounds;

    @Override
    protected void validate() {
        if (rounds != null && rounds < 1) {
            throw usage("--rounds must be at least 1");
        }
    }

    @Override
    protected Map<String, Object> run(RunContext context) throws Exception {
        int n = rounds != null ? rounds : context.quick() ? 2 : 5;
        MarkdownTable table = new MarkdownTable("dataset", "files", "zcat -f (s)", "Java inflate (s)",
                "load + verify (s)", "load / zcat", "load / inflate");
        Map<String, Object> headline = new LinkedHashMap<>();
        try (MetricsCsv metrics = context.run().metrics(List.of("dataset", "method"))) {
            for (Dataset dataset : datasets) {
                LocatedDataset located = context.data().locate(dataset.spec());
                DataLoadBenchmark.Result r = new DataLoadBenchmark().run(dataset, located, n);
                record(metrics, dataset, "zcat", r.zcatSeconds());
                record(metrics, dataset, "inflate", r.inflateSeconds());
                record(metrics, dataset, "load", r.loadSeconds());
                table.row(dataset.id(), r.files().size(), Timings.median(r.zcatSeconds()),
                        Timings.median(r.inflateSeconds()), Timings.median(r.loadSeconds()), r.ratioToZcat(),
                        r.ratioToInflate());
                headline.put(dataset.id() + "_load_over_zcat", r.ratioToZcat());
            }
        }
        context.run().writeSummary("# Dataset load time\n\n" + table.render() + String.format(Locale.ROOT,
                "%nMedians of %d rounds (after one warm-up round), alternating the three methods. \"load + verify\" "
                        + "reads both splits into memory and checks every file's SHA-256, with up to %d files read in "
                        + "parallel; zcat and the Java inflate are single-threaded.%n",
                n, java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1));
        return headline;
    }

    private static void record(MetricsCsv metrics, Dataset dataset, String method, List<Double> seconds) {
        for (int i = 0; i < seconds.size(); i++) {
            metrics.append(List.of(dataset.id(), method), i + 1, "", "seconds", seconds.get(i));
        }
    }
}
