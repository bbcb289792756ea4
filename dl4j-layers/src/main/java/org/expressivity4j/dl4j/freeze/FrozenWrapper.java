package org.expressivity4j.dl4j.freeze;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Configuration of a frozen layer: a wrapper, written into a {@code MultiLayerNetwork} or {@code ComputationGraph}
 * configuration like DL4J's {@code FrozenLayerWithBackprop}, whose inner layer's parameters never change while the
 * gradient still flows through it to the layers below (Raghu et al. 2017, Section 3.1: training one layer with every
 * other one frozen at its random initialization):
 * <pre>
 * .layer(new FrozenWrapper(new DenseLayer.Builder().name("h2").nOut(100).activation(Activation.TANH).build()))
 * .layer(new FrozenWrapper.Builder().layer(new ConvolutionLayer.Builder(3, 3).nOut(64).build()).build())
 * </pre>
 * <ul>
 *   <li>The inner layer's parameters stay bit-identical whatever the network's updater, l1, l2 or weight decay (its
 *       updater is the {@link FrozenUpdater}, whose update is exactly +0, also for NaN or infinite gradients, and
 *       which a network-wide {@code setLearningRate} does not reach; its regularization and constraints are
 *       removed).</li>
 *   <li>Gradients flow to the layers below: backpropagation goes through the inner layer as if it were not
 *       frozen.</li>
 *   <li>The inner layer runs in the network's mode: in training with its dropout and, for batch normalization, the
 *       minibatch's statistics, exactly as unfrozen. (DL4J's {@code FrozenLayerWithBackprop} runs it in inference
 *       mode and keeps its l2 in the updater; {@code FrozenLayer} stops the gradient.)</li>
 *   <li>Batch normalization's running mean and variance stay fixed: DL4J updates them through the updater with a
 *       {@code NoOp} updater of its own, as the "gradient" {@code (1 - decay) (running - batch)}; the frozen copy has
 *       {@code decay = 1}, so that update is 0.</li>
 *   <li>A frozen {@code TrajectoryRegularization} layer keeps lambda fixed and still adds its penalty to the score (a
 *       term of the loss, whose gradient reaches the layers below); if its warm-up is not finished, it completes it:
 *       the original length is part of the penalty's definition, measured, not trained.</li>
 * </ul>
 * The configuration stores the inner layer as the user wrote it (after the network's defaults are applied); the
 * frozen copy is made when the network is built, so the wrapper survives JSON and {@code ModelSerializer} round
 * trips. The parameters are the inner layer's, with its names ({@code W}, {@code b}, ...).
 *
 * <p>Inner layers: every DL4J {@link BaseLayer} (dense, convolution, batch norm, output, ...), trajectory
 * regularization, and layers without parameters; other layers with parameters, and recurrent layers (whose stateful
 * calls, {@code rnnTimeStep} and truncated backpropagation through time, DL4J makes only on unwrapped layers), are
 * rejected.
 *
 * <p><b>{@code summary()}.</b> DL4J counts a layer's parameters as frozen only for its own {@code FrozenLayer}
 * implementation, whose type also makes it stop backpropagation in a {@code MultiLayerNetwork}; so {@code summary()}
 * lists this layer with its type, {@code FrozenWrapperLayer}, and counts its parameters as trainable.
 */
public class FrozenWrapper extends BaseWrapperLayer {

    private static final long serialVersionUID = 1L;

    /** For JSON deserialization. */
    public FrozenWrapper() {
    }

    /**
     * Freezes this layer.
     *
     * @throws IllegalArgumentException if the layer has parameters but is not a DL4J {@code BaseLayer}, or is frozen
     *                                  already
     */
    public FrozenWrapper(org.deeplearning4j.nn.conf.layers.Layer layer) {
        super(check(layer));
        this.layerName = layer.getLayerName();
    }

    private static org.deeplearning4j.nn.conf.layers.Layer check(org.deeplearning4j.nn.conf.layers.Layer layer) {
        Objects.requireNonNull(layer, "layer");
        if (layer instanceof FrozenWrapper || layer instanceof FrozenLayer
                || layer instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop) {
            throw new IllegalArgumentException("layer " + describe(layer) + " is frozen already");
        }
        if (layer instanceof BaseRecurrentLayer || layer instanceof Bidirectional
                || layer instanceof LastTimeStep) {
            throw new IllegalArgumentException("cannot freeze layer " + describe(layer) + ": recurrent layers are not "
                    + "supported (DL4J's stateful recurrent calls do not reach a wrapped layer)");
        }
        if (!(layer instanceof BaseLayer) && layer.initializer().numParams(layer) > 0) {
            throw new IllegalArgumentException("cannot freeze layer " + describe(layer) + ": "
                    + layer.getClass().getSimpleName() + " has parameters but is not a DL4J BaseLayer");
        }
        return layer;
    }

    /**
     * A copy of the layer as it trains inside the wrapper: the {@link FrozenUpdater} for every parameter, no
     * regularization, no constraints, and for batch normalization {@code decay = 1}.
     */
    static org.deeplearning4j.nn.conf.layers.Layer frozenCopy(org.deeplearning4j.nn.conf.layers.Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer copy = layer.clone();
        if (copy instanceof BaseLayer base) {
            FrozenUpdater frozen = new FrozenUpdater();
            base.setIUpdater(frozen);
            base.setBiasUpdater(frozen);
            base.setRegularization(new ArrayList<>());
            base.setRegularizationBias(new ArrayList<>());
            if (base instanceof BatchNormalization bn) {
                bn.setDecay(1.0);
            }
        }
        copy.setConstraints(null);
        return copy;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        NeuralNetConfiguration innerConf = conf.clone();
        innerConf.setLayer(frozenCopy(check(underlying)));
        Layer inner = innerConf.getLayer().instantiate(innerConf, trainingListeners, layerIndex, layerParamsView,
                initializeParams, networkDataType);
        List<String> variables = inner.conf().variables();
        if (variables != null) {
            List<String> names = new ArrayList<>(variables);
            conf.clearVariables();
            for (String name : names) {
                conf.addVariable(name);
            }
        }
        return inner instanceof IOutputLayer output ? new FrozenWrapperLayer.Output(output)
                : new FrozenWrapperLayer(inner);
    }

    /** The {@link FrozenUpdater}, for every parameter. */
    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return new FrozenUpdater();
    }

    /** None: regularization would move the parameters. */
    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return List.of();
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    /** Constraints are not applied to a frozen layer (DL4J would apply them after every update). */
    @Override
    public void setConstraints(List<org.deeplearning4j.nn.api.layers.LayerConstraint> constraints) {
        this.constraints = null;
    }

    @Override
    public FrozenWrapper clone() {
        FrozenWrapper copy = (FrozenWrapper) super.clone();
        if (underlying != null) {
            copy.underlying = underlying.clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrozenWrapper other && super.equals(o) && Objects.equals(underlying, other.underlying);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof FrozenWrapper;
    }

    @Override
    public int hashCode() {
        return Objects.hash(FrozenWrapper.class, underlying);
    }

    @Override
    public String toString() {
        return "FrozenWrapper(" + underlying + ")";
    }

    private static String describe(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return layer.getLayerName() != null ? "\"" + layer.getLayerName() + "\"" : layer.getClass().getSimpleName();
    }

    /** Builder in DL4J's style: {@code new FrozenWrapper.Builder().layer(inner).build()}. */
    public static final class Builder {
        private org.deeplearning4j.nn.conf.layers.Layer layer;

        public Builder() {
        }

        /** The layer to freeze (required). */
        public Builder layer(org.deeplearning4j.nn.conf.layers.Layer layer) {
            this.layer = Objects.requireNonNull(layer, "layer");
            return this;
        }

        public FrozenWrapper build() {
            if (layer == null) {
                throw new IllegalStateException("a frozen wrapper needs its layer: Builder().layer(...)");
            }
            return new FrozenWrapper(layer);
        }
    }
}
