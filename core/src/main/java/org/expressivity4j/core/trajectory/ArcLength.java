package org.expressivity4j.core.trajectory;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;

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
        return chords(points).norm2(1);
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
        INDArray d = chords(points);
        INDArray norms = d.norm2(1);
        // 1 / ||d|| where ||d|| > 0, else 0 (zero chords have no direction).
        INDArray inverse = norms.rdiv(1.0);
        BooleanIndexing.replaceWhere(inverse, 0.0, Conditions.isInfinite());
        BooleanIndexing.replaceWhere(inverse, 0.0, Conditions.isNan());
        INDArray units = d.mulColumnVector(inverse.reshape(inverse.length(), 1));
        long n = d.rows() + 1;
        INDArray grad = Nd4j.zeros(d.dataType(), n, d.columns());
        grad.get(NDArrayIndex.interval(1, n), NDArrayIndex.all()).addi(units);
        grad.get(NDArrayIndex.interval(0, n - 1), NDArrayIndex.all()).subi(units);
        return grad.reshape(points.shape());
    }

    /** The differences {@code p[i+1] - p[i]} as a {@code [N-1, D]} matrix. */
    private static INDArray chords(INDArray points) {
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
        INDArray flat = points.rank() == 2 ? points : points.reshape('c', n, points.length() / n);
        return flat.get(NDArrayIndex.interval(1, n), NDArrayIndex.all())
                .sub(flat.get(NDArrayIndex.interval(0, n - 1), NDArrayIndex.all()));
    }
}
