package org.expressivity4j.core.linearity;

import java.util.Arrays;
import java.util.Objects;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.LayerVisitor;
import org.expressivity4j.core.network.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The first-order expansion of a {@link Network} at a point {@code x0}: the map {@code D} with
 * {@code z^(d)(x0 + v) = z^(d)(x0) + D_d(v) + o(|v|)}, layer by layer. It is what a deep network becomes for inputs
 * {@code x0 + sigma u} as {@code sigma -> 0} (papers/002, "Taylor expansion around 0"), and the "linear prediction" of
 * how a small trajectory grows through the layers (Raghu et al., ICML 2017, Section 2.2, trajectory length).
 *
 * <p>{@code D_d(v) = g_d(D_(d-1)(v) W_d)}, {@code D_0(v) = v}, where {@code g_d} acts on each unit {@code j} with the
 * one-sided slopes of the activation at the unit's pre-activation {@code h = h_j^(d)(x0)}:
 * {@code g(s) = phi'(h+) max(s, 0) + phi'(h-) min(s, 0)}. Where every unit is differentiable ({@code phi'(h+) =
 * phi'(h-)}) {@code D} is the linear map of the Jacobian product {@code W_1 diag(phi'(h^(1))) ... W_d
 * diag(phi'(h^(d)))} (points as rows). At a kink (relu or selu at {@code h = 0}, hard tanh at {@code h = +-1}) the
 * two slopes differ and {@code D} is only positively homogeneous, piecewise linear: relu and selu networks without
 * biases have every pre-activation exactly 0 at {@code x0 = 0}, so they do not become linear, however small sigma.
 * Slopes at 0: relu 0 and 1; selu {@code lambda alpha} (about 1.7581) and {@code lambda} (about 1.0507), with the
 * standard constants of {@link Activation#SELU}.
 */
public final class Linearization {

    private final Network network;
    private final INDArray[] weights;
    private final INDArray[] leftSlopes;
    private final INDArray[] rightSlopes;
    private final boolean[] kinkedLayer;
    private final int kinks;

    private Linearization(Network network, INDArray[] weights, INDArray[] leftSlopes, INDArray[] rightSlopes,
                          boolean[] kinkedLayer, int kinks) {
        this.network = network;
        this.weights = weights;
        this.leftSlopes = leftSlopes;
        this.rightSlopes = rightSlopes;
        this.kinkedLayer = kinkedLayer;
        this.kinks = kinks;
    }

    /**
     * The expansion of the network at {@code point}.
     *
     * @param point {@code x0}, of the network's input dimension
     */
    public static Linearization at(Network network, double[] point) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(point, "point");
        if (point.length != network.inputDimension()) {
            throw new IllegalArgumentException("the point must have " + network.inputDimension()
                    + " coordinates, got " + point.length);
        }
        Network net = network.withDataType(DataType.DOUBLE);
        int depth = net.depth();
        INDArray[] w = new INDArray[depth];
        INDArray[] left = new INDArray[depth];
        INDArray[] right = new INDArray[depth];
        boolean[] kinked = new boolean[depth];
        int[] kinkCount = new int[1];
        Activation activation = net.activation();
        net.propagate(Nd4j.createFromArray(point).reshape(1, point.length), true, (layer, h, z) -> {
            double[] pre = h.toDoubleVector();
            double[] l = new double[pre.length];
            double[] r = new double[pre.length];
            for (int j = 0; j < pre.length; j++) {
                double[] slopes = oneSidedSlopes(activation, pre[j]);
                l[j] = slopes[0];
                r[j] = slopes[1];
                if (l[j] != r[j]) {
                    kinkCount[0]++;
                    kinked[layer - 1] = true;
                }
            }
            left[layer - 1] = Nd4j.createFromArray(l).reshape(1, l.length);
            right[layer - 1] = Nd4j.createFromArray(r).reshape(1, r.length);
        });
        for (int d = 1; d <= depth; d++) {
            w[d - 1] = net.weights(d);
        }
        return new Linearization(net, w, left, right, kinked, kinkCount[0]);
    }

    /**
     * The one-sided derivatives {@code {phi'(h-), phi'(h+)}} of an activation at {@code h}; equal where it is
     * differentiable.
     */
    public static double[] oneSidedSlopes(Activation activation, double h) {
        Objects.requireNonNull(activation, "activation");
        if (!Double.isFinite(h)) {
            throw new IllegalArgumentException("pre-activation must be finite, got " + h);
        }
        return switch (activation) {
            case RELU -> h > 0 ? new double[] {1, 1} : h < 0 ? new double[] {0, 0} : new double[] {0, 1};
            case HARD_TANH -> {
                if (h > -1 && h < 1) {
                    yield new double[] {1, 1};
                } else if (h == 1) {
                    yield new double[] {1, 0};
                } else if (h == -1) {
                    yield new double[] {0, 1};
                }
                yield new double[] {0, 0};
            }
            case TANH -> {
                double t = Math.tanh(h);
                yield new double[] {1 - t * t, 1 - t * t};
            }
            case SIGMOID -> {
                double s = 1.0 / (1.0 + Math.exp(-h));
                yield new double[] {s * (1 - s), s * (1 - s)};
            }
            case SELU -> {
                double negative = Activation.SELU_LAMBDA * Activation.SELU_ALPHA * Math.exp(Math.min(h, 0));
                yield h > 0 ? new double[] {Activation.SELU_LAMBDA, Activation.SELU_LAMBDA}
                        : h < 0 ? new double[] {negative, negative}
                        : new double[] {negative, Activation.SELU_LAMBDA};
            }
            case LINEAR -> new double[] {1, 1};
        };
    }

    /** The network this expands (in double precision). */
    public Network network() {
        return network;
    }

    /** The number of units whose pre-activation at the point sits on a kink of the activation. */
    public int kinks() {
        return kinks;
    }

    /** Whether the network is differentiable at the point, so that {@code D} is linear (no unit on a kink). */
    public boolean isLinear() {
        return kinks == 0;
    }

    /**
     * {@code D_d} of each displacement, layer by layer.
     *
     * @param displacements {@code [N, m]}, the rows {@code v}
     * @param visitor       receives {@code D_d(V)} ({@code [N, width]}) as the output of layer d; no pre-activation
     */
    public void propagate(INDArray displacements, LayerVisitor visitor) {
        Objects.requireNonNull(displacements, "displacements");
        Objects.requireNonNull(visitor, "visitor");
        if (displacements.rank() != 2 || displacements.columns() != network.inputDimension()) {
            throw new IllegalArgumentException("displacements must be [N, " + network.inputDimension() + "], got "
                    + Arrays.toString(displacements.shape()));
        }
        INDArray v = displacements.castTo(DataType.DOUBLE);
        for (int d = 0; d < weights.length; d++) {
            INDArray h = v.mmul(weights[d]);
            INDArray out;
            if (!kinkedLayer[d]) {
                out = h.mulRowVector(rightSlopes[d]);
            } else {
                INDArray positive = Transforms.relu(h, true);
                INDArray negative = h.sub(positive);
                out = positive.muliRowVector(rightSlopes[d]).addi(negative.muliRowVector(leftSlopes[d]));
            }
            visitor.visit(d + 1, null, out);
            v = out;
        }
    }

    /** {@code D_n} of each displacement: the last layer. */
    public INDArray apply(INDArray displacements) {
        INDArray[] last = new INDArray[1];
        propagate(displacements, (layer, h, z) -> last[0] = z);
        return last[0];
    }
}
