package org.expressivity4j.core.measure;

import java.util.Objects;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Distinct activation patterns of a network over a set of inputs (Raghu et al., ICML 2017, Section 2.1): the
 * pattern {@code AP(F_A(x; W))} of an input is the region of every unit ({@link Activation#region}); two inputs
 * with the same pattern of layers 1 .. d lie in the same linear region of the network truncated at layer d
 * (Theorem 2). Over the points of a trajectory this is {@code A(F_A(x(t); W))}; over random inputs it probes how
 * many of the regions bounded by Theorem 1 a network actually uses.
 *
 * <p>Patterns are compared through 128-bit hashes (collision probability below {@code P^2 2^-129} for P patterns;
 * see {@code PatternKeys}).
 */
public final class ActivationPatterns {

    private ActivationPatterns() {
    }

    /**
     * For d = 1 .. n, the number of distinct patterns of layers 1 .. d over the points.
     *
     * @param points {@code [N, m]}, any order
     * @return n counts, index d - 1
     */
    public static long[] distinct(Network network, INDArray points) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(points, "points");
        Network net = network.withDataType(DataType.DOUBLE);
        int depth = net.depth();
        int[] widths = new int[depth];
        for (int d = 1; d <= depth; d++) {
            widths[d - 1] = net.width(d);
        }
        Activation activation = net.activation();
        PatternKeys keys = new PatternKeys(widths, activation.regionCount());
        int n = Math.toIntExact(points.rows());
        long[] hi = new long[n];
        long[] lo = new long[n];
        long[] counts = new long[depth];
        long[] lane = new long[2];
        net.propagate(points.castTo(DataType.DOUBLE), true, (layer, h, z) -> {
            int k = widths[layer - 1];
            double[] hv = h.data().asDouble();
            byte[] r = new byte[k];
            LongPairSet set = new LongPairSet(n);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < k; i++) {
                    r[i] = (byte) activation.region(hv[j * k + i]);
                }
                keys.layerHash(layer, r, 0, lane);
                hi[j] += lane[0];
                lo[j] += lane[1];
                set.add(hi[j], lo[j]);
            }
            counts[layer - 1] = set.size();
        });
        return counts;
    }
}
