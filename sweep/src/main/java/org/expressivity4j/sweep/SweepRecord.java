package org.expressivity4j.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expressivity4j.trainers.run.RunDirectory;
import org.expressivity4j.trainers.run.VersionInfo;

/**
 * A sweep's {@code sweep.json}: the swept command, its shared arguments, the grid, the Spark settings (secrets
 * redacted), versions and commit, when it ran and how it ended.
 *
 * @param command     the swept command
 * @param shared      its arguments shared by every cell
 * @param grid        axis name to values, in order
 * @param replicate   the replicate axis, or null
 * @param master      the Spark master URL
 * @param taskCpus    cores and native threads per cell
 * @param maxAttempts attempts per cell
 * @param conf        {@code --conf} settings, redacted
 * @param arguments   the sweep's command line as typed (of the latest attempt)
 * @param versions    expressivity4j, DL4J, Java, OS, CPUs
 * @param git         commit, when known
 * @param start       first attempt's start
 * @param resumes     resumed attempts' starts
 * @param end         end time, null while running
 * @param status      running, completed, failed or interrupted
 * @param error       what went wrong, if anything
 * @param cells       counts: total, completed, failed
 * @param failed      failed cell id to its error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepRecord(String command, List<String> shared, Map<String, List<String>> grid, String replicate,
                          String master, int taskCpus, int maxAttempts, Map<String, String> conf,
                          List<String> arguments, Map<String, String> versions, Map<String, String> git,
                          String start, List<String> resumes, String end, String status, String error,
                          Map<String, Integer> cells, Map<String, String> failed) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static SweepRecord start(String command, List<String> shared, Grid grid, String replicate, String master,
                             int taskCpus, int maxAttempts, Map<String, String> conf, List<String> arguments) {
        return new SweepRecord(command, List.copyOf(shared), grid.axes(), replicate, master, taskCpus, maxAttempts,
                conf, List.copyOf(arguments), VersionInfo.versions(), VersionInfo.git(), RunDirectory.now(),
                List.of(), null, "running", null, null, null);
    }

    static SweepRecord read(Path file) {
        try {
            return JSON.readValue(file.toFile(), SweepRecord.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether another attempt asks for the same cells: command, shared arguments and grid. */
    boolean sameSweep(SweepRecord other) {
        return command.equals(other.command) && shared.equals(other.shared) && grid.equals(other.grid);
    }

    String describe() {
        return command + " " + String.join(" ", shared) + " over " + grid;
    }

    /** A copy for a resumed attempt. */
    SweepRecord resumed() {
        List<String> all = new ArrayList<>(resumes == null ? List.of() : resumes);
        all.add(RunDirectory.now());
        return new SweepRecord(command, shared, grid, replicate, master, taskCpus, maxAttempts, conf, arguments,
                versions, git, start, all, null, "running", null, cells, failed);
    }

    /** A copy marked as ended. */
    SweepRecord ended(String newStatus, String newError) {
        return new SweepRecord(command, shared, grid, replicate, master, taskCpus, maxAttempts, conf, arguments,
                versions, git, start, resumes, RunDirectory.now(), newStatus, newError, cells, failed);
    }

    /** A copy marked as ended, with the cell counts and failures. */
    SweepRecord ended(String newStatus, String newError, Map<String, Integer> counts, Map<String, String> failures) {
        return new SweepRecord(command, shared, grid, replicate, master, taskCpus, maxAttempts, conf, arguments,
                versions, git, start, resumes, RunDirectory.now(), newStatus, newError,
                counts == null ? cells : counts, failures == null || failures.isEmpty() ? null
                : new LinkedHashMap<>(failures));
    }
}
