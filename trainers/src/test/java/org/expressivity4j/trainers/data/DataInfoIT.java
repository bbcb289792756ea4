package org.expressivity4j.trainers.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.RealData;
import org.expressivity4j.trainers.CliTest;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data-info on the real datasets (needs EXPRESSIVITY4J_DATA; skipped otherwise). */
class DataInfoIT {

    @TempDir
    Path tmp;

    @Test
    void reportsBothRealDatasets() throws Exception {
        RealData.locateOrSkip(Dataset.MNIST, "DataInfoIT");
        RealData.locateOrSkip(Dataset.CIFAR10, "DataInfoIT");
        Path out = tmp.resolve("run");
        CliTest.Outcome o = CliTest.run("data-info", "--offline", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("| train | 60000"), o.out());
        assertTrue(o.out().contains("| train | 50000"), o.out());
        assertEquals("completed", RunDirectory.readManifest(out).status());
        List<MetricsCsv.Row> rows = MetricsCsv.read(out.resolve("metrics.csv"), 2);
        assertTrue(rows.contains(new MetricsCsv.Row(List.of("mnist", "test"), 0, "", "examples", 10000)));
        assertTrue(rows.contains(new MetricsCsv.Row(List.of("cifar10", "train"), 0, "", "class_count_frog", 5000)));
        assertTrue(Files.size(out.resolve("plots/cifar10-class-histogram.png")) > 1000);
    }
}
