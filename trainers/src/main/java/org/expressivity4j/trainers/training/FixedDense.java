package org.expressivity4j.trainers.training;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer whose weights and biases are constants, not parameters: the configuration of
 * {@link FixedDenseLayer}, which computes a frozen {@link DenseLayer}'s activations and the gradient it passes down
 * with the same array operations, and skips what a frozen layer does not need in training: its own weight and bias
 * gradients, the second computation of its pre-activations in backpropagation, and its place in the updater.
 *
 * <p>For training one layer on cached inputs ({@link NetworkCut#trainingTop}), where the frozen layers above the
 * trained one would otherwise cost more than the trained one. The constants are held by reference, outside the
 * network's parameters: a network with this layer is never written to a file (its whole-network form is), and its
 * configuration does not survive JSON (the constants are not serialized).
 */
public final class FixedDense extends NoParamLayer {

    private static final long serialVersionUID = 1L;

    private transient INDArray weights;
    private transient INDArray bias;
    private IActivation activation;
    private long nIn;
    private long nOut;

    /** For Jackson and cloning; use {@link #of}. */
    public FixedDense() {
    }

    /**
     * A fixed copy of the dense layer {@code layer} with these parameter values (its {@code W} and {@code b}; copies
     * are taken).
     */
    public static FixedDense of(DenseLayer layer, Map<String, INDArray> params) {
        Objects.requireNonNull(layer, "layer");
        INDArray w = Objects.requireNonNull(params.get("W"), "W");
        INDArray b = params.get("b");
        if (layer.hasLayerNorm() || layer.getIDropout() != null || layer.getWeightNoise() != null) {
            throw new IllegalArgumentException("layer " + layer.getLayerName() + " has layer norm, dropout or weight "
                    + "noise: not a fixed function of its input");
        }
        FixedDense fixed = new FixedDense();
        fixed.setLayerName(layer.getLayerName());
        // in the parameters' own memory order: matrix products read it as DL4J's dense layer does
        fixed.weights = w.dup(w.ordering());
        fixed.bias = b == null || !layer.hasBias() ? null : b.dup(b.ordering());
        fixed.activation = layer.getActivationFn();
        fixed.nIn = layer.getNIn();
        fixed.nOut = layer.getNOut();
        return fixed;
    }

    /** The weights, {@code [nIn, nOut]}. */
    public INDArray getWeights() {
        return weights;
    }

    /** The biases, {@code [nOut]}, or null for none. */
    public INDArray getBias() {
        return bias;
    }

    /** The activation function. */
    public IActivation getActivation() {
        return activation;
    }

    /** Sets the activation function (one computing the same function). */
    public void setActivation(IActivation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        if (weights == null) {
            throw new IllegalStateException("a FixedDense layer has no weights: build it with FixedDense.of (its "
                    + "constants are not serialized)");
        }
        FixedDenseLayer layer = new FixedDenseLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> table = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(nOut);
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(getLayerName(), FixedDense.class, inputType, getOutputType(-1, inputType))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public FixedDense clone() {
        return (FixedDense) super.clone();
    }
}
