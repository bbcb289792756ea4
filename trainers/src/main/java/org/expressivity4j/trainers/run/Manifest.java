package org.expressivity4j.trainers.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code manifest.json}: what was run, with which arguments and seed, on which versions and machine, from
 * which commit, when, and how it ended; enough to reproduce the run and to trust its numbers.
 *
 * @param command     the subcommand, e.g. {@code data-info}
 * @param arguments   the command line as typed
 * @param options     every option's effective value, defaults included
 * @param seed        the run's seed
 * @param quick       whether the quick profile was used
 * @param versions    expressivity4j, DL4J, Java, OS, CPU count, native backend
 * @param git         commit and whether the working tree had changes, when known
 * @param start       ISO-8601 start time of the first attempt
 * @param end         ISO-8601 end time, null while running
 * @param status      {@code running}, {@code completed} or {@code failed}
 * @param error       the failure's message, if any
 * @param resumes     ISO-8601 start times of resumed attempts
 * @param results     headline numbers of the run (the full numbers are in metrics.csv)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(String command, List<String> arguments, Map<String, Object> options, long seed, boolean quick,
                       Map<String, String> versions, Map<String, String> git, String start, String end,
                       String status, String error, List<String> resumes, Map<String, Object> results) {

    public Manifest {
        arguments = List.copyOf(arguments);
        options = options == null ? Map.of() : new LinkedHashMap<>(options);
        versions = versions == null ? Map.of() : new LinkedHashMap<>(versions);
        git = git == null ? Map.of() : new LinkedHashMap<>(git);
        resumes = resumes == null ? List.of() : List.copyOf(resumes);
        results = results == null ? Map.of() : new LinkedHashMap<>(results);
    }

    /** A copy marked as ended. */
    public Manifest ended(String endTime, String newStatus, String newError, Map<String, Object> newResults) {
        return new Manifest(command, arguments, options, seed, quick, versions, git, start, endTime, newStatus,
                newError, resumes, newResults == null ? results : newResults);
    }

    /** A copy for a resumed attempt: running again, with this attempt's start recorded. */
    public Manifest resumed(String resumeTime, List<String> newArguments) {
        List<String> all = new ArrayList<>(resumes);
        all.add(resumeTime);
        return new Manifest(command, newArguments, options, seed, quick, versions, git, start, null, "running", null,
                all, results);
    }
}
