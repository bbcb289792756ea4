package org.expressivity4j.dl4j.layers;

/**
 * The trajectory-regularization penalty of one forward pass through one {@link TrajectoryRegularization} layer
 * (Raghu et al. 2017, Section 3.3): {@code value = coefficient * length / originalLength}.
 *
 * @param examples       the minibatch size N (the trajectory has N points and N - 1 chords)
 * @param length         the penalized length: L(y), that of the path through the layer's outputs (or L(x), its
 *                       inputs', when the layer penalizes its input), consecutive examples joined by chords, each
 *                       example's activations flattened
 * @param originalLength L_orig = (N - 1) l0 for this minibatch; 0 when there is no reference yet or no trajectory
 * @param value          the penalty added to the network's score; 0 when there is no trajectory (N &lt; 2) or no
 *                       positive reference length
 */
public record TrajectoryPenalty(long examples, double length, double originalLength, double value) {

    /** The penalty of a minibatch without a trajectory (fewer than two examples, or a zero reference). */
    public static TrajectoryPenalty none(long examples, double length) {
        return new TrajectoryPenalty(examples, length, 0.0, 0.0);
    }

    /** Whether a trajectory with a positive reference length was penalized. */
    public boolean active() {
        return originalLength > 0;
    }
}
