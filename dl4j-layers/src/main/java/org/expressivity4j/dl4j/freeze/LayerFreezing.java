package org.expressivity4j.dl4j.freeze;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;

/**
 * Train exactly one layer: every other layer, the output layer included, is fixed at its current values (Raghu et al.
 * 2017, Section 3.1, Figs. 7 and 17: "training a single layer at different depths", all others frozen at their
 * random initialization).
 *
 * <p>{@code trainOnly} returns a <b>copy</b> of the configuration or network in which every layer with parameters but
 * the chosen one is wrapped in a {@link FrozenWrapper}; the network given is not changed (DL4J builds a network's
 * layers once, from its configuration), so train the network it returns: {@code net = trainOnly(net, "h3");}. The
 * same freezing can be written into a configuration directly, layer by layer, with {@link FrozenWrapper}. Freezing is
 * part of the configuration, so it survives JSON and {@code ModelSerializer} round trips, and it does not block
 * backpropagation: gradients flow through frozen layers above the trained one, and the frozen layers compute exactly
 * what they computed before (same dropout, same batch statistics in training). Every frozen parameter, batch norm's
 * running statistics included, stays bit-identical under any updater, l1, l2 or weight decay, and a later
 * {@code setLearningRate} does not thaw it (see {@link FrozenWrapper}).
 *
 * <p>A frozen {@link TrajectoryRegularization} layer keeps lambda fixed; its original length is part of its loss
 * definition, not a trained value: if its warm-up is not finished it is completed (and then fixed) as usual, so its
 * warm-up state is the one part of a frozen layer's parameter vector that can change (during the warm-up only).
 *
 * <p>What DL4J offers and why it is not used (verified in {@code Dl4jFreezingMechanismsTest}): a per-layer
 * {@code NoOp} updater applies the raw gradient; {@code Sgd(0)} leaves batch norm's running statistics moving and is
 * undone by {@code setLearningRate}; {@code FrozenLayer} stops the gradient to the layers below;
 * {@code FrozenLayerWithBackprop} fails on batch norm inside it, drifts under l2 with Adam and runs its layer in
 * inference mode; {@code TransferLearning.setFeatureExtractor} freezes only a prefix of the network.
 *
 * <p>Supported layers: those {@link FrozenWrapper} takes (every DL4J {@link BaseLayer} but recurrent ones, trajectory
 * regularization) and layers without parameters (pooling, activation, dropout), which are left as they are. The
 * returned network has a fresh updater state (the trained layer's Adam moments, say, start at zero).
 */
public final class LayerFreezing {

    private LayerFreezing() {
    }

    /** A copy of the configuration in which only the layer at {@code layerIndex} is trainable. */
    public static MultiLayerConfiguration trainOnly(MultiLayerConfiguration conf, int layerIndex) {
        Objects.requireNonNull(conf, "conf");
        int n = conf.getConfs().size();
        if (layerIndex < 0 || layerIndex >= n) {
            throw new IllegalArgumentException("layer index " + layerIndex + " is outside 0.." + (n - 1));
        }
        MultiLayerConfiguration copy = conf.clone();
        List<Layer> layers = IntStream.range(0, n).mapToObj(i -> copy.getConf(i).getLayer()).toList();
        freezeAllBut(layers, layerIndex, describe(conf.getConf(layerIndex).getLayer(), layerIndex),
                (i, frozen) -> copy.getConf(i).setLayer(frozen));
        return copy;
    }

    /** A copy of the configuration in which only the layer named {@code layerName} is trainable. */
    public static MultiLayerConfiguration trainOnly(MultiLayerConfiguration conf, String layerName) {
        return trainOnly(conf, indexOf(conf, layerName));
    }

    /** A copy of the graph configuration in which only the layer vertex named {@code layerName} is trainable. */
    public static ComputationGraphConfiguration trainOnly(ComputationGraphConfiguration conf, String layerName) {
        Objects.requireNonNull(conf, "conf");
        Objects.requireNonNull(layerName, "layerName");
        GraphVertex target = conf.getVertices().get(layerName);
        if (!(target instanceof LayerVertex)) {
            throw new IllegalArgumentException("the graph has no layer named \"" + layerName + "\"; its layers: "
                    + conf.getVertices().entrySet().stream().filter(e -> e.getValue() instanceof LayerVertex)
                    .map(java.util.Map.Entry::getKey).toList());
        }
        ComputationGraphConfiguration copy = conf.clone();
        List<LayerVertex> vertices = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Layer> layers = new ArrayList<>();
        copy.getVertices().forEach((name, vertex) -> {
            if (vertex instanceof LayerVertex lv) {
                names.add(name);
                vertices.add(lv);
                layers.add(lv.getLayerConf().getLayer());
            }
        });
        freezeAllBut(layers, names.indexOf(layerName), "\"" + layerName + "\"",
                (i, frozen) -> vertices.get(i).getLayerConf().setLayer(frozen));
        return copy;
    }

    /**
     * A new network, with a copy of {@code net}'s parameters, in which only the layer at {@code layerIndex} is
     * trainable; {@code net} is unchanged. Listeners are carried over.
     */
    public static MultiLayerNetwork trainOnly(MultiLayerNetwork net, int layerIndex) {
        requireInitialized(net.params(), "network");
        MultiLayerNetwork out = new MultiLayerNetwork(trainOnly(net.getLayerWiseConfigurations(), layerIndex));
        out.init(net.params().dup(), false);
        out.setListeners(net.getListeners());
        return out;
    }

    /** As {@link #trainOnly(MultiLayerNetwork, int)} for the layer named {@code layerName}. */
    public static MultiLayerNetwork trainOnly(MultiLayerNetwork net, String layerName) {
        return trainOnly(net, indexOf(net.getLayerWiseConfigurations(), layerName));
    }

    /** As {@link #trainOnly(MultiLayerNetwork, int)} for a graph and its layer vertex {@code layerName}. */
    public static ComputationGraph trainOnly(ComputationGraph net, String layerName) {
        requireInitialized(net.params(), "graph");
        ComputationGraph out = new ComputationGraph(trainOnly(net.getConfiguration(), layerName));
        out.init(net.params().dup(), false);
        out.setListeners(net.getListeners());
        return out;
    }

    /**
     * Whether a layer configuration is frozen: a {@link FrozenWrapper}, or a layer whose updater is the
     * {@link FrozenUpdater} (how configurations written by earlier versions froze layers in place).
     */
    public static boolean isFrozen(Layer layer) {
        return layer instanceof FrozenWrapper
                || layer instanceof BaseLayer b && b.getIUpdater() instanceof FrozenUpdater;
    }

    /** Replaces every layer with parameters but the trained one by its {@link FrozenWrapper}. */
    private static void freezeAllBut(List<Layer> layers, int trained, String trainedName,
                                     BiConsumer<Integer, Layer> replace) {
        Layer target = layers.get(trained);
        if (numParams(target) == 0) {
            throw new IllegalArgumentException("layer " + trainedName + " (" + target.getClass().getSimpleName()
                    + ") has no parameters to train");
        }
        if (isFrozen(target)) {
            throw new IllegalArgumentException("layer " + trainedName + " was frozen by an earlier trainOnly: apply "
                    + "trainOnly to the original (unfrozen) configuration or network");
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (i != trained && numParams(layer) > 0 && !isFrozen(layer)) {
                replace.accept(i, new FrozenWrapper(layer));
            }
        }
    }

    private static long numParams(Layer layer) {
        return layer.initializer().numParams(layer);
    }

    private static int indexOf(MultiLayerConfiguration conf, String layerName) {
        Objects.requireNonNull(layerName, "layerName");
        List<String> names = conf.getConfs().stream().map(c -> c.getLayer().getLayerName()).toList();
        int index = names.indexOf(layerName);
        if (index < 0) {
            throw new IllegalArgumentException("the network has no layer named \"" + layerName + "\"; its layers: "
                    + names);
        }
        return index;
    }

    private static String describe(Layer layer, int index) {
        return layer.getLayerName() != null ? "\"" + layer.getLayerName() + "\"" : "at index " + index;
    }

    private static void requireInitialized(Object params, String what) {
        if (params == null) {
            throw new IllegalArgumentException("the " + what + " is not initialized: call init() first");
        }
    }
}
