package org.expressivity4j.trainers.bench.dataload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.LocatedDataset;
import org.expressivity4j.trainers.options.DatasetConverter;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
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

    @Option(names = "--rounds", paramLabel = "N", converter = Ranges.Count.class,
            description = "Counted rounds (after one uncounted warm-up round). Default: 5, or 2 with --quick.")
    Integer rounds;

    @Override
    protected Map<String, Object> run(RunContext context) throws Exception {
        int n = rounds != null ? rounds : context.quick() ? 2 : 5;
        Map<Dataset, DataLoadBenchmark.Result> results = new LinkedHashMap<>();
        for (Dataset dataset : datasets) {
            LocatedDataset located = context.data().locate(dataset.spec());
            results.put(dataset, new DataLoadBenchmark().run(dataset, located, n));
        }
        return DataLoadBenchReport.write(context, results, n);
    }
}
