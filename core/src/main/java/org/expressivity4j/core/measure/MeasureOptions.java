package org.expressivity4j.core.measure;

/**
 * How {@link TrajectoryMeasures#measure} computes: exactly where the mathematics allows, otherwise by adaptive
 * sampling with a convergence check.
 *
 * @param exactWhenPossible  use {@link ExactCrossings} for piecewise-linear activations along piecewise-affine
 *                           trajectories (no sampling error); otherwise {@link AdaptiveSampling}
 * @param initialSamples     adaptive sampling: equally spaced parameter values to start from (at least 2)
 * @param tolerance          adaptive sampling: target relative change of every layer's length under one more
 *                           halving of the sampling intervals (in (0, 1))
 * @param maxSamples         adaptive sampling: the most points the network is evaluated at; when reached, the
 *                           result says it did not converge
 * @param refineTransitions  adaptive sampling: also halve every interval whose end points' activation patterns
 *                           differ by two or more region changes, so that every change is seen separately
 * @param maxKnots           exact computation: the most crossing points held at once per chunk of the parameter
 *                           range (a chunk with more is split in two and recomputed): bounds memory to about
 *                           {@code 3 maxKnots width 8} bytes (and {@link TrajectoryMeasures#measure} keeps that
 *                           within {@code memoryBudgetBytes})
 * @param memoryBudgetBytes  the most bytes of sampled layer images held at once (the active
 *                           intervals are processed in parts beyond it); also caps the exact computation's chunks
 */
public record MeasureOptions(boolean exactWhenPossible, int initialSamples, double tolerance, long maxSamples,
                             boolean refineTransitions, int maxKnots, long memoryBudgetBytes) {

    public MeasureOptions {
        if (initialSamples < 2) {
            throw new IllegalArgumentException("initial samples must be at least 2, got " + initialSamples);
        }
        if (!(tolerance > 0.0 && tolerance < 1.0)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
        }
        if (maxSamples < initialSamples) {
            throw new IllegalArgumentException("max samples " + maxSamples + " is below the initial " + initialSamples);
        }
        if (maxKnots < 16) {
            throw new IllegalArgumentException("max knots must be at least 16, got " + maxKnots);
        }
        if (memoryBudgetBytes < (1 << 20)) {
            throw new IllegalArgumentException("memory budget must be at least 1 MiB, got " + memoryBudgetBytes);
        }
    }

    /**
     * Exact when possible; else 1000 initial samples, tolerance 1e-3, at most 2^21 samples, transitions refined;
     * chunks of at most 2^16 knots; 256 MiB of sampled images.
     */
    public static MeasureOptions defaults() {
        return new MeasureOptions(true, 1000, 1e-3, 1L << 21, true, 1 << 16, 256L << 20);
    }

    public MeasureOptions withExactWhenPossible(boolean exact) {
        return new MeasureOptions(exact, initialSamples, tolerance, maxSamples, refineTransitions, maxKnots,
                memoryBudgetBytes);
    }

    public MeasureOptions withInitialSamples(int n) {
        return new MeasureOptions(exactWhenPossible, n, tolerance, Math.max(maxSamples, n), refineTransitions,
                maxKnots, memoryBudgetBytes);
    }

    public MeasureOptions withTolerance(double relative) {
        return new MeasureOptions(exactWhenPossible, initialSamples, relative, maxSamples, refineTransitions, maxKnots,
                memoryBudgetBytes);
    }

    public MeasureOptions withMaxSamples(long n) {
        return new MeasureOptions(exactWhenPossible, initialSamples, tolerance, n, refineTransitions, maxKnots,
                memoryBudgetBytes);
    }

    public MeasureOptions withRefineTransitions(boolean refine) {
        return new MeasureOptions(exactWhenPossible, initialSamples, tolerance, maxSamples, refine, maxKnots,
                memoryBudgetBytes);
    }

    public MeasureOptions withMaxKnots(int n) {
        return new MeasureOptions(exactWhenPossible, initialSamples, tolerance, maxSamples, refineTransitions, n,
                memoryBudgetBytes);
    }

    public MeasureOptions withMemoryBudgetBytes(long bytes) {
        return new MeasureOptions(exactWhenPossible, initialSamples, tolerance, maxSamples, refineTransitions,
                maxKnots, bytes);
    }
}
