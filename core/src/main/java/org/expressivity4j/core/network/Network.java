package org.expressivity4j.core.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected network {@code z^(d) = phi(z^(d-1) W_d + b_d)}, {@code d = 1 .. n}, with one activation
 * {@code phi} for every hidden layer and no separate output layer: the architectures {@code A_(n,k)} of Raghu et
 * al. (ICML 2017), Section 2. Points are rows: a batch of N inputs is an {@code [N, m]} matrix and each layer is one
 * matrix product, {@code W_d} being {@code [fan_in, fan_out]} (the transpose of the paper's column convention).
 *
 * <p>Random networks come from {@link RandomNetwork}; {@link #of} builds one from given weights (e.g. a hand-made
 * network with known breakpoints). Instances are immutable: the arrays are copied in and out.
 */
public final class Network {

    private final INDArray[] weights;
    private final INDArray[] biases;
    private final Activation activation;

    private Network(INDArray[] weights, INDArray[] biases, Activation activation) {
        this.weights = weights;
        this.biases = biases;
        this.activation = activation;
    }

    /**
     * A network from explicit parameters (copied).
     *
     * @param weights    {@code W_1 .. W_n}, {@code W_d} of shape {@code [fan_in, fan_out]}, fan_in of {@code W_d}
     *                   equal to fan_out of {@code W_(d-1)}; all of one floating-point type
     * @param biases     {@code b_1 .. b_n}, vectors of length fan_out (any shape with that many elements)
     * @param activation the nonlinearity of every hidden layer
     */
    public static Network of(List<INDArray> weights, List<INDArray> biases, Activation activation) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(biases, "biases");
        Objects.requireNonNull(activation, "activation");
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        if (weights.size() != biases.size()) {
            throw new IllegalArgumentException(weights.size() + " weight matrices but " + biases.size() + " biases");
        }
        DataType type = weights.get(0).dataType();
        if (!type.isFPType()) {
            throw new IllegalArgumentException("weights must be floating point, got " + type);
        }
        INDArray[] w = new INDArray[weights.size()];
        INDArray[] b = new INDArray[weights.size()];
        for (int d = 0; d < w.length; d++) {
            INDArray wd = Objects.requireNonNull(weights.get(d), "weights " + (d + 1));
            INDArray bd = Objects.requireNonNull(biases.get(d), "bias " + (d + 1));
            if (wd.rank() != 2) {
                throw new IllegalArgumentException("W_" + (d + 1) + " must be a matrix, got shape "
                        + Arrays.toString(wd.shape()));
            }
            if (wd.dataType() != type || bd.dataType() != type) {
                throw new IllegalArgumentException("layer " + (d + 1) + " is " + wd.dataType() + "/" + bd.dataType()
                        + ", layer 1 is " + type + ": use one data type");
            }
            if (d > 0 && wd.rows() != w[d - 1].columns()) {
                throw new IllegalArgumentException("W_" + (d + 1) + " has fan-in " + wd.rows() + " but layer " + d
                        + " has width " + w[d - 1].columns());
            }
            if (bd.length() != wd.columns()) {
                throw new IllegalArgumentException("b_" + (d + 1) + " has " + bd.length() + " elements, layer "
                        + (d + 1) + " has width " + wd.columns());
            }
            w[d] = wd.dup('c');
            b[d] = bd.reshape(1, wd.columns()).dup('c');
        }
        return new Network(w, b, activation);
    }

    /** Number of hidden layers n. */
    public int depth() {
        return weights.length;
    }

    /** Input dimension m. */
    public int inputDimension() {
        return (int) weights[0].rows();
    }

    /** Width of hidden layer {@code layer} (1 .. depth); layer 0 is the input dimension. */
    public int width(int layer) {
        if (layer == 0) {
            return inputDimension();
        }
        checkLayer(layer);
        return (int) weights[layer - 1].columns();
    }

    /** The nonlinearity of every hidden layer. */
    public Activation activation() {
        return activation;
    }

    /** The data type of parameters and activations. */
    public DataType dataType() {
        return weights[0].dataType();
    }

    /** A copy of {@code W_layer}, {@code [fan_in, fan_out]} (layer 1 .. depth; the paper's {@code W^(layer-1)}). */
    public INDArray weights(int layer) {
        checkLayer(layer);
        return weights[layer - 1].dup();
    }

    /** A copy of {@code b_layer} as a {@code [1, width]} row (layer 1 .. depth). */
    public INDArray bias(int layer) {
        checkLayer(layer);
        return biases[layer - 1].dup();
    }

    /** This network with the same parameters in another floating-point type. */
    public Network withDataType(DataType type) {
        if (type == dataType()) {
            return this;
        }
        List<INDArray> w = new ArrayList<>();
        List<INDArray> b = new ArrayList<>();
        for (int d = 0; d < depth(); d++) {
            w.add(weights[d].castTo(type));
            b.add(biases[d].castTo(type));
        }
        return of(w, b, activation);
    }

    /** The forward pass of the points ({@code [N, m]}), keeping every layer's pre-activations and outputs. */
    public Forward forward(INDArray points) {
        List<INDArray> pre = new ArrayList<>();
        List<INDArray> out = new ArrayList<>();
        INDArray input = asInput(points);
        propagateFrom(0, input, true, (layer, h, z) -> {
            pre.add(h);
            out.add(z);
        });
        return new Forward(input, pre, out);
    }

    /** The last hidden layer's output {@code z^(n)} for the points ({@code [N, m]}). */
    public INDArray output(INDArray points) {
        INDArray[] last = new INDArray[1];
        propagate(points, false, (layer, h, z) -> last[0] = z);
        return last[0];
    }

    /**
     * The forward pass of the points ({@code [N, m]}), handing each layer to the visitor as it is computed: one
     * matrix product, a bias row added in place, the activation in place.
     *
     * @param withPreActivations whether the visitor needs {@code h}. With it, every layer gets new arrays, which the
     *                           visitor may keep. Without it, the pass runs in two working buffers per width, reused in
     *                           turn (no allocation per layer, the fast path): the visitor gets {@code h = null} and an
     *                           output that stays valid until two layers later, so it must copy what it keeps beyond
     *                           the call; the last layer's output is never overwritten
     */
    public void propagate(INDArray points, boolean withPreActivations, LayerVisitor visitor) {
        propagateFrom(0, asInput(points), withPreActivations, visitor);
    }

    /**
     * The forward pass from an intermediate layer: {@code z} is {@code z^(fromLayer)} ({@code [N, width(fromLayer)]},
     * the network's data type) and the visitor receives layers {@code fromLayer + 1 .. depth}, as in
     * {@link #propagate}.
     */
    public void propagateFrom(int fromLayer, INDArray z, boolean withPreActivations, LayerVisitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        if (fromLayer < 0 || fromLayer > depth()) {
            throw new IllegalArgumentException("layer must be in 0 .. " + depth() + ", got " + fromLayer);
        }
        if (z.rank() != 2 || z.columns() != width(fromLayer) || z.dataType() != dataType()) {
            throw new IllegalArgumentException("layer " + fromLayer + " activations must be [N, " + width(fromLayer)
                    + "] " + dataType() + ", got " + Arrays.toString(z.shape()) + " " + z.dataType());
        }
        long n = z.rows();
        java.util.Map<Long, INDArray[]> buffers = new java.util.HashMap<>();
        INDArray current = z;
        for (int d = fromLayer; d < depth(); d++) {
            long out = weights[d].columns();
            INDArray h;
            if (withPreActivations) {
                h = Nd4j.createUninitialized(dataType(), n, out);
            } else {
                INDArray[] pair = buffers.computeIfAbsent(out, w -> new INDArray[2]);
                int slot = (d - fromLayer) % 2;
                if (pair[slot] == null) {
                    pair[slot] = Nd4j.createUninitialized(dataType(), n, out);
                }
                h = pair[slot];
            }
            Nd4j.gemm(current, weights[d], h, false, false, 1.0, 0.0);
            h.addiRowVector(biases[d]);
            INDArray result;
            if (activation == Activation.LINEAR) {
                result = h;
            } else if (withPreActivations) {
                result = activation.applyInPlace(h.dup());
            } else {
                result = activation.applyInPlace(h);
            }
            visitor.visit(d + 1, withPreActivations ? h : null, result);
            current = result;
        }
    }

    private INDArray asInput(INDArray points) {
        Objects.requireNonNull(points, "points");
        if (points.rank() != 2 || points.columns() != inputDimension()) {
            throw new IllegalArgumentException("points must be [N, " + inputDimension() + "], got shape "
                    + Arrays.toString(points.shape()));
        }
        if (points.rows() < 1) {
            throw new IllegalArgumentException("no points");
        }
        INDArray x = points.dataType() == dataType() ? points : points.castTo(dataType());
        return x.ordering() == 'c' ? x : x.dup('c');
    }

    private void checkLayer(int layer) {
        if (layer < 1 || layer > depth()) {
            throw new IllegalArgumentException("layer must be in 1 .. " + depth() + ", got " + layer);
        }
    }

    @Override
    public String toString() {
        StringBuilder widths = new StringBuilder().append(inputDimension());
        for (int d = 1; d <= depth(); d++) {
            widths.append('-').append(width(d));
        }
        return "Network(" + widths + ", " + activation.id() + ", " + dataType() + ")";
    }
}
