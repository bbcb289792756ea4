package org.expressivity4j.trainers.run;

import java.util.Objects;
import org.expressivity4j.datasets.DataLocator;

/**
 * What an experiment needs from the command that runs it: its run folder, seed, profile and data.
 *
 * @param run     the run folder to write metrics, plots and the summary into
 * @param seed    the seed for every random choice
 * @param quick   whether to use the quick profile
 * @param data    where the datasets are
 * @param resumed whether this run continues an earlier attempt (rows already in metrics.csv are not repeated)
 */
public record RunContext(RunDirectory run, long seed, boolean quick, DataLocator data, boolean resumed) {

    public RunContext {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(data, "data");
    }
}
