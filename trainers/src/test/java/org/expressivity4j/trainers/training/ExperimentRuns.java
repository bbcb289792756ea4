package org.expressivity4j.trainers.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.expressivity4j.datasets.DataLocator;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.Manifest;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.run.RunDirectory;

/** Run folders and contexts for experiment tests, and a stand-in for a kill. */
public final class ExperimentRuns {

    private ExperimentRuns() {
    }

    /** Thrown from an observer to stop a run the way a kill would: nothing after that point happens. */
    public static final class Killed extends RuntimeException {
        public Killed(String where) {
            super("simulated kill " + where);
        }
    }

    public static RunContext start(Path folder, String command, long seed) {
        Manifest manifest = new Manifest(command, List.of(command), Map.of(), seed, false, Map.of(), Map.of(),
                RunDirectory.now(), null, "running", null, null, null);
        return new RunContext(RunDirectory.create(folder, manifest), seed, false, offline(folder), false);
    }

    public static RunContext resume(Path folder, String command, long seed) {
        return new RunContext(RunDirectory.resume(folder, command, List.of(command, "--resume")), seed, false,
                offline(folder), true);
    }

    private static DataLocator offline(Path folder) {
        return new DataLocator(List.of(), folder.resolveSibling(folder.getFileName() + "-cache"), null, null);
    }

    /** The rows of a run's metrics.csv without the timing rows (which differ between attempts). */
    public static List<MetricsCsv.Row> rowsWithoutTimes(Path folder, int runColumns) {
        return MetricsCsv.read(folder.resolve(RunDirectory.METRICS), runColumns).stream()
                .filter(r -> !r.metric().equals("epoch_seconds")).toList();
    }
}
