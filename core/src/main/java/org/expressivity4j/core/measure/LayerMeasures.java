package org.expressivity4j.core.measure;

/**
 * The measures of one layer's image of a trajectory (Raghu et al., ICML 2017, Sections 2.1 and 2.2): its length,
 * the neuron transitions of the layer's units along the trajectory, and the number of distinct activation patterns
 * of layers 1 .. {@code layer}.
 *
 * @param layer          0 for the input trajectory, else the hidden layer 1 .. n
 * @param width          the layer's number of units (the input dimension for layer 0)
 * @param length         the arc length of {@code z^(layer)(x(t))}, t from 0 to 1 (sum of chord lengths; exact
 *                       for piecewise-linear networks along piecewise-affine trajectories)
 * @param converged      whether the length is exact or its estimate converged to the requested tolerance
 * @param relativeChange the relative change of the length caused by the last refinement of the sampling (0 when
 *                       exact): an estimate of the remaining relative error
 * @param transitions    the number of region changes of this layer's units along the trajectory (0 for layer 0);
 *                       for the last layer, the paper's {@code T(F_A(x(t); W))}
 * @param patterns       the number of distinct activation patterns of layers 1 .. layer along the trajectory, the
 *                       paper's {@code A(F_A(x(t); W))} for the network truncated at this layer (1 for layer 0)
 */
public record LayerMeasures(int layer, int width, double length, boolean converged, double relativeChange,
                            long transitions, long patterns) {

    public LayerMeasures {
        if (layer < 0 || width < 1 || transitions < 0 || patterns < 1) {
            throw new IllegalArgumentException("bad layer measures: layer " + layer + ", width " + width
                    + ", transitions " + transitions + ", patterns " + patterns);
        }
        if (!(length >= 0.0)) {
            throw new IllegalArgumentException("length must be non-negative, got " + length);
        }
    }
}
