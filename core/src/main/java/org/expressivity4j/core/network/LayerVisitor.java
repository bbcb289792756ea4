package org.expressivity4j.core.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Receives each layer of a {@link Network#propagate forward pass} as it is computed, so that measures can be taken
 * layer by layer without keeping every layer in memory.
 */
@FunctionalInterface
public interface LayerVisitor {

    /**
     * Called once per hidden layer, in order.
     *
     * @param layer         1 .. depth
     * @param preActivation {@code h = z W + b}, {@code [N, width]}; {@code null} if the pass was asked not to keep
     *                      pre-activations
     * @param output        {@code z = phi(h)}, {@code [N, width]} (the same array as {@code preActivation} for a
     *                      linear network); it is the next layer's input: read it, do not change it. In a pass
     *                      without pre-activations it is a working buffer, overwritten two layers later: copy
     *                      what you keep
     */
    void visit(int layer, INDArray preActivation, INDArray output);
}
