package org.expressivity4j.trainers.training;

import java.util.Objects;

/**
 * Whether an experiment computes the outputs of fixed layers once and reuses them ({@link CachedActivations},
 * {@code CachedTrainingBatches}), and within what memory budget. Caching never changes a result, only the time it
 * takes; off, every batch runs through the whole network.
 *
 * @param enabled whether to cache
 * @param budget  the most memory the caches may take
 */
public record ActivationCaching(boolean enabled, CacheBudget budget) {

    /** No caching: the whole network for every batch. */
    public static final ActivationCaching OFF = new ActivationCaching(false, new CacheBudget(0));

    public ActivationCaching {
        Objects.requireNonNull(budget, "budget");
    }

    /** Caching within half the free native memory ({@link CacheBudget#ofFreeMemory()}, measured now). */
    public static ActivationCaching withFreeMemory() {
        return new ActivationCaching(true, CacheBudget.ofFreeMemory());
    }

    /** Caching within {@code bytes} bytes. */
    public static ActivationCaching within(long bytes) {
        return new ActivationCaching(true, new CacheBudget(bytes));
    }
}
