package org.expressivity4j.core.measure;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.network.SeededGaussians;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dichotomies, the dual of transitions (Raghu et al., ICML 2017, Appendix B.3 and Figs. 14-16): the weights of one
 * layer are swept along a great circle {@code W(t) = cos(t) W0 + sin(t) W1}, {@code t} in {@code [0, 2 pi)}, while
 * {@code s} fixed inputs are labelled by the network, and the number of distinct labellings (dichotomies) is
 * counted.
 *
 * <p><b>Definitions we chose</b> (the paper leaves them implicit):
 * <ul>
 *   <li>Labels are binary: the sign of one linear readout unit {@code u . z^(n) + c} on top of the network's n hidden
 *       layers ({@code u ~ N(0, sigma_w^2 / k)}, {@code c ~ N(0, sigma_b^2)}, from the network's seed), label 1 when
 *       positive, so there are at most {@code 2^s} dichotomies (the paper's "all 2^s possible dichotomies").</li>
 *   <li>{@code W0} is the network's own weight matrix of the swept layer, {@code W1} an independent matrix of the
 *       same distribution (from the sweep's seed); {@code W(t)} then has that distribution for every t. Only the
 *       weights move; the bias stays.</li>
 *   <li>The swept layer is 1 .. n (the weights into hidden layer d; the paper's "first layer" is 1) or n + 1 (the
 *       readout). The <em>remaining depth</em> is the number of hidden layers at or above the swept weights,
 *       {@code n - d + 1} (0 for the readout).</li>
 *   <li>The s inputs have i.i.d. N(0, 1) coordinates (the paper's "random samples"), from the sweep's seed.</li>
 *   <li>The full circle (arc 2 pi) is a closed loop: the last sample is followed by the first. Any other arc is swept
 *       from 0 to arc, both ends included.</li>
 *   <li>A transition is one label flip; the total over the sweep, summed over inputs, is the x axis of Fig. 16 and
 *       the number of steps of its random-walk baseline ({@link #randomWalk}).</li>
 * </ul>
 * Sampling: {@code initialSamples} equally spaced angles, then every pair of neighbours whose labellings differ in
 * two or more labels is bisected (all of a round in one batch of matrix products) until none is left, intervals are
 * narrower than 2^-40 of the arc, or {@code maxSamples} angles were evaluated; {@link Result#resolved()} says whether
 * neighbours finally differ by at most one flip. A label that flips and flips back between two samples is not seen.
 * Computed in double precision.
 */
public final class Dichotomies {

    private static final double MIN_WIDTH = 0x1p-40;
    private static final long INPUT_STREAM = 1;
    private static final long SWEEP_STREAM = 2;
    private static final long READOUT_WEIGHTS = -1;
    private static final long READOUT_BIAS = -2;

    private Dichotomies() {
    }

    /**
     * One sweep.
     *
     * @param network        the random network (its hidden layers; the readout is drawn from its seed)
     * @param sweptLayer     1 .. depth: the weights into that hidden layer; depth + 1: the readout's weights
     * @param inputs         s, 1 .. 63
     * @param arc            the sweep's angle in radians, in (0, 2 pi]; 2 pi is the full, closed great circle
     * @param initialSamples equally spaced angles to start from, at least 2
     * @param maxSamples     the most angles evaluated
     * @param seed           seed of the inputs and of {@code W1}
     */
    public record Sweep(RandomNetwork network, int sweptLayer, int inputs, double arc, int initialSamples,
                        long maxSamples, long seed) {

        public Sweep {
            Objects.requireNonNull(network, "network");
            if (sweptLayer < 1 || sweptLayer > network.depth() + 1) {
                throw new IllegalArgumentException("swept layer must be in 1 .. " + (network.depth() + 1)
                        + " (depth + 1 = the readout), got " + sweptLayer);
            }
            if (inputs < 1 || inputs > 63) {
                throw new IllegalArgumentException("inputs must be in 1 .. 63, got " + inputs);
            }
            if (!(arc > 0 && arc <= 2 * Math.PI + 1e-12)) {
                throw new IllegalArgumentException("arc must be in (0, 2 pi], got " + arc);
            }
            if (initialSamples < 2 || maxSamples < initialSamples) {
                throw new IllegalArgumentException("need 2 <= initial samples <= max samples, got " + initialSamples
                        + " and " + maxSamples);
            }
        }

        /** The full great circle from 1000 equally spaced angles, at most 2^22 angles. */
        public static Sweep fullCircle(RandomNetwork network, int sweptLayer, int inputs, long seed) {
            return new Sweep(network, sweptLayer, inputs, 2 * Math.PI, 1000, 1L << 22, seed);
        }

        /** Hidden layers at or above the swept weights: depth - sweptLayer + 1 (0 for the readout). */
        public int remainingDepth() {
            return network.depth() - sweptLayer + 1;
        }

        /** Whether the sweep is the closed full circle. */
        public boolean closed() {
            return arc >= 2 * Math.PI - 1e-12;
        }

        public Sweep withSamples(int initial, long max) {
            return new Sweep(network, sweptLayer, inputs, arc, initial, max, seed);
        }

        public Sweep withArc(double newArc) {
            return new Sweep(network, sweptLayer, inputs, newArc, initialSamples, maxSamples, seed);
        }
    }

    /**
     * The outcome of a sweep.
     *
     * @param sweep       what was swept
     * @param dichotomies distinct labellings seen
     * @param transitions label flips between consecutive samples, summed over inputs (and over the closing pair of
     *                    a full circle)
     * @param samples     angles evaluated
     * @param resolved    whether consecutive samples never differ in more than one label
     */
    public record Result(Sweep sweep, long dichotomies, long transitions, long samples, boolean resolved) {
    }

    /** Sweeps and counts. */
    public static Result count(Sweep sweep) {
        Objects.requireNonNull(sweep, "sweep");
        Labeller labeller = new Labeller(sweep);
        boolean closed = sweep.closed();
        int n0 = sweep.initialSamples();
        double[] theta = new double[n0];
        for (int i = 0; i < n0; i++) {
            theta[i] = closed ? sweep.arc() * i / n0 : sweep.arc() * i / (n0 - 1);
        }
        long[] labels = labeller.labels(theta);
        long evaluated = n0;
        double minWidth = MIN_WIDTH * sweep.arc();
        while (true) {
            int pairs = closed ? theta.length : theta.length - 1;
            int flagged = 0;
            boolean[] split = new boolean[pairs];
            for (int j = 0; j < pairs; j++) {
                int next = (j + 1) % theta.length;
                double width = (next == 0 ? sweep.arc() : theta[next]) - theta[j];
                if (Long.bitCount(labels[j] ^ labels[next]) >= 2 && width > minWidth) {
                    split[j] = true;
                    flagged++;
                }
            }
            if (flagged == 0 || evaluated + flagged > sweep.maxSamples()) {
                break;
            }
            double[] mids = new double[flagged];
            for (int j = 0, q = 0; j < pairs; j++) {
                if (split[j]) {
                    int next = (j + 1) % theta.length;
                    double end = next == 0 ? sweep.arc() : theta[next];
                    mids[q++] = 0.5 * (theta[j] + end);
                }
            }
            long[] midLabels = labeller.labels(mids);
            evaluated += flagged;
            double[] t2 = new double[theta.length + flagged];
            long[] l2 = new long[theta.length + flagged];
            for (int j = 0, q = 0, p = 0; j < theta.length; j++) {
                t2[p] = theta[j];
                l2[p++] = labels[j];
                if (j < pairs && split[j]) {
                    t2[p] = mids[q];
                    l2[p++] = midLabels[q++];
                }
            }
            theta = t2;
            labels = l2;
        }
        LongPairSet distinct = new LongPairSet(labels.length);
        long transitions = 0;
        boolean resolved = true;
        int pairs = closed ? labels.length : labels.length - 1;
        for (int j = 0; j < labels.length; j++) {
            distinct.add(labels[j], 0);
        }
        for (int j = 0; j < pairs; j++) {
            int flips = Long.bitCount(labels[j] ^ labels[(j + 1) % labels.length]);
            transitions += flips;
            resolved &= flips <= 1;
        }
        return new Result(sweep, distinct.size(), transitions, evaluated, resolved);
    }

    /**
     * The random-walk baseline of Fig. 16: starting from one labelling of {@code s} inputs, each transition flips one
     * label chosen uniformly at random; returns, for each requested number of steps, the mean number of distinct
     * labellings visited (the start included), over {@code walks} independent walks.
     *
     * @param steps numbers of steps, each non-negative (any order)
     */
    public static double[] randomWalk(int s, long[] steps, int walks, long seed) {
        if (s < 1 || s > 63) {
            throw new IllegalArgumentException("inputs must be in 1 .. 63, got " + s);
        }
        if (walks < 1) {
            throw new IllegalArgumentException("walks must be at least 1, got " + walks);
        }
        long[] sorted = steps.clone();
        Arrays.sort(sorted);
        if (sorted.length > 0 && sorted[0] < 0) {
            throw new IllegalArgumentException("steps must be non-negative, got " + sorted[0]);
        }
        long last = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        double[] sums = new double[sorted.length];
        for (int w = 0; w < walks; w++) {
            SplittableRandom random = new SplittableRandom(SeededGaussians.derive(seed, w));
            LongPairSet visited = new LongPairSet();
            long state = 0;
            visited.add(state, 0);
            int q = 0;
            for (long step = 0; step <= last; step++) {
                if (step > 0) {
                    state ^= 1L << random.nextInt(s);
                    visited.add(state, 0);
                }
                while (q < sorted.length && sorted[q] == step) {
                    sums[q++] += visited.size();
                }
            }
        }
        double[] means = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            means[i] = sums[Arrays.binarySearch(sorted, steps[i])] / walks;
        }
        return means;
    }

    /** Labels of the fixed inputs as a function of the sweep angle. */
    private static final class Labeller {
        final Network net;
        final int layer;
        final int depth;
        final int s;
        final double[] a;
        final double[] b;
        final double[] bias;
        final int out;
        final INDArray readout;
        final double readoutBias;
        final int width;

        Labeller(Sweep sweep) {
            RandomNetwork spec = sweep.network();
            net = spec.create(DataType.DOUBLE);
            layer = sweep.sweptLayer();
            depth = spec.depth();
            s = sweep.inputs();
            int k = spec.width();
            readout = SeededGaussians.matrix(k, 1, spec.sigmaW() / Math.sqrt(k),
                    SeededGaussians.derive(spec.seed(), READOUT_WEIGHTS), DataType.DOUBLE);
            readoutBias = spec.sigmaB() * new SplittableRandom(SeededGaussians.derive(spec.seed(), READOUT_BIAS))
                    .nextGaussian();
            INDArray x = SeededGaussians.matrix(s, spec.inputDimension(), 1.0,
                    SeededGaussians.derive(sweep.seed(), INPUT_STREAM), DataType.DOUBLE);
            INDArray below = layer == 1 ? x : net.forward(x).output(layer - 1);
            INDArray w0;
            INDArray w1;
            if (layer <= depth) {
                w0 = net.weights(layer);
                bias = net.bias(layer).toDoubleVector();
            } else {
                w0 = readout;
                bias = new double[] {readoutBias};
            }
            int fanIn = (int) w0.rows();
            out = (int) w0.columns();
            w1 = SeededGaussians.matrix(fanIn, out, spec.sigmaW() / Math.sqrt(fanIn),
                    SeededGaussians.derive(sweep.seed(), SWEEP_STREAM, layer), DataType.DOUBLE);
            a = below.mmul(w0).data().asDouble();
            b = below.mmul(w1).data().asDouble();
            width = k;
        }

        /** One bit per input (bit i = input i positive) for each angle. */
        long[] labels(double[] theta) {
            long[] result = new long[theta.length];
            long perAngle = (long) s * Math.max(out, width) * 8 * 3;
            int batch = (int) Math.max(1, Math.min(theta.length, (256L << 20) / perAngle));
            for (int start = 0; start < theta.length; start += batch) {
                int count = Math.min(batch, theta.length - start);
                double[] h = new double[count * s * out];
                for (int q = 0; q < count; q++) {
                    double c = Math.cos(theta[start + q]);
                    double sn = Math.sin(theta[start + q]);
                    int base = q * s * out;
                    for (int i = 0; i < s * out; i++) {
                        h[base + i] = c * a[i] + sn * b[i] + bias[i % out];
                    }
                }
                double[] score;
                if (layer > depth) {
                    score = h;
                } else {
                    INDArray hl = Nd4j.createFromArray(h).reshape((long) count * s, out);
                    INDArray z = net.activation().applyInPlace(hl);
                    INDArray[] top = {z};
                    if (layer < depth) {
                        net.propagateFrom(layer, z, false, (d, pre, output) -> top[0] = output);
                    }
                    score = top[0].mmul(readout).data().asDouble();
                    for (int i = 0; i < score.length; i++) {
                        score[i] += readoutBias;
                    }
                }
                for (int q = 0; q < count; q++) {
                    long bits = 0;
                    for (int i = 0; i < s; i++) {
                        if (score[q * s + i] > 0) {
                            bits |= 1L << i;
                        }
                    }
                    result[start + q] = bits;
                }
            }
            return result;
        }
    }
}
