package org.expressivity4j.dl4j.schedule;

import java.util.Locale;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A one-cycle learning-rate schedule (Smith and Topin, "Super-convergence", 2017) over a known number of iterations,
 * for any DL4J updater that takes an {@link ISchedule}: {@code new Nesterovs(new OneCycleSchedule(0.1, 3128), 0.9)}.
 *
 * <p>With {@code T} = {@code totalIterations}, {@code W = round(warmupFraction T)}, {@code peak} the largest rate,
 * {@code start = peak / startDivisor} and {@code end = peak / endDivisor}, the rate at iteration {@code i}
 * (0-based: DL4J's iteration count when the step is taken) is
 * <pre>
 *   i &lt; W:       start + (peak - start) i / W                          (linear warm-up)
 *   W &lt;= i &lt; T:  end + (peak - end) (1 + cos(pi (i - W) / (T - W))) / 2  (cosine annealing)
 *   i &gt;= T:      end
 * </pre>
 * so it is {@code start} at 0, {@code peak} at {@code W}, and falls to {@code end} at {@code T}. The epoch is
 * ignored. A network restored from a checkpoint keeps its iteration count, so a resumed run continues the schedule.
 *
 * <p>Serializable as JSON with the network configuration.
 */
public final class OneCycleSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    /** Default fraction of the iterations spent warming up. */
    public static final double DEFAULT_WARMUP_FRACTION = 0.15;
    /** Default ratio of the peak rate to the starting rate. */
    public static final double DEFAULT_START_DIVISOR = 25.0;
    /** Default ratio of the peak rate to the final rate. */
    public static final double DEFAULT_END_DIVISOR = 1e4;

    private final double peak;
    private final int totalIterations;
    private final double warmupFraction;
    private final double startDivisor;
    private final double endDivisor;

    /** A schedule peaking at {@code peak} with the default warm-up fraction and divisors. */
    public OneCycleSchedule(double peak, int totalIterations) {
        this(peak, totalIterations, DEFAULT_WARMUP_FRACTION, DEFAULT_START_DIVISOR, DEFAULT_END_DIVISOR);
    }

    /**
     * @param peak            the largest rate, reached after the warm-up
     * @param totalIterations iterations of the whole cycle (the training run's steps)
     * @param warmupFraction  fraction of them spent rising linearly, in [0, 1)
     * @param startDivisor    peak / starting rate, at least 1
     * @param endDivisor      peak / final rate, at least 1
     */
    public OneCycleSchedule(@JsonProperty("peak") double peak,
                            @JsonProperty("totalIterations") int totalIterations,
                            @JsonProperty("warmupFraction") double warmupFraction,
                            @JsonProperty("startDivisor") double startDivisor,
                            @JsonProperty("endDivisor") double endDivisor) {
        if (!(peak > 0) || Double.isInfinite(peak)) {
            throw new IllegalArgumentException("peak learning rate must be positive and finite, got " + peak);
        }
        if (totalIterations < 1) {
            throw new IllegalArgumentException("total iterations must be at least 1, got " + totalIterations);
        }
        if (!(warmupFraction >= 0 && warmupFraction < 1)) {
            throw new IllegalArgumentException("warm-up fraction must be in [0, 1), got " + warmupFraction);
        }
        if (!(startDivisor >= 1) || !(endDivisor >= 1) || Double.isInfinite(startDivisor)
                || Double.isInfinite(endDivisor)) {
            throw new IllegalArgumentException("start and end divisors must be finite and >= 1, got " + startDivisor
                    + " and " + endDivisor);
        }
        this.peak = peak;
        this.totalIterations = totalIterations;
        this.warmupFraction = warmupFraction;
        this.startDivisor = startDivisor;
        this.endDivisor = endDivisor;
    }

    /** Iterations of the linear warm-up, {@code round(warmupFraction * totalIterations)}. */
    public int warmupIterations() {
        return (int) Math.round(warmupFraction * totalIterations);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        int w = warmupIterations();
        double start = peak / startDivisor;
        double end = peak / endDivisor;
        if (iteration < 0) {
            return start;
        }
        if (iteration < w) {
            return start + (peak - start) * iteration / w;
        }
        if (iteration >= totalIterations) {
            return end;
        }
        double t = (double) (iteration - w) / (totalIterations - w);
        return end + (peak - end) * (1 + Math.cos(Math.PI * t)) / 2;
    }

    @Override
    public ISchedule clone() {
        return new OneCycleSchedule(peak, totalIterations, warmupFraction, startDivisor, endDivisor);
    }

    public double getPeak() {
        return peak;
    }

    public int getTotalIterations() {
        return totalIterations;
    }

    public double getWarmupFraction() {
        return warmupFraction;
    }

    public double getStartDivisor() {
        return startDivisor;
    }

    public double getEndDivisor() {
        return endDivisor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OneCycleSchedule s && Double.compare(peak, s.peak) == 0
                && totalIterations == s.totalIterations && Double.compare(warmupFraction, s.warmupFraction) == 0
                && Double.compare(startDivisor, s.startDivisor) == 0 && Double.compare(endDivisor, s.endDivisor) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(peak, totalIterations, warmupFraction, startDivisor, endDivisor);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "OneCycleSchedule(peak %g over %d iterations, warm-up %.0f%%, start peak/%g,"
                + " end peak/%g)", peak, totalIterations, 100 * warmupFraction, startDivisor, endDivisor);
    }
}
