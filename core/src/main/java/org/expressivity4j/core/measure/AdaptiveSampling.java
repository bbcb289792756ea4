package org.expressivity4j.core.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.core.trajectory.Trajectory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trajectory length, transitions and activation patterns of every layer by adaptive sampling, for the cases
 * {@link ExactCrossings} does not cover (curved trajectories such as the paper's quarter circle, smooth
 * activations); Raghu et al. (ICML 2017), Sections 2.1 and 2.2.
 *
 * <p>A fixed sampling underestimates lengths that grow like {@code (sigma_w / sqrt 2)^d} (at large {@code sigma_w}
 * a fixed 2000 points visibly does), so the sampling is refined where needed:
 * <ol>
 *   <li>The curve is sampled at {@code initialSamples} equally spaced parameter values; {@code L0(d)} is each layer's
 *       chord sum there.</li>
 *   <li>Every interval is halved (its midpoint evaluated through the network, all intervals of a round in one batch).
 *       Halving replaces a chord {@code c} by two chords {@code c1 + c2}; the <em>gain</em> {@code c1 + c2 - c >= 0}
 *       is what doubling the resolution adds there. An interval of parameter width {@code w} is <em>settled</em> when
 *       for every layer its gain is at most {@code (tolerance / 2) L0(d) w}; the halves of a settled interval are
 *       final, the others are halved again.</li>
 *   <li>With {@code refineTransitions}, a half whose end points' activation patterns differ by two or more region
 *       changes (over all layers) is halved again too, so that region changes are seen one at a time.</li>
 *   <li>Refinement stops when no interval is left, at {@code maxSamples} evaluated points, or for intervals
 *       narrower than 2^-40.</li>
 * </ol>
 * A layer's length is the chord sum over the final intervals; its {@code relativeChange} is the sum, over the final
 * intervals, of the gain of the halving that produced them (half of their parent's gain) divided by the length:
 * what the last doubling of the resolution changed, at most {@code tolerance / 2} by construction when the
 * refinement finished. A layer is {@code converged} when the sample budget was not exhausted and this change is at
 * most {@code tolerance}.
 *
 * <p>Transitions are the region changes between consecutive final samples and patterns the distinct patterns at the
 * samples; {@link TrajectoryMeasures#transitionsResolved()} says whether consecutive samples never differ by more
 * than one change. Computed in double precision. Memory: the sampled images of all layers are held for the active
 * intervals only, in parts of at most {@code memoryBudgetBytes}.
 */
public final class AdaptiveSampling {

    private static final Logger log = LoggerFactory.getLogger(AdaptiveSampling.class);
    private static final double MIN_WIDTH = 0x1p-40;

    private AdaptiveSampling() {
    }

    /** The measures of every layer, by adaptive sampling (see the class comment). */
    public static TrajectoryMeasures measure(Network network, Curve curve, MeasureOptions options) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(options, "options");
        if (curve.dimension() != network.inputDimension()) {
            throw new IllegalArgumentException("the curve lies in R^" + curve.dimension() + " but the network takes "
                    + network.inputDimension() + " inputs");
        }
        Run run = new Run(network.withDataType(DataType.DOUBLE), curve, options);
        return run.execute();
    }

    /** One point of the curve with its image and activation pattern in every layer. */
    private static final class Point {
        final double t;
        final double[][] z;
        final byte[][] regions;
        final long[] hashHi;
        final long[] hashLo;

        Point(double t, int depth) {
            this.t = t;
            z = new double[depth + 1][];
            regions = new byte[depth][];
            hashHi = new long[depth];
            hashLo = new long[depth];
        }
    }

    /** An interval between two points; {@code gain} is half the gain of the halving that produced it (null at first). */
    private record Interval(Point a, Point b, double[] gain) {
    }

    private static final class Run {
        final Network net;
        final Curve curve;
        final MeasureOptions options;
        final int depth;
        final int[] widths;
        final Activation activation;
        final PatternKeys keys;
        final Tally tally;
        final double[] initialLengths;
        final double[] residual;
        final long bytesPerPoint;
        long evaluated;
        boolean capped;
        boolean resolved = true;

        Run(Network net, Curve curve, MeasureOptions options) {
            this.net = net;
            this.curve = curve;
            this.options = options;
            depth = net.depth();
            widths = new int[depth + 1];
            long doubles = 0;
            for (int d = 0; d <= depth; d++) {
                widths[d] = net.width(d);
                doubles += widths[d];
            }
            activation = net.activation();
            keys = new PatternKeys(Arrays.copyOfRange(widths, 1, depth + 1), activation.regionCount());
            tally = new Tally(widths);
            initialLengths = new double[depth + 1];
            residual = new double[depth + 1];
            bytesPerPoint = 9 * doubles + 16L * depth + 64L * (depth + 1);
        }

        TrajectoryMeasures execute() {
            double[] t0 = Trajectory.uniform(options.initialSamples());
            Point[] grid = evaluate(t0);
            List<Interval> intervals = new ArrayList<>();
            for (int j = 0; j + 1 < grid.length; j++) {
                for (int d = 0; d <= depth; d++) {
                    initialLengths[d] += chord(grid[j], grid[j + 1], d);
                }
                intervals.add(new Interval(grid[j], grid[j + 1], null));
            }
            refine(intervals);
            boolean[] converged = new boolean[depth + 1];
            double[] change = new double[depth + 1];
            for (int d = 0; d <= depth; d++) {
                double length = tally.lengths[d];
                change[d] = length > 0 ? residual[d] / length : 0.0;
                converged[d] = !capped && change[d] <= options.tolerance();
            }
            if (capped) {
                log.warn("adaptive sampling of {} stopped at {} samples before converging", curve.description(),
                        evaluated);
            }
            return tally.result(TrajectoryMeasures.Method.ADAPTIVE_SAMPLING, converged, change, evaluated, resolved);
        }

        /** Halves the intervals round after round; lists over the memory budget are processed in two parts. */
        void refine(List<Interval> active) {
            while (!active.isEmpty()) {
                if (capped || evaluated + active.size() > options.maxSamples()) {
                    capped = true;
                    for (Interval interval : active) {
                        retire(interval);
                    }
                    return;
                }
                if (active.size() > 1 && 2 * active.size() * bytesPerPoint > options.memoryBudgetBytes()) {
                    int half = active.size() / 2;
                    List<Interval> first = new ArrayList<>(active.subList(0, half));
                    List<Interval> second = new ArrayList<>(active.subList(half, active.size()));
                    active = null;
                    refine(first);
                    refine(second);
                    return;
                }
                double[] mids = new double[active.size()];
                for (int j = 0; j < mids.length; j++) {
                    Interval interval = active.get(j);
                    mids[j] = 0.5 * (interval.a.t + interval.b.t);
                }
                Point[] midPoints = evaluate(mids);
                List<Interval> next = new ArrayList<>();
                for (int j = 0; j < mids.length; j++) {
                    Interval interval = active.get(j);
                    Point a = interval.a;
                    Point b = interval.b;
                    Point m = midPoints[j];
                    double width = b.t - a.t;
                    double[] half = new double[depth + 1];
                    boolean settled = true;
                    for (int d = 0; d <= depth; d++) {
                        double gain = Math.max(0.0, chord(a, m, d) + chord(m, b, d) - chord(a, b, d));
                        half[d] = 0.5 * gain;
                        if (gain > 0.5 * options.tolerance() * initialLengths[d] * width) {
                            settled = false;
                        }
                    }
                    for (Interval child : new Interval[] {new Interval(a, m, half), new Interval(m, b, half)}) {
                        boolean narrow = child.b.t - child.a.t < MIN_WIDTH;
                        boolean unresolved = options.refineTransitions() && changes(child.a, child.b) >= 2;
                        if (!narrow && (!settled || unresolved)) {
                            next.add(child);
                        } else {
                            retire(child);
                        }
                    }
                }
                active = next;
            }
        }

        /** Makes the interval final: adds its chords, transitions, patterns and estimated residual. */
        void retire(Interval interval) {
            Point a = interval.a;
            Point b = interval.b;
            for (int d = 0; d <= depth; d++) {
                tally.lengths[d] += chord(a, b, d);
                if (interval.gain != null) {
                    residual[d] += interval.gain[d];
                }
            }
            for (int d = 1; d <= depth; d++) {
                tally.addTransitions(d, a.regions[d - 1], 0, b.regions[d - 1], 0);
                tally.addPattern(d, a.hashHi[d - 1], a.hashLo[d - 1]);
                tally.addPattern(d, b.hashHi[d - 1], b.hashLo[d - 1]);
            }
            if (changes(a, b) > 1) {
                resolved = false;
            }
        }

        /** Region changes between two points, over all units of all layers. */
        int changes(Point a, Point b) {
            int c = 0;
            for (int d = 0; d < depth; d++) {
                byte[] ra = a.regions[d];
                byte[] rb = b.regions[d];
                for (int i = 0; i < ra.length; i++) {
                    c += Math.abs(ra[i] - rb[i]);
                }
            }
            return c;
        }

        /** Evaluates the network at the parameter values (one batch per memory budget). */
        Point[] evaluate(double[] t) {
            Point[] points = new Point[t.length];
            int batch = (int) Math.max(1, Math.min(t.length, options.memoryBudgetBytes() / (2 * bytesPerPoint)));
            for (int start = 0; start < t.length; start += batch) {
                int end = Math.min(t.length, start + batch);
                double[] part = Arrays.copyOfRange(t, start, end);
                INDArray x = curve.sample(part, DataType.DOUBLE);
                int count = part.length;
                for (int j = 0; j < count; j++) {
                    points[start + j] = new Point(part[j], depth);
                }
                split(x.data().asDouble(), widths[0], points, start, count, 0);
                long[] lane = new long[2];
                final int offset = start;
                net.propagate(x, true, (layer, h, z) -> {
                    int k = widths[layer];
                    double[] hv = h.data().asDouble();
                    split(z.data().asDouble(), k, points, offset, count, layer);
                    for (int j = 0; j < count; j++) {
                        Point p = points[offset + j];
                        byte[] r = new byte[k];
                        int row = j * k;
                        for (int i = 0; i < k; i++) {
                            r[i] = (byte) activation.region(hv[row + i]);
                        }
                        p.regions[layer - 1] = r;
                        keys.layerHash(layer, r, 0, lane);
                        p.hashHi[layer - 1] = (layer > 1 ? p.hashHi[layer - 2] : 0) + lane[0];
                        p.hashLo[layer - 1] = (layer > 1 ? p.hashLo[layer - 2] : 0) + lane[1];
                    }
                });
            }
            evaluated += t.length;
            return points;
        }

        private static void split(double[] flat, int k, Point[] points, int offset, int count, int layer) {
            for (int j = 0; j < count; j++) {
                points[offset + j].z[layer] = Arrays.copyOfRange(flat, j * k, (j + 1) * k);
            }
        }

        static double chord(Point a, Point b, int d) {
            double[] x = a.z[d];
            return ExactCrossings.distance(x, 0, b.z[d], 0, x.length);
        }
    }
}
