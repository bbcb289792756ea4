package org.expressivity4j.core.trajectory;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.EuclideanDistance;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The length of a sampled trajectory: the sum of the Euclidean chord lengths between consecutive points, the
 * inscribed-polygon approximation of the arc length {@code l(x(t)) = integral of ||dx/dt|| dt} of Section 2.2 of
 * Raghu et al. (ICML 2017).
 *
 * <p>Points are the rows of an array of rank 2 or more: dimension 0 indexes the points in trajectory order, the
 * remaining dimensions (e.g. the channels, height and width of a convolution layer's activations) are flattened in
 * C order into one vector per point. Chords are computed in the array's own data type; sums are accumulated in
 * double precision. This is the project's one arc-length routine: measures, listeners and the trajectory
 * regularization layer all call it.
 *
 * <p>The chord sum never exceeds the true arc length of a curve through the points and converges to it as the
 * sampling is refined; for a curve whose length at a fixed resolution may be underestimated (deep random networks
 * at large weight scale) see {@link org.expressivity4j.core.measure.TrajectoryMeasures}, which computes lengths
 * exactly or refines the sampling until the estimate converges.
 */
public final class ArcLength {

    private ArcLength() {
    }

    /**
     * The length of the polyline through the points: the sum of the chord lengths, in double precision.
     *
     * @param points {@code [N, ...]}, N at least 2
     */
    public static double of(INDArray points) {
        return chordLengths(points).castTo(DataType.DOUBLE).sumNumber().doubleValue();
    }

    /**
     * The chord lengths {@code ||p[i+1] - p[i]||}, {@code i = 0 .. N-2}, as a vector of length N - 1 in the points'
     * data type.
     *
     * @param points {@code [N, ...]}, N at least 2, a floating-point type
     */
    public static INDArray chordLengths(INDArray points) {
        INDArray flat = flatten(points);
        long n = flat.size(0);
        // Row-wise distances between two offset views: one pass, no N x D difference array.
        return Nd4j.getExecutioner().exec(new EuclideanDistance(
                flat.get(NDArrayIndex.interval(1, n), NDArrayIndex.all()),
                flat.get(NDArrayIndex.interval(0, n - 1), NDArrayIndex.all()), 1)).reshape(n - 1);
    }

    /** {@link #chordLengths} as a double array. */
    public static double[] chordLengthArray(INDArray points) {
        return chordLengths(points).toDoubleVector();
    }

    /**
     * The gradient of {@link #of} with respect to every point, {@code [N, ...]} like the points: with
     * {@code u[i] = (p[i+1] - p[i]) / ||p[i+1] - p[i]||}, the gradient at point {@code i} is
     * {@code u[i-1] - u[i]} (first point {@code -u[0]}, last point {@code u[N-2]}). A zero chord contributes zero
     * (a subgradient of the norm at 0). Computed in the points' data type.
     *
     * @param points {@code [N, ...]}, N at least 2, a floating-point type
     */
    public static INDArray gradient(INDArray points) {
        return addGradient(points, chordLengths(points), 1.0, Nd4j.zeros(points.dataType(), points.shape()));
    }

    /**
     * Adds {@code scale} times the {@linkplain #gradient gradient} of the length to {@code target}, in place, given
     * the points' {@linkplain #chordLengths chord lengths}: the form a layer's backpropagation needs (a loss term
     * {@code scale * length} added to an incoming gradient), without allocating the gradient itself. Zero chords
     * contribute zero.
     *
     * @param points       {@code [N, ...]}, N at least 2, a floating-point type
     * @param chordLengths {@link #chordLengths(INDArray)} of the points (N - 1 values), e.g. kept from a forward pass
     * @param scale        the factor of the gradient
     * @param target       an array of the points' shape, C-contiguous, modified in place
     * @return {@code target}
     */
    public static INDArray addGradient(INDArray points, INDArray chordLengths, double scale, INDArray target) {
        Objects.requireNonNull(target, "target");
        INDArray d = chords(points);
        long n = d.rows() + 1;
        if (!java.util.Arrays.equals(points.shape(), target.shape())) {
            throw new IllegalArgumentException("target shape " + java.util.Arrays.toString(target.shape())
                    + " differs from the points' " + java.util.Arrays.toString(points.shape()));
        }
        if (chordLengths.length() != n - 1) {
            throw new IllegalArgumentException("expected " + (n - 1) + " chord lengths, got " + chordLengths.length());
        }
        if (!cContiguous(target)) {
            throw new IllegalArgumentException("target must be a C-contiguous array (it is updated in place through a "
                    + "[N, D] view)");
        }
        // scale / ||d|| where ||d|| > 0, else 0 (zero chords have no direction).
        double[] lengths = chordLengths.toDoubleVector();
        double[] factors = new double[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            factors[i] = lengths[i] > 0 ? scale / lengths[i] : 0.0;
        }
        d.muliColumnVector(Nd4j.createFromArray(factors).castTo(d.dataType()).reshape(n - 1, 1));
        INDArray flatTarget = target.reshape('c', n, d.columns());
        flatTarget.get(NDArrayIndex.interval(1, n), NDArrayIndex.all()).addi(d);
        flatTarget.get(NDArrayIndex.interval(0, n - 1), NDArrayIndex.all()).subi(d);
        return target;
    }

    /**
     * Whether the array's elements lie in C order without gaps. The stride of a dimension of size 1 does not matter
     * (ND4J gives such dimensions strides other than the default, e.g. a [4, 1, 32, 32] array strides 1024 on its
     * second dimension, which {@link Shape#hasDefaultStridesForShape} rejects).
     */
    private static boolean cContiguous(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** The differences {@code p[i+1] - p[i]} as a {@code [N-1, D]} matrix. */
    private static INDArray chords(INDArray points) {
        INDArray flat = flatten(points);
        long n = flat.size(0);
        return flat.get(NDArrayIndex.interval(1, n), NDArrayIndex.all())
                .sub(flat.get(NDArrayIndex.interval(0, n - 1), NDArrayIndex.all()));
    }

    /** The points as a {@code [N, D]} matrix (a view when possible), after checking them. */
    private static INDArray flatten(INDArray points) {
        Objects.requireNonNull(points, "points");
        if (points.rank() < 2) {
            throw new IllegalArgumentException("points must have rank 2 or more ([N, ...], one point per row), got shape "
                    + java.util.Arrays.toString(points.shape()));
        }
        if (!points.dataType().isFPType()) {
            throw new IllegalArgumentException("points must be floating point, got " + points.dataType());
        }
        long n = points.size(0);
        if (n < 2) {
            throw new IllegalArgumentException("a trajectory needs at least 2 points, got " + n);
        }
        return points.rank() == 2 ? points : points.reshape('c', n, points.length() / n);
    }
}
