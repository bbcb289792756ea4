package org.expressivity4j.trainers.shared;

import java.util.Arrays;
import java.util.List;

/** Medians and extremes of samples (benchmark timings, per-configuration ratios). */
public final class Timings {

    private Timings() {
    }

    /** The median (mean of the two middle values for an even count). */
    public static double median(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] s = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The median of an array of samples (mean of the two middle values for an even count). */
    public static double median(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The smallest sample. */
    public static double min(List<Double> samples) {
        return samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    /** Seconds since {@code startNanos}. */
    public static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The GC(s) this JVM runs, e.g. "Copy, MarkSweepCompact" for the serial GC. */
    public static String garbageCollectors() {
        return String.join(", ", java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList());
    }

    public static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public static String describe(List<Double> values) {
        return Arrays.toString(toArray(values));
    }
}
