package org.expressivity4j.trainers.run;

import java.nio.file.Path;
import org.expressivity4j.trainers.options.Ranges;
import picocli.CommandLine.Option;

/** Options every experiment shares (a picocli mixin). */
public final class CommonOptions {

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", converter = Ranges.Seed.class,
            description = "Seed for every random choice (weights, data order, noise). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The run's folder (manifest.json, metrics.csv, plots/, summary.md). "
                    + "Default: results/<command>-<date>-<time>.")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder holding the datasets (searched before $EXPRESSIVITY4J_DATA and the cache).")
    Path dataDir;

    @Option(names = "--quick", description = "A small profile that finishes in minutes on 2 cores.")
    boolean quick;

    @Option(names = "--offline", description = "Never download datasets; fail if they are not on disk.")
    boolean offline;

    @Option(names = "--threads", paramLabel = "N", converter = Ranges.Threads.class,
            description = "Native (OpenMP/BLAS) threads. Default: what suits the command (1 for small dense "
                    + "nets, all cores for conv nets), at most 4 per core; overrides $EXPRESSIVITY4J_THREADS.")
    Integer threads;

    public long seed() {
        return seed;
    }

    public Path out() {
        return out;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean quick() {
        return quick;
    }

    public boolean offline() {
        return offline;
    }

    /** The --threads value, if given. */
    public Integer threads() {
        return threads;
    }
}
