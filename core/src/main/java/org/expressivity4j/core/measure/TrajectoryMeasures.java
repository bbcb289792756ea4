package org.expressivity4j.core.measure;

import java.util.List;
import java.util.Objects;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.trajectory.Curve;

/**
 * The expressivity measures of Raghu et al. (ICML 2017), Section 2, of one network along one trajectory, for every
 * layer: trajectory length (Section 2.2), neuron transitions and distinct activation patterns (Section 2.1).
 *
 * <p>{@link #measure} computes them
 * <ul>
 *   <li>{@link Method#EXACT exactly} for piecewise-linear activations (relu, hard tanh, linear) along
 *       piecewise-affine trajectories (a line segment, a path through points): the parameter range is split at
 *       every crossing point of every unit, layer by layer ({@link ExactCrossings}); lengths, transitions and
 *       patterns then carry no sampling error (only floating-point rounding); or</li>
 *   <li>by {@link Method#ADAPTIVE_SAMPLING adaptive sampling} otherwise (curved trajectories, smooth activations):
 *       the sampling is refined where the length estimate or the activation pattern still changes
 *       ({@link AdaptiveSampling}); the result states the number of points used, whether each layer's length
 *       converged, and whether every region change was resolved.</li>
 * </ul>
 * Both evaluate the network on many small batches: configure one native thread
 * ({@code NativeBackend.configure(new NativeBackend.Settings(1, ...))}) for them; on two cores that was 3 to 8 times
 * faster than two threads (OpenMP's synchronization costs more than the small products gain).
 *
 * @param method              how the measures were computed
 * @param layers              layer 0 (the input trajectory) to n
 * @param samples             exact: the number of parameter values at which some unit of some layer changes region,
 *                            plus the trajectory's own break points (the end points of the network's linear pieces
 *                            along the trajectory); sampled: the number of points the network was evaluated at
 * @param transitionsResolved exact: true; sampled: whether consecutive samples never differ by more than one region
 *                            change (two changes between samples could then only hide as a pair that cancels)
 * @param neuronTransitions   per hidden layer (index layer - 1), the transitions of each unit
 */
public record TrajectoryMeasures(Method method, List<LayerMeasures> layers, long samples,
                                 boolean transitionsResolved, long[][] neuronTransitions) {

    /** How the measures were computed. */
    public enum Method {
        /** Crossing points computed layer by layer: no sampling error. */
        EXACT,
        /** Adaptive sampling with a convergence check. */
        ADAPTIVE_SAMPLING
    }

    public TrajectoryMeasures {
        Objects.requireNonNull(method, "method");
        layers = List.copyOf(layers);
        if (layers.isEmpty() || neuronTransitions.length != layers.size() - 1) {
            throw new IllegalArgumentException(layers.size() + " layers for " + neuronTransitions.length
                    + " rows of neuron transitions");
        }
        neuronTransitions = deepCopy(neuronTransitions);
    }

    /** {@link #measure(Network, Curve, MeasureOptions)} with {@link MeasureOptions#defaults()}. */
    public static TrajectoryMeasures measure(Network network, Curve curve) {
        return measure(network, curve, MeasureOptions.defaults());
    }

    /**
     * Measures the network along the curve: exactly when {@link MeasureOptions#exactWhenPossible()} and the
     * activation is piecewise linear and the curve piecewise affine, else by adaptive sampling.
     */
    public static TrajectoryMeasures measure(Network network, Curve curve, MeasureOptions options) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(options, "options");
        if (curve.dimension() != network.inputDimension()) {
            throw new IllegalArgumentException("the curve lies in R^" + curve.dimension() + " but the network takes "
                    + network.inputDimension() + " inputs");
        }
        if (options.exactWhenPossible() && ExactCrossings.applies(network, curve)) {
            // Chunks hold about 3 knots x width doubles: keep them within the memory budget too.
            int widest = 1;
            for (int d = 0; d <= network.depth(); d++) {
                widest = Math.max(widest, network.width(d));
            }
            long byBudget = options.memoryBudgetBytes() / (24L * widest);
            int maxKnots = (int) Math.max(16, Math.min(options.maxKnots(), byBudget));
            return ExactCrossings.measure(network, curve, maxKnots);
        }
        return AdaptiveSampling.measure(network, curve, options);
    }

    /** Number of hidden layers n. */
    public int depth() {
        return layers.size() - 1;
    }

    /** The measures of layer {@code d} (0 = input, 1 .. n hidden). */
    public LayerMeasures layer(int d) {
        if (d < 0 || d > depth()) {
            throw new IllegalArgumentException("layer must be in 0 .. " + depth() + ", got " + d);
        }
        return layers.get(d);
    }

    /** Lengths of layers 0 .. n. */
    public double[] lengths() {
        return layers.stream().mapToDouble(LayerMeasures::length).toArray();
    }

    /** Transitions of layers 0 .. n (layer 0 has none). */
    public long[] transitions() {
        return layers.stream().mapToLong(LayerMeasures::transitions).toArray();
    }

    /** Distinct activation patterns of layers 1 .. d, for d = 0 .. n. */
    public long[] patterns() {
        return layers.stream().mapToLong(LayerMeasures::patterns).toArray();
    }

    /** The transitions of the last layer's units, the paper's {@code T(F_A(x(t); W))}. */
    public long outputTransitions() {
        return layers.get(depth()).transitions();
    }

    /** The transitions of all hidden units together. */
    public long totalTransitions() {
        return layers.stream().mapToLong(LayerMeasures::transitions).sum();
    }

    /** Whether every layer's length is exact or converged. */
    public boolean converged() {
        return layers.stream().allMatch(LayerMeasures::converged);
    }

    /** {@code length(d) / length(d - 1)}, d = 1 .. n: the per-layer growth of Theorem 3 / Fig. 13 (c, d). */
    public double growthRatio(int d) {
        if (d < 1 || d > depth()) {
            throw new IllegalArgumentException("layer must be in 1 .. " + depth() + ", got " + d);
        }
        return layers.get(d).length() / layers.get(d - 1).length();
    }

    /** A copy of the per-unit transitions of hidden layer {@code d} (1 .. n). */
    public long[] neuronTransitions(int d) {
        if (d < 1 || d > depth()) {
            throw new IllegalArgumentException("layer must be in 1 .. " + depth() + ", got " + d);
        }
        return neuronTransitions[d - 1].clone();
    }

    @Override
    public long[][] neuronTransitions() {
        return deepCopy(neuronTransitions);
    }

    /** Equal when every component is equal, the per-unit counts compared element by element. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TrajectoryMeasures other && method == other.method && layers.equals(other.layers)
                && samples == other.samples && transitionsResolved == other.transitionsResolved
                && java.util.Arrays.deepEquals(neuronTransitions, other.neuronTransitions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, layers, samples, transitionsResolved)
                + 31 * java.util.Arrays.deepHashCode(neuronTransitions);
    }

    @Override
    public String toString() {
        return "TrajectoryMeasures[method=" + method + ", samples=" + samples + ", transitionsResolved="
                + transitionsResolved + ", layers=" + layers + "]";
    }

    private static long[][] deepCopy(long[][] a) {
        long[][] c = new long[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
