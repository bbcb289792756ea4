package org.expressivity4j.trainers.figures.listenerplots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.expressivity4j.dl4j.listeners.CsvSink;
import org.expressivity4j.dl4j.listeners.ExistingRecords;
import org.expressivity4j.dl4j.listeners.TrajectoryMetric;
import org.expressivity4j.dl4j.listeners.TrajectoryRecord;
import org.expressivity4j.trainers.CliTest;
import org.expressivity4j.trainers.IsolatedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The trajectory listener's commands: {@code plot-trajectories} and {@code bench listener}. */
@ExtendWith(IsolatedData.class)
class TrajectoryListenerCliTest {

    @TempDir
    Path tmp;

    @Test
    void plotTrajectoriesDrawsTheListenersCsv() throws Exception {
        Path csv = tmp.resolve("trajectory.csv");
        List<TrajectoryRecord> records = new ArrayList<>();
        for (long it = 0; it <= 300; it += 100) {
            records.add(new TrajectoryRecord(it, 0, 0, "input", "Input", TrajectoryMetric.LENGTH, 10.0));
            records.add(new TrajectoryRecord(it, 0, 1, "h1", "DenseLayer", TrajectoryMetric.LENGTH, 12.0 + it));
            records.add(new TrajectoryRecord(it, 0, 1, "h1", "DenseLayer", TrajectoryMetric.GROWTH, 1.2 + it / 10.0));
            records.add(new TrajectoryRecord(it, 0, 1, "h1", "DenseLayer", TrajectoryMetric.SIGMA_W2, 1.0 + it / 1e3));
        }
        try (CsvSink sink = new CsvSink(csv)) {
            sink.accept(records);
        }
        Path out = tmp.resolve("run");
        CliTest.Outcome o = CliTest.run("plot-trajectories", "--csv", csv.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.size(out.resolve("plots/trajectory-length-by-layer.png")) > 1000);
        assertTrue(Files.size(out.resolve("plots/sigma-w2-over-training.png")) > 1000);
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("| 1     | h1") && summary.contains("length at 300"), summary);
    }

    @Test
    void plotTrajectoriesRefusesAFileWithTwoRuns() throws Exception {
        Path csv = tmp.resolve("trajectory.csv");
        try (CsvSink sink = new CsvSink(csv, ExistingRecords.APPEND)) {
            for (int run = 0; run < 2; run++) {
                for (long it = 0; it <= 200; it += 100) {
                    sink.accept(List.of(
                            new TrajectoryRecord(it, 0, 0, "input", "Input", TrajectoryMetric.LENGTH, 10.0),
                            new TrajectoryRecord(it, 0, 1, "h1", "DenseLayer", TrajectoryMetric.LENGTH, 12.0)));
                }
            }
        }
        Path out = tmp.resolve("run");
        CliTest.Outcome o = CliTest.run("plot-trajectories", "--csv", csv.toString(), "--out", out.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("holds 2 runs, not one: at record 7 (line 8) iteration 0 follows iteration 200"),
                o.err());
        assertFalse(Files.exists(out.resolve("summary.md")), "no plots or summary of mixed runs");
    }

    @Test
    void plotTrajectoriesWithoutAFileIsAUsageError() {
        CliTest.Outcome o = CliTest.run("plot-trajectories", "--csv", tmp.resolve("missing.csv").toString(), "--out",
                tmp.resolve("run").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("is not a file"), o.err());
    }

    @Test
    void benchListenerRunsWithATinyBudget() throws Exception {
        Path out = tmp.resolve("bench");
        CliTest.Outcome o = CliTest.run("bench", "listener", "--quick", "--no-convergence", "--rounds", "1",
                "--every", "3", "--points", "8", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("Training overhead") && summary.contains("Time per probe call"), summary);
        String metrics = Files.readString(out.resolve("metrics.csv"));
        assertTrue(metrics.contains("overhead,mlp,every 3,1,,overhead_percent,"), metrics);
        assertTrue(metrics.contains("probe,conv,8 points,1,,probe_ms,"), metrics);
    }
}
