package org.expressivity4j.trainers.training;

import java.util.Locale;
import java.util.Optional;
import org.bytedeco.javacpp.Pointer;

/**
 * The most memory the activation caches of one experiment may take ({@link CachedActivations},
 * {@code CachedTrainingBatches}), and the check made before a cache is computed: its size is worked out first, and a
 * cache that would not fit is refused with a message that says how large it would be, so that the experiment runs
 * without it instead of failing for want of memory halfway.
 *
 * @param bytes the budget in bytes
 */
public record CacheBudget(long bytes) {

    /** Share of the free native memory a cache may take by default. */
    public static final double SHARE = 0.5;

    public CacheBudget {
        if (bytes < 0) {
            throw new IllegalArgumentException("a cache budget must be >= 0 bytes, got " + bytes);
        }
    }

    /**
     * Half ({@link #SHARE}) of the native memory ND4J may still allocate: the lesser of what JavaCPP's limit
     * ({@code -Dorg.bytedeco.javacpp.maxbytes}, by default the JVM's maximum heap) leaves and the machine's free
     * physical memory.
     */
    public static CacheBudget ofFreeMemory() {
        long free = Pointer.availablePhysicalBytes();
        long max = Pointer.maxBytes();
        if (max > 0) {
            long left = Math.max(0, max - Pointer.totalBytes());
            free = free > 0 ? Math.min(free, left) : left;
        }
        return new CacheBudget((long) (Math.max(0, free) * SHARE));
    }

    /** Bytes of {@code examples} activations of {@code valuesPerExample} values of {@code bytesPerValue} bytes. */
    public static long size(long examples, long valuesPerExample, int bytesPerValue) {
        return Math.multiplyExact(Math.multiplyExact(examples, valuesPerExample), (long) bytesPerValue);
    }

    /**
     * Why a cache of {@code bytes} bytes is refused, or empty if it fits.
     *
     * @param what what would be cached, e.g. "the outputs of the layers below h3 for 70,000 examples (100 values
     *             each)"
     */
    public Optional<String> refusal(String what, long size) {
        if (size <= bytes) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s would take %s, more than the cache's budget of %s (half "
                + "the free native memory; raise the JVM's -Xmx or -Dorg.bytedeco.javacpp.maxbytes, or give "
                + "--no-cache)", what, human(size), human(bytes)));
    }

    /** Bytes in B, kB, MB or GB (powers of 1000), three significant digits. */
    public static String human(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.3g %s", v, units[u]);
    }
}
