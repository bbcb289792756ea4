package org.expressivity4j.core.trajectory;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A curve sampled at parameter values {@code t[0] < ... < t[N-1]}: the points {@code x(t[i])} as the rows of an
 * {@code [N, m]} matrix (Section 2 of Raghu et al., ICML 2017). Its {@link #length()} is the sum of chord lengths
 * ({@link ArcLength}).
 *
 * @param curve  the curve that was sampled (to refine or resample it)
 * @param t      the parameter values, strictly increasing, in {@code [0, 1]}; not copied: do not change
 * @param points {@code [N, m]}, row {@code i} = {@code x(t[i])}
 */
public record Trajectory(Curve curve, double[] t, INDArray points) {

    public Trajectory {
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(t, "t");
        Objects.requireNonNull(points, "points");
        if (t.length < 2) {
            throw new IllegalArgumentException("a trajectory needs at least 2 points, got " + t.length);
        }
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] >= 0.0 && t[i] <= 1.0) || (i > 0 && !(t[i] > t[i - 1]))) {
                throw new IllegalArgumentException("parameter values must increase strictly within [0, 1]; t["
                        + i + "] = " + t[i]);
            }
        }
        if (points.rank() != 2 || points.rows() != t.length || points.columns() != curve.dimension()) {
            throw new IllegalArgumentException("points must be [" + t.length + ", " + curve.dimension() + "], got "
                    + Arrays.toString(points.shape()));
        }
    }

    /** The curve sampled at {@code n} equally spaced parameter values {@code t = i / (n - 1)}, in double precision. */
    public static Trajectory sample(Curve curve, int n) {
        return sample(curve, n, DataType.DOUBLE);
    }

    /** The curve sampled at {@code n} equally spaced parameter values {@code t = i / (n - 1)}. */
    public static Trajectory sample(Curve curve, int n, DataType dataType) {
        return sample(curve, uniform(n), dataType);
    }

    /** The curve sampled at the given parameter values (strictly increasing, in [0, 1]). */
    public static Trajectory sample(Curve curve, double[] t, DataType dataType) {
        Objects.requireNonNull(curve, "curve");
        return new Trajectory(curve, t, curve.sample(t, dataType));
    }

    /** {@code n} equally spaced values {@code i / (n - 1)} from 0 to 1, both included. */
    public static double[] uniform(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("a trajectory needs at least 2 points, got " + n);
        }
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = (double) i / (n - 1);
        }
        t[n - 1] = 1.0;
        return t;
    }

    /** Number of points N. */
    public int size() {
        return t.length;
    }

    /** The sum of chord lengths between consecutive points. */
    public double length() {
        return ArcLength.of(points);
    }
}
