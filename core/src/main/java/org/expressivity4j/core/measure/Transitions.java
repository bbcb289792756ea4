package org.expressivity4j.core.measure;

import java.util.Objects;
import org.expressivity4j.core.network.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Neuron transitions of one layer along an already sampled trajectory (Raghu et al., ICML 2017, Section 2.1): the
 * number of region changes of each unit between consecutive samples. For networks the library builds,
 * {@link TrajectoryMeasures#measure} computes transitions exactly or with refinement; this is the plain count for
 * activations that come from elsewhere (e.g. a DL4J layer observed by a listener), at the resolution given.
 *
 * <p>Regions are those of {@link Activation#region(double)}. They can be read from a layer's outputs as well as its
 * pre-activations for relu (output {@code > 0} exactly when on) and hard tanh (output {@code -1}, inside, {@code +1};
 * a pre-activation of exactly +1, where the two readings differ, has probability zero): pass
 * {@link #fromOutputs} those.
 */
public final class Transitions {

    private Transitions() {
    }

    /**
     * Per-unit transitions along the rows of a layer's pre-activations.
     *
     * @param preActivations {@code [N, k]}, rows in trajectory order, N at least 1
     * @return k counts
     */
    public static long[] perUnit(INDArray preActivations, Activation activation) {
        Objects.requireNonNull(activation, "activation");
        double[] h = flat(preActivations);
        int k = (int) preActivations.columns();
        int n = h.length / k;
        long[] counts = new long[k];
        int[] previous = new int[k];
        for (int i = 0; i < k; i++) {
            previous[i] = activation.region(h[i]);
        }
        for (int j = 1; j < n; j++) {
            int row = j * k;
            for (int i = 0; i < k; i++) {
                int r = activation.region(h[row + i]);
                counts[i] += Math.abs(r - previous[i]);
                previous[i] = r;
            }
        }
        return counts;
    }

    /** The layer's total: the sum of {@link #perUnit}. */
    public static long count(INDArray preActivations, Activation activation) {
        long total = 0;
        for (long c : perUnit(preActivations, activation)) {
            total += c;
        }
        return total;
    }

    /**
     * The layer's transitions read from its outputs {@code z = phi(h)} ({@code [N, k]}, rows in trajectory order):
     * relu units are on where {@code z > 0}; hard tanh units are saturated where {@code |z| = 1}. Only for those two
     * activations (and linear, which has no transitions).
     */
    public static long fromOutputs(INDArray outputs, Activation activation) {
        Objects.requireNonNull(activation, "activation");
        return switch (activation) {
            case RELU, LINEAR -> count(outputs, activation);
            case HARD_TANH -> {
                // Outputs lie in [-1, 1]: -1 is region 0, +1 region 2, anything between region 1.
                double[] z = flat(outputs);
                int k = (int) outputs.columns();
                long total = 0;
                for (int j = k; j < z.length; j++) {
                    total += Math.abs(hardTanhRegion(z[j]) - hardTanhRegion(z[j - k]));
                }
                yield total;
            }
            default -> throw new IllegalArgumentException("regions of " + activation.id()
                    + " cannot be read from its outputs; pass pre-activations to count()");
        };
    }

    private static int hardTanhRegion(double z) {
        return z <= -1.0 ? 0 : z >= 1.0 ? 2 : 1;
    }

    /** The values in row-major order, in double precision. */
    private static double[] flat(INDArray a) {
        Objects.requireNonNull(a, "activations");
        if (a.rank() != 2 || a.rows() < 1 || a.columns() < 1) {
            throw new IllegalArgumentException("activations must be [N, k] with N, k >= 1, got shape "
                    + java.util.Arrays.toString(a.shape()));
        }
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }
}
