package org.expressivity4j.trainers.training;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The implementation of {@link FixedDense}: {@code a = f(x W + b)} with constant {@code W} and {@code b}, computed
 * with the operations of DL4J's dense layer (a product into a new array, the bias added as a row vector, the
 * activation in place), so that its outputs and the gradient it passes down are those of a frozen dense layer, bit
 * for bit. In training it keeps its pre-activations for backpropagation instead of computing them a second time,
 * and computes no gradient for its constants.
 */
public final class FixedDenseLayer extends AbstractLayer<FixedDense> {

    /** The pre-activations of the last training forward pass (in the activations workspace). */
    private INDArray z;

    FixedDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray w = layerConf().getWeights();
        INDArray x = input.castTo(w.dataType());
        if (x.rank() != 2 || x.columns() != w.rows()) {
            throw new IllegalStateException("layer " + layerId() + " takes [batch, " + w.rows() + "] inputs, got "
                    + java.util.Arrays.toString(x.shape()));
        }
        INDArray pre = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(), x.size(0), w.size(1));
        x.mmuli(w, pre);
        if (layerConf().getBias() != null) {
            pre.addiRowVector(layerConf().getBias());
        }
        z = training ? workspaceMgr.dup(ArrayType.ACTIVATIONS, pre) : null;
        return layerConf().getActivation().getActivation(pre, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (z == null) {
            throw new IllegalStateException("layer " + layerId() + ": backpropagation without a training forward pass");
        }
        INDArray delta = layerConf().getActivation().backprop(z, epsilon).getFirst();
        z = null;
        INDArray w = layerConf().getWeights();
        INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                new long[] {w.size(0), delta.size(0)}, 'f');
        epsilonNext = w.mmuli(delta.transpose(), epsilonNext).transpose();
        return new Pair<>(new DefaultGradient(), epsilonNext);
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public void clear() {
        super.clear();
        z = null;
    }
}
