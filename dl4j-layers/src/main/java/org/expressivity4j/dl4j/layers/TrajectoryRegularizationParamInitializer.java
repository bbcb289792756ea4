package org.expressivity4j.dl4j.layers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parameters of a {@link TrajectoryRegularization} layer, each a vector of length 1 in the network's flattened
 * parameter array: {@value #LAMBDA}, the learnt scale; and, when the original length is measured rather than
 * configured, the warm-up state {@value #ORIGINAL_CHORD_LENGTH} (the running mean of the input's chord length over
 * the measured minibatches, l0 of Raghu et al. 2017, Section 3.3, as defined in {@link TrajectoryRegularization})
 * and {@value #WARMUP_SEEN} (how many minibatches it averages). Keeping the state among the parameters, as DL4J's
 * batch norm keeps its running mean and variance, makes {@code ModelSerializer}, {@code clone()} and parameter
 * averaging carry it; its updater is {@code NoOp} with zero gradient, and the layer writes it during backprop.
 */
public final class TrajectoryRegularizationParamInitializer implements ParamInitializer {

    /** The learnt scale lambda. */
    public static final String LAMBDA = "lambda";
    /** Warm-up state: the original chord length l0 measured so far (0 before the first measured minibatch). */
    public static final String ORIGINAL_CHORD_LENGTH = "origChordLength";
    /** Warm-up state: the number of minibatches averaged into {@link #ORIGINAL_CHORD_LENGTH}. */
    public static final String WARMUP_SEEN = "warmupSeen";

    private static final TrajectoryRegularizationParamInitializer INSTANCE =
            new TrajectoryRegularizationParamInitializer();

    private TrajectoryRegularizationParamInitializer() {
    }

    public static TrajectoryRegularizationParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return paramKeys(layer).size();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return config(layer).isMeasured() ? List.of(LAMBDA, ORIGINAL_CHORD_LENGTH, WARMUP_SEEN) : List.of(LAMBDA);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return false;
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        TrajectoryRegularization layer = config(conf.getLayer());
        Map<String, INDArray> params = split(layer, paramsView);
        if (initializeParams) {
            params.get(LAMBDA).assign(layer.getInitialLambda());
            if (layer.isMeasured()) {
                params.get(ORIGINAL_CHORD_LENGTH).assign(0);
                params.get(WARMUP_SEEN).assign(0);
            }
        }
        for (String key : params.keySet()) {
            conf.addVariable(key);
        }
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return split(config(conf.getLayer()), gradientView);
    }

    private Map<String, INDArray> split(TrajectoryRegularization layer, INDArray view) {
        List<String> keys = paramKeys(layer);
        if (view.length() != keys.size()) {
            throw new IllegalArgumentException("trajectory regularization expects " + keys.size()
                    + " parameters, got a view of length " + view.length());
        }
        INDArray flat = view.reshape(view.length());
        Map<String, INDArray> out = Collections.synchronizedMap(new LinkedHashMap<>());
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), flat.get(NDArrayIndex.interval(i, i + 1)));
        }
        return out;
    }

    private static TrajectoryRegularization config(Layer layer) {
        if (layer instanceof TrajectoryRegularization t) {
            return t;
        }
        throw new IllegalArgumentException("not a trajectory regularization layer: " + layer);
    }
}
