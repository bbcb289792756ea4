package org.expressivity4j.trainers.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.trainers.options.DatasetConverter;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code data-info}: where each dataset is, verified checksums, counts, class histograms, pixel statistics. */
@Command(name = "data-info",
        description = "Check the data set-up: for MNIST and CIFAR-10, where each was found (or download it), verify "
                + "every file's checksum, and show counts, class histograms and pixel statistics.",
        mixinStandardHelpOptions = true)
public final class DataInfoCommand extends ExperimentCommand {

    @Option(names = "--dataset", paramLabel = "NAME", split = ",", defaultValue = "mnist,cifar10",
            converter = DatasetConverter.class,
            description = "Datasets to check: mnist, cifar10 (comma-separated). Default: ${DEFAULT-VALUE}.")
    List<Dataset> datasets;

    @Override
    protected Map<String, Object> run(RunContext context) {
        DataInfoExperiment.Result result = new DataInfoExperiment().run(context,
                datasets.stream().distinct().toList());
        Map<String, Object> headline = new LinkedHashMap<>();
        for (DataInfoExperiment.DatasetInfo info : result.datasets()) {
            headline.put(info.dataset().id(), info.ok()
                    ? Map.of("train", info.train().count(), "test", info.test().count(), "location", info.location())
                    : Map.of("error", info.error()));
        }
        if (!result.allOk()) {
            StringBuilder message = new StringBuilder("not every dataset is available (details in ")
                    .append(context.run().file("summary.md")).append("):");
            result.datasets().stream().filter(i -> !i.ok())
                    .forEach(i -> message.append("\n").append(i.error()));
            throw new IllegalStateException(message.toString());
        }
        return headline;
    }
}
