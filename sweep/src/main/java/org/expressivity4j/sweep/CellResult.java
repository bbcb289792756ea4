package org.expressivity4j.sweep;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished cell sends back to the driver: its run folder's files as bytes (no models or checkpoints), and
 * where and how it ran.
 *
 * @param cell       the grid point
 * @param arguments  the command line the cell ran (its temporary --out folder included)
 * @param files      path relative to the run folder ('/' separated) to the file's bytes
 * @param leftOut    files not brought back, with why (models, checkpoints, too large)
 * @param wallMillis the run's wall time
 * @param host       the executor's host name
 * @param threads    native threads the run had ({@code spark.task.cpus})
 * @param attempt    Spark's attempt number of the task (0: the first)
 */
public record CellResult(Cell cell, List<String> arguments, Map<String, byte[]> files, List<String> leftOut,
                         long wallMillis, String host, int threads, int attempt) implements Serializable {

    public CellResult {
        arguments = List.copyOf(arguments);
        files = new LinkedHashMap<>(files);
        leftOut = List.copyOf(leftOut);
    }
}
