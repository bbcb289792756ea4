package org.expressivity4j.core.network;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A complete forward pass of a batch of points through a {@link Network}: the paper's {@code z^(0) = x}, and for
 * every hidden layer {@code d = 1 .. n} the pre-activation {@code h^(d) = z^(d-1) W_d + b_d} and the output
 * {@code z^(d) = phi(h^(d))} (Raghu et al., ICML 2017, Appendix B.2, with points as rows).
 *
 * @param input          {@code [N, m]}, in the network's data type
 * @param preActivations {@code h^(1) .. h^(n)}, each {@code [N, width]}
 * @param outputs        {@code z^(1) .. z^(n)}, each {@code [N, width]}
 */
public record Forward(INDArray input, List<INDArray> preActivations, List<INDArray> outputs) {

    public Forward {
        preActivations = List.copyOf(preActivations);
        outputs = List.copyOf(outputs);
        if (preActivations.size() != outputs.size()) {
            throw new IllegalArgumentException(preActivations.size() + " pre-activations for " + outputs.size()
                    + " outputs");
        }
    }

    /** Number of hidden layers. */
    public int depth() {
        return outputs.size();
    }

    /** {@code z^(layer)}: the input for layer 0, else hidden layer {@code layer}'s output (1 .. depth). */
    public INDArray output(int layer) {
        checkLayer(layer, 0);
        return layer == 0 ? input : outputs.get(layer - 1);
    }

    /** {@code h^(layer)}, layer 1 .. depth. */
    public INDArray preActivation(int layer) {
        checkLayer(layer, 1);
        return preActivations.get(layer - 1);
    }

    private void checkLayer(int layer, int first) {
        if (layer < first || layer > depth()) {
            throw new IllegalArgumentException("layer must be in " + first + " .. " + depth() + ", got " + layer);
        }
    }
}
