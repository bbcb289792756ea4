package org.expressivity4j.core.trajectory;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.DoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trajectories of Raghu et al. (ICML 2017), Section 2: a line segment, the paper's circular arc (a quarter
 * circle), a full great circle, and the piecewise-linear path through a sequence of points (e.g. consecutive
 * examples of a minibatch, as the trajectory regularization of Section 3.2 uses). All are parametrized by
 * {@code t} in {@code [0, 1]}.
 *
 * <p>Endpoints are plain vectors: random ones from {@link #randomPoint} or real inputs (an MNIST or CIFAR-10 image
 * flattened to a vector, as in Fig. 2), given as {@code double[]} or as an {@code INDArray} of any shape (flattened
 * in C order).
 */
public final class Trajectories {

    private Trajectories() {
    }

    /**
     * The segment {@code x(t) = (1 - t) x0 + t x1}, of length {@code ||x1 - x0||}.
     */
    public static Curve line(double[] x0, double[] x1) {
        checkPair(x0, x1);
        return new Combination(String.format(Locale.ROOT, "line(m=%d, |x1-x0|=%.6g)", x0.length,
                norm(subtract(x1, x0))), new double[][] {x0.clone(), x1.clone()},
                t -> new double[] {1.0 - t, t}, new double[] {0.0, 1.0});
    }

    /** {@link #line(double[], double[])} with endpoints given as arrays of any shape (flattened). */
    public static Curve line(INDArray x0, INDArray x1) {
        return line(vector(x0, "x0"), vector(x1, "x1"));
    }

    /**
     * The paper's circular arc {@code x(t) = cos(pi t / 2) x0 + sin(pi t / 2) x1}, exactly as Section 2 defines it
     * (no orthogonalization). When {@code x0} and {@code x1} are orthogonal and of equal norm {@code r} (nearly so
     * for random high-dimensional endpoints) it is a quarter of a circle of radius {@code r}, of length
     * {@code pi r / 2}; in general it is a quarter of an ellipse.
     */
    public static Curve quarterCircle(double[] x0, double[] x1) {
        checkPair(x0, x1);
        return new Combination(String.format(Locale.ROOT, "quarter-circle(m=%d, |x0|=%.6g, |x1|=%.6g)",
                x0.length, norm(x0), norm(x1)), new double[][] {x0.clone(), x1.clone()},
                t -> new double[] {Math.cos(Math.PI * t / 2), Math.sin(Math.PI * t / 2)}, null);
    }

    /** {@link #quarterCircle(double[], double[])} with endpoints given as arrays of any shape (flattened). */
    public static Curve quarterCircle(INDArray x0, INDArray x1) {
        return quarterCircle(vector(x0, "x0"), vector(x1, "x1"));
    }

    /**
     * The great circle through {@code x0} in the plane spanned by {@code x0} and {@code x1}, on the sphere of
     * radius {@code r = ||x0||}: {@code x(t) = cos(2 pi t) x0 + sin(2 pi t) r u}, where {@code u} is the unit vector
     * of the component of {@code x1} orthogonal to {@code x0}. It is closed ({@code x(1) = x(0)}), passes through
     * the direction of {@code x1} at {@code t = 1/4}, and has length {@code 2 pi r}.
     *
     * @throws IllegalArgumentException if {@code x0} is zero or {@code x1} is parallel to it
     */
    public static Curve greatCircle(double[] x0, double[] x1) {
        checkPair(x0, x1);
        double r = norm(x0);
        if (r == 0.0) {
            throw new IllegalArgumentException("a great circle needs a non-zero x0");
        }
        double along = dot(x1, x0) / (r * r);
        double[] perp = new double[x1.length];
        for (int i = 0; i < perp.length; i++) {
            perp[i] = x1[i] - along * x0[i];
        }
        double perpNorm = norm(perp);
        if (!(perpNorm > 1e-12 * norm(x1))) {
            throw new IllegalArgumentException("x1 is parallel to x0: they do not span a plane");
        }
        for (int i = 0; i < perp.length; i++) {
            perp[i] *= r / perpNorm;
        }
        return new Combination(String.format(Locale.ROOT, "great-circle(m=%d, r=%.6g)", x0.length, r),
                new double[][] {x0.clone(), perp},
                t -> new double[] {Math.cos(2 * Math.PI * t), Math.sin(2 * Math.PI * t)}, null);
    }

    /** {@link #greatCircle(double[], double[])} with vectors given as arrays of any shape (flattened). */
    public static Curve greatCircle(INDArray x0, INDArray x1) {
        return greatCircle(vector(x0, "x0"), vector(x1, "x1"));
    }

    /**
     * The piecewise-linear path through the rows of {@code points} ({@code [P, m]}, P at least 2, or
     * {@code [P, ...]}, flattened per point), point {@code i} at {@code t = i / (P - 1)}: e.g. consecutive examples
     * of a minibatch. Its length is the sum of the distances between consecutive points.
     */
    public static Curve throughPoints(INDArray points) {
        Objects.requireNonNull(points, "points");
        if (points.rank() < 2 || points.size(0) < 2) {
            throw new IllegalArgumentException("a path needs at least 2 points as rows of a [P, m] array, got shape "
                    + Arrays.toString(points.shape()));
        }
        int p = Math.toIntExact(points.size(0));
        double[][] rows = points.reshape('c', p, points.length() / p).toDoubleMatrix();
        return throughPoints(rows);
    }

    /** The piecewise-linear path through the given points (at least 2, all of the same dimension). */
    public static Curve throughPoints(double[][] points) {
        Objects.requireNonNull(points, "points");
        if (points.length < 2) {
            throw new IllegalArgumentException("a path needs at least 2 points, got " + points.length);
        }
        double[][] copy = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            copy[i] = checkFinite(points[i], "point " + i).clone();
            if (copy[i].length != copy[0].length || copy[i].length == 0) {
                throw new IllegalArgumentException("point " + i + " has dimension " + copy[i].length
                        + ", point 0 has " + copy[0].length);
            }
        }
        return new Polyline(copy);
    }

    /**
     * A random point with independent N(0, scale^2) coordinates, from its own seed (so {@code ||x||} is about
     * {@code scale sqrt(m)}).
     */
    public static double[] randomPoint(int m, double scale, long seed) {
        if (m < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + m);
        }
        if (!(scale > 0.0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = scale * random.nextGaussian();
        }
        return x;
    }

    // ------------------------------------------------------------------------------------------------------------

    /** x(t) = sum_j c_j(t) v_j: a fixed combination of a few vectors with coefficient functions of t. */
    private static final class Combination implements Curve {
        private final String description;
        private final double[][] vectors;
        private final DoubleFunction<double[]> coefficients;
        private final double[] affineBreaks;

        Combination(String description, double[][] vectors, DoubleFunction<double[]> coefficients,
                    double[] affineBreaks) {
            this.description = description;
            this.vectors = vectors;
            this.coefficients = coefficients;
            this.affineBreaks = affineBreaks;
        }

        @Override
        public int dimension() {
            return vectors[0].length;
        }

        @Override
        public INDArray sample(double[] t, DataType dataType) {
            checkParameters(t);
            int m = dimension();
            double[] out = new double[t.length * m];
            for (int i = 0; i < t.length; i++) {
                double[] c = coefficients.apply(t[i]);
                int row = i * m;
                for (int j = 0; j < vectors.length; j++) {
                    double cj = c[j];
                    double[] v = vectors[j];
                    for (int q = 0; q < m; q++) {
                        out[row + q] += cj * v[q];
                    }
                }
            }
            return Nd4j.createFromArray(out).reshape(t.length, m).castTo(checkType(dataType));
        }

        @Override
        public Optional<double[]> affineBreaks() {
            return Optional.ofNullable(affineBreaks).map(double[]::clone);
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** The polyline through points[0..P-1], point i at t = i / (P - 1). */
    private static final class Polyline implements Curve {
        private final double[][] points;

        Polyline(double[][] points) {
            this.points = points;
        }

        @Override
        public int dimension() {
            return points[0].length;
        }

        @Override
        public INDArray sample(double[] t, DataType dataType) {
            checkParameters(t);
            int m = dimension();
            int segments = points.length - 1;
            double[] out = new double[t.length * m];
            for (int i = 0; i < t.length; i++) {
                double s = t[i] * segments;
                int j = Math.min((int) Math.floor(s), segments - 1);
                double f = s - j;
                double[] a = points[j];
                double[] b = points[j + 1];
                int row = i * m;
                for (int q = 0; q < m; q++) {
                    out[row + q] = a[q] + f * (b[q] - a[q]);
                }
            }
            return Nd4j.createFromArray(out).reshape(t.length, m).castTo(checkType(dataType));
        }

        @Override
        public Optional<double[]> affineBreaks() {
            double[] breaks = new double[points.length];
            for (int i = 0; i < breaks.length; i++) {
                breaks[i] = (double) i / (points.length - 1);
            }
            breaks[breaks.length - 1] = 1.0;
            return Optional.of(breaks);
        }

        @Override
        public String description() {
            return String.format(Locale.ROOT, "through-points(m=%d, points=%d)", dimension(), points.length);
        }

        @Override
        public String toString() {
            return description();
        }
    }

    private static void checkParameters(double[] t) {
        Objects.requireNonNull(t, "t");
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] >= 0.0 && t[i] <= 1.0)) {
                throw new IllegalArgumentException("parameter values must lie in [0, 1]; t[" + i + "] = " + t[i]);
            }
        }
    }

    private static DataType checkType(DataType dataType) {
        if (dataType == null || !dataType.isFPType()) {
            throw new IllegalArgumentException("a floating-point data type is needed, got " + dataType);
        }
        return dataType;
    }

    private static void checkPair(double[] x0, double[] x1) {
        checkFinite(x0, "x0");
        checkFinite(x1, "x1");
        if (x0.length == 0 || x0.length != x1.length) {
            throw new IllegalArgumentException("endpoints must have the same non-zero dimension, got " + x0.length
                    + " and " + x1.length);
        }
    }

    private static double[] checkFinite(double[] x, String name) {
        Objects.requireNonNull(x, name);
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + x[i]);
            }
        }
        return x;
    }

    private static double[] vector(INDArray x, String name) {
        Objects.requireNonNull(x, name);
        // An explicit long[]: reshape('c', n) would bind to reshape(long rows, long columns) with rows = 'c' (99).
        return x.reshape('c', new long[] {x.length()}).toDoubleVector();
    }

    private static double[] subtract(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
