package org.expressivity4j.core.measure;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.trajectory.Curve;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact transitions, activation patterns and lengths of a piecewise-linear network (relu, hard tanh, linear) along
 * a piecewise-affine trajectory (a segment {@code x(t) = x0 + t (x1 - x0)}, a path through points), following the
 * proof of Theorem 2 and Corollary 1 of Raghu et al. (ICML 2017), Appendix A.
 *
 * <p>On a parameter interval where the input is affine in {@code t} and no unit of layers 1 .. d-1 changes region,
 * {@code z^(d-1)} is affine in {@code t}, hence so is every pre-activation of layer d: its crossings of the region
 * boundaries (0 for relu, -1 and +1 for hard tanh) are found by linear interpolation between the interval's end
 * points. The parameter range is split at all of them, layer by layer; the values at the new break points are the
 * affine interpolants (exact up to rounding), and the next layer starts from this finer partition. After the last
 * layer every interval is a linear piece of the whole network along the trajectory, so:
 * <ul>
 *   <li>the region of each unit on each interval is read at the interval's midpoint, and a unit's transitions are
 *       the region changes between consecutive intervals (a pre-activation that touches a boundary and turns back is
 *       no transition);</li>
 *   <li>the distinct activation patterns of layers 1 .. d are those of the intervals (counted through 128-bit
 *       hashes, see {@code PatternKeys}; along a single segment all are distinct, by Corollary 1);</li>
 *   <li>each layer's image is a polyline through its values at the break points, so the sum of chord lengths there
 *       is its exact length.</li>
 * </ul>
 * All arithmetic is in double precision whatever the network's data type. Memory: the parameter range is processed
 * in chunks holding at most {@code maxKnots} break points; a chunk that produces more is split in two and
 * recomputed, so memory stays near {@code 3 maxKnots width} doubles while the number of pieces may be far larger.
 */
public final class ExactCrossings {

    private static final Logger log = LoggerFactory.getLogger(ExactCrossings.class);

    private ExactCrossings() {
    }

    /** Whether the exact computation applies: a piecewise-linear activation and a piecewise-affine curve. */
    public static boolean applies(Network network, Curve curve) {
        return network.activation().isPiecewiseLinear() && curve.affineBreaks().isPresent();
    }

    /**
     * The exact measures of every layer.
     *
     * @param maxKnots the most break points held at once (at least 16); see the class comment
     * @throws IllegalArgumentException if the activation is not piecewise linear or the curve not piecewise affine
     * @throws IllegalStateException    if a parameter interval narrower than 1e-15 still holds more than
     *                                  {@code maxKnots} break points
     */
    public static TrajectoryMeasures measure(Network network, Curve curve, int maxKnots) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(curve, "curve");
        if (!network.activation().isPiecewiseLinear()) {
            throw new IllegalArgumentException("exact crossings need a piecewise-linear activation, not "
                    + network.activation().id() + "; use adaptive sampling");
        }
        double[] breaks = curve.affineBreaks().orElseThrow(() -> new IllegalArgumentException(
                "exact crossings need a piecewise-affine trajectory; " + curve.description() + " is curved"));
        if (curve.dimension() != network.inputDimension()) {
            throw new IllegalArgumentException("the curve lies in R^" + curve.dimension() + " but the network takes "
                    + network.inputDimension() + " inputs");
        }
        if (maxKnots < 16) {
            throw new IllegalArgumentException("max knots must be at least 16, got " + maxKnots);
        }
        Run run = new Run(network.withDataType(DataType.DOUBLE), curve, maxKnots, false);
        for (int i = 0; i + 1 < breaks.length; i++) {
            run.process(breaks[i], breaks[i + 1]);
        }
        int depth = network.depth();
        boolean[] converged = new boolean[depth + 1];
        Arrays.fill(converged, true);
        return run.tally.result(TrajectoryMeasures.Method.EXACT, converged, new double[depth + 1],
                breaks.length + run.crossings, true);
    }

    /**
     * The break points of the network along the curve: the sorted parameter values where some unit of some layer
     * changes region, together with the curve's own break points (so 0 and 1 included). Consecutive values bound the
     * linear pieces of the network along the trajectory; e.g. to see where transitions happen, or to choose a
     * sampling that visits every piece.
     */
    public static double[] breakPoints(Network network, Curve curve, int maxKnots) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(curve, "curve");
        if (!applies(network, curve)) {
            throw new IllegalArgumentException("exact crossings need a piecewise-linear activation and a piecewise-affine"
                    + " trajectory, got " + network.activation().id() + " along " + curve.description());
        }
        Run run = new Run(network.withDataType(DataType.DOUBLE), curve, maxKnots, true);
        double[] breaks = curve.affineBreaks().orElseThrow();
        for (int i = 0; i + 1 < breaks.length; i++) {
            run.process(breaks[i], breaks[i + 1]);
        }
        return Arrays.copyOf(run.knots, run.knotCount);
    }

    /** One computation: the network, the accumulators, and the regions at the end of the last chunk. */
    private static final class Run {
        final Network net;
        final Curve curve;
        final int maxKnots;
        final Activation activation;
        final double[] boundaries;
        final int depth;
        final int[] widths;
        final INDArray[] weights;
        final double[][] biases;
        final PatternKeys keys;
        final Tally tally;
        final byte[][] lastRegions;
        final boolean collectKnots;
        double[] knots = new double[16];
        int knotCount;
        final java.util.Set<Double> chunkBounds = new java.util.HashSet<>();
        long crossings;

        Run(Network net, Curve curve, int maxKnots, boolean collectKnots) {
            this.collectKnots = collectKnots;
            this.net = net;
            this.curve = curve;
            this.maxKnots = maxKnots;
            activation = net.activation();
            boundaries = activation.regionBoundaries();
            depth = net.depth();
            widths = new int[depth + 1];
            weights = new INDArray[depth];
            biases = new double[depth][];
            for (int d = 0; d <= depth; d++) {
                widths[d] = net.width(d);
            }
            for (int d = 1; d <= depth; d++) {
                weights[d - 1] = net.weights(d);
                biases[d - 1] = net.bias(d).toDoubleVector();
            }
            keys = new PatternKeys(Arrays.copyOfRange(widths, 1, depth + 1), activation.regionCount());
            tally = new Tally(widths);
            lastRegions = new byte[depth][];
        }

        /** Processes [a, b] (an affine piece of the curve, or part of one), splitting it while it overflows. */
        void process(double a, double b) {
            Deque<double[]> pending = new ArrayDeque<>();
            pending.push(new double[] {a, b});
            while (!pending.isEmpty()) {
                double[] range = pending.pop();
                Chunk chunk = compute(range[0], range[1]);
                if (chunk != null) {
                    commit(chunk);
                    continue;
                }
                double mid = 0.5 * (range[0] + range[1]);
                if (!(range[1] - range[0] > 1e-15) || mid <= range[0] || mid >= range[1]) {
                    throw new IllegalStateException("more than " + maxKnots + " linear pieces in the parameter interval ["
                            + range[0] + ", " + range[1] + "]: raise maxKnots");
                }
                log.debug("exact crossings: more than {} knots in [{}, {}]; splitting", maxKnots, range[0], range[1]);
                chunkBounds.add(mid);
                pending.push(new double[] {mid, range[1]});
                pending.push(new double[] {range[0], mid});
            }
        }

        /** The chunk's measures, or null if it needs more than maxKnots break points. */
        Chunk compute(double a, double b) {
            double[] t = {a, b};
            int cols = widths[0];
            double[] z = curve.sample(t, DataType.DOUBLE).data().asDouble();
            Chunk chunk = new Chunk(depth);
            chunk.lengths[0] = distance(z, 0, z, cols, cols);
            long[] hashHi = new long[1];
            long[] hashLo = new long[1];
            long[] lane = new long[2];
            for (int d = 1; d <= depth; d++) {
                int out = widths[d];
                int knots = t.length;
                double[] h = affine(z, knots, cols, d);
                // Crossings of the boundaries inside each interval: h is affine in t there.
                int[] counts = new int[knots - 1];
                long total = 0;
                for (int j = 0; j + 1 < knots; j++) {
                    int c = 0;
                    int r0 = j * out;
                    int r1 = r0 + out;
                    for (int i = 0; i < out; i++) {
                        double ha = h[r0 + i];
                        double hb = h[r1 + i];
                        for (double bound : boundaries) {
                            if ((ha < bound && hb > bound) || (ha > bound && hb < bound)) {
                                c++;
                            }
                        }
                    }
                    counts[j] = c;
                    total += c;
                }
                if (knots + total > maxKnots || (knots + total) * (long) Math.max(out, cols) > Integer.MAX_VALUE - 8) {
                    return null;
                }
                int added = (int) total;
                double[] fractions = new double[added];
                int[] starts = new int[knots];
                for (int j = 0, p = 0; j + 1 < knots; j++) {
                    starts[j] = p;
                    int r0 = j * out;
                    int r1 = r0 + out;
                    for (int i = 0; i < out && counts[j] > 0; i++) {
                        double ha = h[r0 + i];
                        double hb = h[r1 + i];
                        for (double bound : boundaries) {
                            if ((ha < bound && hb > bound) || (ha > bound && hb < bound)) {
                                fractions[p++] = (bound - ha) / (hb - ha);
                            }
                        }
                    }
                    Arrays.sort(fractions, starts[j], p);
                }
                // The refined partition: old knots plus distinct interior crossing points, with h interpolated.
                int[] parent = new int[knots - 1 + added];
                double[] t2 = new double[knots + added];
                double[] h2 = new double[(knots + added) * out];
                int q = 0;
                for (int j = 0; j + 1 < knots; j++) {
                    t2[q] = t[j];
                    System.arraycopy(h, j * out, h2, q * out, out);
                    parent[q] = j;
                    q++;
                    double last = 0.0;
                    for (int p = starts[j]; p < starts[j] + counts[j]; p++) {
                        double s = fractions[p];
                        double tn = t[j] + s * (t[j + 1] - t[j]);
                        if (!(s > last) || s >= 1.0 || !(tn > t2[q - 1]) || !(tn < t[j + 1])) {
                            continue;
                        }
                        last = s;
                        t2[q] = tn;
                        int r0 = j * out;
                        int r1 = r0 + out;
                        int rq = q * out;
                        for (int i = 0; i < out; i++) {
                            h2[rq + i] = h[r0 + i] + s * (h[r1 + i] - h[r0 + i]);
                        }
                        parent[q] = j;
                        q++;
                    }
                }
                t2[q] = t[knots - 1];
                System.arraycopy(h, (knots - 1) * out, h2, q * out, out);
                int newKnots = q + 1;
                chunk.crossings += newKnots - knots;
                t = Arrays.copyOf(t2, newKnots);
                if (newKnots < knots + added) {
                    // Coinciding crossings (units crossing at the same t) were merged: drop the unused rows.
                    h2 = Arrays.copyOf(h2, newKnots * out);
                }
                int intervals = newKnots - 1;
                // Regions at the midpoints; transitions between consecutive intervals; pattern hashes.
                byte[] regions = new byte[intervals * out];
                for (int j = 0; j < intervals; j++) {
                    int r0 = j * out;
                    int r1 = r0 + out;
                    for (int i = 0; i < out; i++) {
                        regions[r0 + i] = (byte) activation.region(0.5 * (h2[r0 + i] + h2[r1 + i]));
                    }
                }
                long[] neuron = new long[out];
                for (int j = 0; j + 1 < intervals; j++) {
                    int r0 = j * out;
                    int r1 = r0 + out;
                    for (int i = 0; i < out; i++) {
                        neuron[i] += Math.abs(regions[r1 + i] - regions[r0 + i]);
                    }
                }
                long[] nextHi = new long[intervals];
                long[] nextLo = new long[intervals];
                for (int j = 0; j < intervals; j++) {
                    keys.layerHash(d, regions, j * out, lane);
                    nextHi[j] = hashHi[parent[j]] + lane[0];
                    nextLo[j] = hashLo[parent[j]] + lane[1];
                }
                hashHi = nextHi;
                hashLo = nextLo;
                // The layer's output at the knots, and its exact length (a polyline through them).
                for (int p = 0; p < newKnots * out; p++) {
                    h2[p] = activation.apply(h2[p]);
                }
                z = h2;
                cols = out;
                double length = 0.0;
                for (int j = 0; j < intervals; j++) {
                    length += distance(z, j * out, z, (j + 1) * out, out);
                }
                chunk.lengths[d] = length;
                chunk.neuron[d - 1] = neuron;
                chunk.firstRegions[d - 1] = Arrays.copyOfRange(regions, 0, out);
                chunk.lastRegions[d - 1] = Arrays.copyOfRange(regions, (intervals - 1) * out, intervals * out);
                chunk.hashHi[d - 1] = hashHi;
                chunk.hashLo[d - 1] = hashLo;
            }
            chunk.knots = collectKnots ? t : null;
            return chunk;
        }

        /** h = z W_d + b_d at the knots, as a row-major [knots, width] array. */
        double[] affine(double[] z, int knots, int cols, int d) {
            INDArray zin = Nd4j.createFromArray(z).reshape(knots, cols);
            INDArray h = zin.mmul(weights[d - 1]);
            double[] out = h.data().asDouble();
            double[] b = biases[d - 1];
            int width = b.length;
            for (int j = 0; j < knots; j++) {
                int r = j * width;
                for (int i = 0; i < width; i++) {
                    out[r + i] += b[i];
                }
            }
            return out;
        }

        void commit(Chunk chunk) {
            tally.lengths[0] += chunk.lengths[0];
            for (int d = 1; d <= depth; d++) {
                tally.lengths[d] += chunk.lengths[d];
                long[] counts = tally.neuronTransitions[d - 1];
                long[] add = chunk.neuron[d - 1];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += add[i];
                }
                if (lastRegions[d - 1] != null) {
                    tally.addTransitions(d, lastRegions[d - 1], 0, chunk.firstRegions[d - 1], 0);
                }
                lastRegions[d - 1] = chunk.lastRegions[d - 1];
                long[] hi = chunk.hashHi[d - 1];
                long[] lo = chunk.hashLo[d - 1];
                for (int j = 0; j < hi.length; j++) {
                    tally.addPattern(d, hi[j], lo[j]);
                }
            }
            crossings += chunk.crossings;
            if (collectKnots) {
                double[] t = chunk.knots;
                for (int j = knotCount == 0 ? 0 : 1; j < t.length; j++) {
                    if (j == 0 || j == t.length - 1 ? chunkBounds.contains(t[j]) : false) {
                        continue;
                    }
                    if (knotCount == knots.length) {
                        knots = Arrays.copyOf(knots, 2 * knots.length);
                    }
                    knots[knotCount++] = t[j];
                }
            }
        }
    }

    /** The measures of one chunk of the parameter range, committed only once every layer fitted. */
    private static final class Chunk {
        final double[] lengths;
        final long[][] neuron;
        final byte[][] firstRegions;
        final byte[][] lastRegions;
        final long[][] hashHi;
        final long[][] hashLo;
        long crossings;
        double[] knots;

        Chunk(int depth) {
            lengths = new double[depth + 1];
            neuron = new long[depth][];
            firstRegions = new byte[depth][];
            lastRegions = new byte[depth][];
            hashHi = new long[depth][];
            hashLo = new long[depth][];
        }
    }

    static double distance(double[] a, int offsetA, double[] b, int offsetB, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            double d = a[offsetA + i] - b[offsetB + i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
