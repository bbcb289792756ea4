package org.expressivity4j.trainers.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.dl4j.freeze.FrozenUpdater;
import org.expressivity4j.dl4j.freeze.FrozenWrapper;
import org.expressivity4j.dl4j.freeze.LayerFreezing;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A {@link MultiLayerNetwork} cut below one of its layers: the <i>bottom</i> (layers {@code 0..k-1}) and the
 * <i>top</i> (layers {@code k..n-1}, with their input preprocessors). When the bottom is fixed and deterministic, its
 * outputs can be computed once ({@link CachedActivations}) and only the top run on them: what training one layer
 * (Raghu et al. 2017, Figs. 7 and 17) and noise on one layer (Fig. 6) need.
 *
 * <p>The top computes exactly what the whole network computes above the cut: the same layer configurations, the same
 * parameters (copied), the same preprocessors, so the same operations on the same values. Its updater state and its
 * iteration and epoch counts can be carried between the top and the whole network ({@link #top},
 * {@link #join}) provided the bottom's updaters hold no state (frozen layers: {@code FrozenUpdater}).
 */
public final class NetworkCut {

    private NetworkCut() {
    }

    /**
     * The configuration of layers {@code from..n-1} of {@code conf}: a copy, its preprocessors renumbered, its
     * iteration and epoch counts those of {@code conf}.
     */
    public static MultiLayerConfiguration top(MultiLayerConfiguration conf, int from) {
        Objects.requireNonNull(conf, "conf");
        int n = conf.getConfs().size();
        if (from < 0 || from >= n) {
            throw new IllegalArgumentException("cut at layer " + from + " is outside 0.." + (n - 1));
        }
        MultiLayerConfiguration copy = conf.clone();
        List<NeuralNetConfiguration> confs = new ArrayList<>(copy.getConfs().subList(from, n));
        Map<Integer, InputPreProcessor> pre = new TreeMap<>();
        copy.getInputPreProcessors().forEach((i, p) -> {
            if (i >= from) {
                pre.put(i - from, p);
            }
        });
        copy.setConfs(confs);
        copy.setInputPreProcessors(pre);
        return copy;
    }

    /**
     * A new network made of layers {@code from..n-1} of {@code net}, with a copy of their parameters, of
     * {@code net}'s updater state and of its iteration and epoch counts: to go on training the top where the whole
     * network stood.
     *
     * @throws IllegalArgumentException if the layers below {@code from} have updater state (the top's state would
     *                                  not be the whole network's)
     */
    public static MultiLayerNetwork top(MultiLayerNetwork net, int from) {
        MultiLayerNetwork top = topForInference(net, from);
        copyTraining(net, top);
        return top;
    }

    /**
     * A new network made of layers {@code from..n-1} of {@code net} with a copy of their parameters (a fresh
     * updater): to compute what the whole network computes above the cut.
     */
    public static MultiLayerNetwork topForInference(MultiLayerNetwork net, int from) {
        requireInitialized(net);
        MultiLayerNetwork top = new MultiLayerNetwork(top(net.getLayerWiseConfigurations(), from));
        long offset = parametersBelow(net, from);
        INDArray params = flat(net.params());
        top.init(params.get(NDArrayIndex.interval(offset, params.length())).dup(), false);
        return top;
    }

    /**
     * As {@link #top(MultiLayerNetwork, int)} for training the layer at {@code from} alone: the frozen dense layers
     * above it (those {@link LayerFreezing} froze, between it and the output layer) become {@link FixedDense}
     * layers, which compute the same activations and pass down the same gradients without computing gradients of
     * their own; the trained layer and the output layer stay as they are, with their parameters, updater state and
     * counts copied. Hard tanh activations become {@link MaskedHardTanh} (the same values, a cheaper
     * backpropagation). {@link #join} turns it back into the whole network.
     */
    public static MultiLayerNetwork trainingTop(MultiLayerNetwork net, int from) {
        requireInitialized(net);
        MultiLayerConfiguration conf = top(net.getLayerWiseConfigurations(), from);
        int n = net.getnLayers();
        List<NeuralNetConfiguration> confs = new ArrayList<>(conf.getConfs());
        for (int i = from + 1; i < n - 1; i++) {
            if (isFrozenDense(net, i)) {
                NeuralNetConfiguration c = confs.get(i - from);
                c.setLayer(FixedDense.of((DenseLayer) unwrapped(c.getLayer()), net.getLayer(i).paramTable()));
            }
        }
        for (NeuralNetConfiguration c : confs) {
            if (c.getLayer() instanceof FixedDense fixed && isPlainHardTanh(fixed.getActivation())) {
                fixed.setActivation(new MaskedHardTanh());
            } else if (c.getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer layer
                    && isPlainHardTanh(layer.getActivationFn())) {
                layer.setActivationFn(new MaskedHardTanh());
            }
        }
        conf.setConfs(confs);
        MultiLayerNetwork top = new MultiLayerNetwork(conf);
        top.init();
        for (int i = from; i < n; i++) {
            org.deeplearning4j.nn.api.Layer target = top.getLayer(i - from);
            if (target.numParams() > 0) {
                net.getLayer(i).paramTable().forEach(target::setParam);
            }
        }
        copyTraining(net, top);
        return top;
    }

    private static boolean isPlainHardTanh(org.nd4j.linalg.activations.IActivation activation) {
        return activation != null && activation.getClass() == org.nd4j.linalg.activations.impl.ActivationHardTanH.class;
    }

    /**
     * A dense layer whose parameters never change: wrapped in a {@link FrozenWrapper} (what {@link LayerFreezing}
     * does) or with frozen updaters, and without layer norm, dropout, weight noise or an input preprocessor.
     */
    private static boolean isFrozenDense(MultiLayerNetwork net, int i) {
        org.deeplearning4j.nn.conf.layers.Layer layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
        boolean wrapped = layer instanceof FrozenWrapper;
        org.deeplearning4j.nn.conf.layers.Layer inner = unwrapped(layer);
        return inner instanceof DenseLayer dense
                && (wrapped || dense.getIUpdater() instanceof FrozenUpdater
                    && (dense.getBiasUpdater() == null || dense.getBiasUpdater() instanceof FrozenUpdater))
                && !dense.hasLayerNorm() && dense.getIDropout() == null && dense.getWeightNoise() == null
                && layer.getIDropout() == null
                && net.getLayerWiseConfigurations().getInputPreProcess(i) == null;
    }

    /** The layer a {@link FrozenWrapper} holds, or the layer itself. */
    private static org.deeplearning4j.nn.conf.layers.Layer unwrapped(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return layer instanceof FrozenWrapper w ? w.getUnderlying() : layer;
    }

    /**
     * The whole network {@code conf} (a copy), its layers below the cut taking their parameters from {@code bottom}
     * (a network of that configuration, or one whose first layers are those) and its top from {@code top} (a
     * {@link #top} or {@link #trainingTop}: the constants of its {@link FixedDense} layers, the parameters of the
     * others), with the updater state and counts of {@code top}: the inverse of those two.
     */
    public static MultiLayerNetwork join(MultiLayerConfiguration conf, MultiLayerNetwork bottom, MultiLayerNetwork top) {
        requireInitialized(bottom);
        requireInitialized(top);
        int from = conf.getConfs().size() - top.getnLayers();
        if (from < 0 || from > bottom.getnLayers()) {
            throw new IllegalArgumentException("a top of " + top.getnLayers() + " layers does not fit a network of "
                    + conf.getConfs().size() + " layers above a bottom of " + bottom.getnLayers());
        }
        MultiLayerNetwork whole = new MultiLayerNetwork(conf.clone());
        whole.init();
        for (int i = 0; i < whole.getnLayers(); i++) {
            org.deeplearning4j.nn.api.Layer target = whole.getLayer(i);
            if (i < from) {
                bottom.getLayer(i).paramTable().forEach(target::setParam);
            } else if (top.getLayer(i - from).conf().getLayer() instanceof FixedDense fixed) {
                target.setParam("W", fixed.getWeights());
                if (fixed.getBias() != null) {
                    target.setParam("b", fixed.getBias());
                }
            } else {
                top.getLayer(i - from).paramTable().forEach(target::setParam);
            }
        }
        copyTraining(top, whole);
        return whole;
    }

    /** The parameters as a vector (DL4J's flattened parameters are a vector or a row). */
    private static INDArray flat(INDArray params) {
        return params.rank() == 1 ? params : params.reshape(params.length());
    }

    /** Number of parameters of layers {@code 0..from-1}. */
    public static long parametersBelow(MultiLayerNetwork net, int from) {
        long n = 0;
        for (int i = 0; i < from; i++) {
            n += net.getLayer(i).numParams();
        }
        return n;
    }

    /**
     * Why the outputs of layers {@code 0..below-1} of {@code conf} could differ between a training step and
     * inference, or between examples computed alone and in a batch (so that they cannot be computed once and reused
     * in training): a layer with dropout or weight noise, or of a kind not known to be deterministic and
     * independent of the batch (batch normalization, for one, uses the batch's statistics in training). Empty when
     * every layer below is a dense, convolution, pooling or activation layer without dropout or weight noise.
     */
    public static Optional<String> whyNotDeterministic(MultiLayerConfiguration conf, int below) {
        for (int i = 0; i < below; i++) {
            org.deeplearning4j.nn.conf.layers.Layer outer = conf.getConf(i).getLayer();
            if (outer.getIDropout() != null) {
                String name = outer.getLayerName() != null ? outer.getLayerName() : "layer " + i;
                return Optional.of(name + " below has dropout (" + outer.getIDropout() + ")");
            }
            org.deeplearning4j.nn.conf.layers.Layer layer = unwrapped(outer);
            String name = outer.getLayerName() != null ? outer.getLayerName() : "layer " + i;
            if (layer.getIDropout() != null) {
                return Optional.of(name + " below has dropout (" + layer.getIDropout() + ")");
            }
            if (layer instanceof BaseLayer b && b.getWeightNoise() != null) {
                return Optional.of(name + " below has weight noise (" + b.getWeightNoise() + ")");
            }
            boolean known = layer instanceof DenseLayer || layer instanceof ConvolutionLayer
                    || layer instanceof SubsamplingLayer || layer instanceof ActivationLayer;
            if (!known) {
                return Optional.of(name + " below is a " + layer.getClass().getSimpleName() + ", which may compute "
                        + "differently in training than in inference");
            }
        }
        return Optional.empty();
    }

    /** Copies the updater state and the iteration and epoch counts of {@code from} to {@code to}. */
    private static void copyTraining(MultiLayerNetwork from, MultiLayerNetwork to) {
        // getUpdater(false): a network that has not trained has no updater yet; its state is the fresh one (zeros)
        if (from.getUpdater(false) != null) {
            INDArray state = from.getUpdater(false).getStateViewArray();
            INDArray target = to.getUpdater().getStateViewArray();
            long have = state == null ? 0 : state.length();
            long want = target == null ? 0 : target.length();
            if (have != want) {
                throw new IllegalArgumentException("the updater states differ in size (" + have + " and " + want
                        + " values): the layers below the cut must have no updater state (frozen)");
            }
            if (want > 0) {
                target.assign(state);
            }
        }
        int iterations = from.getLayerWiseConfigurations().getIterationCount();
        int epochs = from.getLayerWiseConfigurations().getEpochCount();
        to.getLayerWiseConfigurations().setIterationCount(iterations);
        to.getLayerWiseConfigurations().setEpochCount(epochs);
        // as MultiLayerNetwork.incrementEpochCount does: the layers carry the epoch count, not the iteration count
        for (Layer layer : to.getLayers()) {
            layer.conf().setEpochCount(epochs);
        }
    }

    private static void requireInitialized(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        if (net.params() == null) {
            throw new IllegalArgumentException("the network is not initialized: call init() first");
        }
    }
}
