package org.expressivity4j.dl4j.listeners;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.network.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationHardTanH;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A user's network seen through a private copy for probing: the same configuration, built on the <em>same</em>
 * parameter buffer (no copy, so it always sees the current weights and batch-norm statistics), with workspaces off
 * for inference. Probing it leaves the user's network untouched: its input, masks, layer inputs and layer state
 * (e.g. a trajectory-regularization layer's last penalty), and its workspaces. Inference reads the parameters and
 * writes none of them; building the copy draws no random numbers (DL4J seeds and initializes only when it is not
 * given parameters).
 */
abstract class ProbedNetwork {

    /**
     * One measured activation: the network input or a layer's / vertex's output.
     *
     * @param index      position in {@link #nodes()}
     * @param layer      DL4J's index: the layer index of a MultiLayerNetwork (-1 for its input), the vertex index
     *                   of a ComputationGraph (the record's layer column)
     * @param name       layer or vertex name
     * @param type       configuration class simple name
     * @param inputIndex the index of the node whose output is this node's only input, or -1
     * @param activation the piecewise-linear activation whose transitions are counted, or null
     * @param layer      the probing copy's layer (its weights are views of the user's), or null
     */
    record Node(int index, int layer, String name, String type, int inputIndex, Activation activation,
                Layer implementation) {
    }

    private final Model model;
    private final long paramsAddress;
    private final long paramsLength;

    ProbedNetwork(Model model) {
        this.model = model;
        INDArray params = model.params();
        this.paramsAddress = params.data().address() + params.offset() * params.dataType().width();
        this.paramsLength = params.length();
    }

    /** The probing copy of a {@code MultiLayerNetwork} or single-input {@code ComputationGraph}. */
    static ProbedNetwork of(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return new Multi(net);
        }
        if (model instanceof ComputationGraph graph) {
            return new Graph(graph);
        }
        throw new IllegalArgumentException("trajectory probes need a MultiLayerNetwork or ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    /**
     * Why the listener cannot probe this model, in one line naming the layer or vertex, or null if it can: it is not
     * a {@code MultiLayerNetwork} or {@code ComputationGraph}, a graph with several inputs, or its
     * input goes straight into a layer that takes indices (an embedding layer), between which a trajectory has no
     * meaning.
     */
    static String unsupported(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            org.deeplearning4j.nn.conf.layers.Layer first = net.getLayerWiseConfigurations().getConf(0).getLayer();
            String why = indexInput(first);
            return why == null ? null : "layer '" + layerName(first, 0) + "' (" + typeName(first) + ") " + why;
        }
        if (model instanceof ComputationGraph graph) {
            ComputationGraphConfiguration conf = graph.getConfiguration();
            List<String> inputs = conf.getNetworkInputs();
            if (inputs.size() != 1) {
                return "the graph has " + inputs.size() + " inputs (" + String.join(", ", inputs) + "): a trajectory "
                        + "runs through one input space, so only single-input networks can be probed";
            }
            for (Map.Entry<String, org.deeplearning4j.nn.conf.graph.GraphVertex> e : conf.getVertices().entrySet()) {
                List<String> from = conf.getVertexInputs().get(e.getKey());
                if (e.getValue() instanceof LayerVertex lv && from != null && from.contains(inputs.get(0))) {
                    org.deeplearning4j.nn.conf.layers.Layer layer = lv.getLayerConf().getLayer();
                    String why = indexInput(layer);
                    if (why != null) {
                        return "vertex '" + e.getKey() + "' (" + typeName(layer) + ") " + why;
                    }
                }
            }
            return null;
        }
        return "trajectory probes need a MultiLayerNetwork or ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName());
    }

    /** Why the model cannot be probed yet, or null: it is not initialized. */
    static String notInitialized(Model model) {
        if (model instanceof MultiLayerNetwork net && !net.isInitCalled()
                || model instanceof ComputationGraph graph && graph.getVertices() == null) {
            return "the network is not initialized: call init() first";
        }
        return null;
    }

    /** Why a layer that receives the network input cannot be probed, or null. */
    private static String indexInput(org.deeplearning4j.nn.conf.layers.Layer conf) {
        org.deeplearning4j.nn.conf.layers.Layer inner = unwrap(conf);
        if (inner instanceof EmbeddingLayer || inner instanceof EmbeddingSequenceLayer) {
            return "takes indices (e.g. of words), not points of a space: a trajectory between two inputs would "
                    + "interpolate indices, which DL4J truncates, and its lengths would mean nothing";
        }
        return null;
    }

    /** The layer inside wrappers (frozen layers, DL4J's {@code FrozenLayer...}), or the layer itself. */
    static org.deeplearning4j.nn.conf.layers.Layer unwrap(org.deeplearning4j.nn.conf.layers.Layer conf) {
        org.deeplearning4j.nn.conf.layers.Layer inner = conf;
        while (true) {
            if (inner instanceof BaseWrapperLayer w && w.getUnderlying() != null) {
                inner = w.getUnderlying();
            } else if (inner instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer f && f.getLayer() != null) {
                inner = f.getLayer();
            } else {
                return inner;
            }
        }
    }

    /** The configuration's simple class name. */
    static String typeName(org.deeplearning4j.nn.conf.layers.Layer conf) {
        return conf.getClass().getSimpleName();
    }

    /** Whether this copy still shares the model's parameter buffer (it is not, e.g., after the model's re-init). */
    boolean isCopyOf(Model other) {
        if (other != model) {
            return false;
        }
        INDArray params = other.params();
        return params.length() == paramsLength
                && params.data().address() + params.offset() * params.dataType().width() == paramsAddress;
    }

    /** The measured activations, input(s) first, in forward order. */
    abstract List<Node> nodes();

    /** The network's data type. */
    abstract DataType dataType();

    /** The index of the network input node (the reference of length ratios). */
    int inputNode() {
        return 0;
    }

    /**
     * Inference-mode activations of every node for this minibatch of probe points, in node order, detached from
     * workspaces.
     */
    abstract List<INDArray> forward(INDArray points);

    /** The activation whose linear regions define transitions for a layer of this configuration, or null. */
    static Activation piecewiseLinear(org.deeplearning4j.nn.conf.layers.Layer conf) {
        IActivation fn;
        if (conf instanceof DenseLayer || conf instanceof ConvolutionLayer || conf instanceof BaseOutputLayer) {
            fn = ((BaseLayer) conf).getActivationFn();
        } else if (conf instanceof ActivationLayer a) {
            fn = a.getActivationFn();
        } else {
            return null;
        }
        if (fn instanceof ActivationReLU relu) {
            boolean plain = relu.getMax() == null && zeroOrNull(relu.getThreshold())
                    && zeroOrNull(relu.getNegativeSlope());
            return plain ? Activation.RELU : null;
        }
        return fn instanceof ActivationHardTanH ? Activation.HARD_TANH : null;
    }

    private static boolean zeroOrNull(Double d) {
        return d == null || d == 0.0;
    }

    private static String layerName(org.deeplearning4j.nn.conf.layers.Layer conf, int i) {
        String name = conf.getLayerName();
        return name == null || name.isBlank() ? "layer" + i : name;
    }

    /** A MultiLayerNetwork: node 0 is the input (DL4J index -1), node i + 1 layer i. */
    private static final class Multi extends ProbedNetwork {
        private final MultiLayerNetwork copy;
        private final List<Node> nodes = new ArrayList<>();

        Multi(MultiLayerNetwork net) {
            super(net);
            if (!net.isInitCalled()) {
                throw new IllegalStateException("the network is not initialized: call init() first");
            }
            MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
            copy = new MultiLayerNetwork(conf);
            copy.init(net.params(), false);
            nodes.add(new Node(0, -1, "input", "Input", -1, null, null));
            for (int i = 0; i < copy.getnLayers(); i++) {
                org.deeplearning4j.nn.conf.layers.Layer layerConf = conf.getConf(i).getLayer();
                nodes.add(new Node(i + 1, i, layerName(layerConf, i), typeName(unwrap(layerConf)), i,
                        piecewiseLinear(unwrap(layerConf)), copy.getLayer(i)));
            }
        }

        @Override
        List<Node> nodes() {
            return nodes;
        }

        @Override
        DataType dataType() {
            return copy.getLayerWiseConfigurations().getDataType();
        }

        @Override
        List<INDArray> forward(INDArray points) {
            return copy.feedForward(points, false);
        }
    }

    /** A single-input ComputationGraph: nodes are the vertices in topological order. */
    private static final class Graph extends ProbedNetwork {
        private final ComputationGraph copy;
        private final List<Node> nodes = new ArrayList<>();
        private final int input;

        Graph(ComputationGraph graph) {
            super(graph);
            if (graph.getNumInputArrays() != 1) {
                throw new IllegalArgumentException("trajectory probes need a graph with one input, this one has "
                        + graph.getNumInputArrays());
            }
            if (graph.getVertices() == null) {
                throw new IllegalStateException("the graph is not initialized: call init() first");
            }
            ComputationGraphConfiguration conf = graph.getConfiguration().clone();
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
            copy = new ComputationGraph(conf);
            copy.init(graph.params(), false);
            int[] order = copy.topologicalSortOrder();
            GraphVertex[] vertices = copy.getVertices();
            int[] position = new int[vertices.length];
            for (int p = 0; p < order.length; p++) {
                position[order[p]] = p;
            }
            int inputPosition = -1;
            for (int p = 0; p < order.length; p++) {
                GraphVertex v = vertices[order[p]];
                String type;
                Activation activation = null;
                Layer layer = null;
                if (v.isInputVertex()) {
                    type = "Input";
                    inputPosition = p;
                } else if (v.hasLayer()) {
                    layer = v.getLayer();
                    org.deeplearning4j.nn.conf.layers.Layer layerConf = unwrap(conf.getVertices().get(v.getVertexName())
                            instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : layer.conf().getLayer());
                    type = typeName(layerConf);
                    activation = piecewiseLinear(layerConf);
                } else {
                    type = conf.getVertices().get(v.getVertexName()).getClass().getSimpleName();
                }
                VertexIndices[] in = v.getInputVertices();
                int inputIndex = in != null && in.length == 1 ? position[in[0].getVertexIndex()] : -1;
                nodes.add(new Node(p, v.getVertexIndex(), v.getVertexName(), type, inputIndex, activation, layer));
            }
            input = inputPosition;
        }

        @Override
        List<Node> nodes() {
            return nodes;
        }

        @Override
        DataType dataType() {
            return copy.getConfiguration().getDataType();
        }

        @Override
        int inputNode() {
            return input;
        }

        @Override
        List<INDArray> forward(INDArray points) {
            Map<String, INDArray> activations = copy.feedForward(new INDArray[] {points}, false);
            List<INDArray> out = new ArrayList<>(nodes.size());
            for (Node node : nodes) {
                INDArray a = activations.get(node.name());
                if (a == null) {
                    throw new IllegalStateException("the graph's forward pass gave no activation for vertex '"
                            + node.name() + "'");
                }
                out.add(a);
            }
            return out;
        }
    }
}
