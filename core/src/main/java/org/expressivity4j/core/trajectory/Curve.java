package org.expressivity4j.core.trajectory;

import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trajectory in the sense of Section 2 of Raghu et al. (ICML 2017): a curve {@code x(t)} in {@code R^m}
 * parametrized by {@code t} in {@code [0, 1]}, with {@code x(0) = x0} and {@code x(1) = x1} (a closed curve such as
 * a great circle returns to {@code x0}). Curves can be sampled at any parameter values, which is what lets the
 * measures refine a length estimate or locate the exact crossing points of piecewise-linear networks.
 *
 * <p>Implementations are immutable. The factories are in {@link Trajectories}.
 */
public interface Curve {

    /** The dimension {@code m} of the space the curve lies in. */
    int dimension();

    /**
     * The points {@code x(t[i])} as the rows of a new {@code [t.length, m]} array.
     *
     * @param t        parameter values in {@code [0, 1]}, any order
     * @param dataType a floating-point type
     */
    INDArray sample(double[] t, DataType dataType);

    /** {@link #sample(double[], DataType)} in double precision. */
    default INDArray sample(double[] t) {
        return sample(t, DataType.DOUBLE);
    }

    /**
     * For a piecewise-affine curve (a line segment, a polyline), the parameter values at which its pieces meet,
     * sorted, starting at 0 and ending at 1: between consecutive values {@code x(t)} is affine in {@code t}. Empty
     * for a curved trajectory. The exact transition counts of {@link org.expressivity4j.core.measure.ExactCrossings}
     * need this.
     */
    Optional<double[]> affineBreaks();

    /** A one-line description for logs and manifests, e.g. {@code quarter-circle(m=784, |x0|=9.3, |x1|=10.1)}. */
    String description();
}
