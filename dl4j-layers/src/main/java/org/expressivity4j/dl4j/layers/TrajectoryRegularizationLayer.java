package org.expressivity4j.dl4j.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.expressivity4j.dl4j.backend.SlowPathWarning;
import org.expressivity4j.core.trajectory.ArcLength;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.factory.Nd4j;

import static org.expressivity4j.dl4j.layers.TrajectoryRegularizationParamInitializer.LAMBDA;
import static org.expressivity4j.dl4j.layers.TrajectoryRegularizationParamInitializer.ORIGINAL_CHORD_LENGTH;
import static org.expressivity4j.dl4j.layers.TrajectoryRegularizationParamInitializer.WARMUP_SEEN;

/**
 * The runtime of a {@link TrajectoryRegularization} layer (Raghu et al. 2017, Section 3.3): {@code y = lambda * x},
 * plus the penalty {@code c * L(y) / L_orig} on the length of the path through the minibatch's consecutive examples
 * (see the configuration for the definition of {@code L_orig} and its warm-up).
 *
 * <p>Gradients, with {@code P} the penalty, {@code g = dL/dx} the {@linkplain ArcLength#gradient arc-length
 * gradient} of the flattened input path and {@code L(y) = |lambda| L(x)}:
 * <pre>
 *   dP/dy      = c / L_orig * sign(lambda) * g
 *   dP/dlambda = c / L_orig * sign(lambda) * L(x)          (Euler: g . x = L(x), L is 1-homogeneous)
 *   dLoss/dx   = lambda * dLoss/dy + c / L_orig * |lambda| * g
 * </pre>
 * With {@link TrajectoryRegularization.Penalized#INPUT} the penalty is {@code c * L(x) / L_orig}: {@code dP/dlambda
 * = 0} and {@code dLoss/dx = lambda * dLoss/dy + c / L_orig * g}.
 * DL4J backpropagates the gradient of the summed loss and its updater divides by the minibatch size, while the
 * penalty is added once to the (mean) score; so when the network is configured for minibatches the penalty's
 * gradients are multiplied by N here. {@code L_orig} is a constant in the gradient (it is a reference, not a
 * function of the parameters).
 *
 * <p>Kept across calls, outside workspaces: the last forward pass's input chord lengths (N - 1 numbers), input length
 * and reference, for the backprop that follows it, and the last penalty. The backprop adds the penalty's gradient
 * in place to its output ({@link ArcLength#addGradient}); no activation-sized array is kept or copied.
 */
public class TrajectoryRegularizationLayer extends BaseLayer<TrajectoryRegularization> {

    private static final long serialVersionUID = 1L;

    /** The penalty of the last forward pass, or null if it computed none (inference without the option). */
    private TrajectoryPenalty lastPenalty;
    /** L(x) of the last forward pass's input, NaN if not computed. */
    private double forwardInputLength = Double.NaN;
    /** The chord lengths of the last forward pass's input (N - 1 values, outside workspaces), or null. */
    private INDArray forwardChords;
    /** L_orig used by the last forward pass (0: no penalty). */
    private double forwardReference;

    public TrajectoryRegularizationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.NORMALIZATION;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    private boolean penalizesInput() {
        return layerConf().getPenalized() == TrajectoryRegularization.Penalized.INPUT;
    }

    /** The learnt scale. */
    public double lambda() {
        return getParam(LAMBDA).getDouble(0);
    }

    /**
     * The original chord length l0 in use: the configured one, else the measured running mean; NaN while nothing
     * was measured yet (then each minibatch is its own reference).
     */
    public double originalChordLength() {
        TrajectoryRegularization c = layerConf();
        if (!c.isMeasured()) {
            return c.getOriginalChordLength();
        }
        return warmupSeen() > 0 ? getParam(ORIGINAL_CHORD_LENGTH).getDouble(0) : Double.NaN;
    }

    /** Minibatches measured for the original length so far (the configured count once warmed up; 0 if configured). */
    public int warmupSeen() {
        return layerConf().isMeasured() ? (int) Math.round(getParam(WARMUP_SEEN).getDouble(0)) : 0;
    }

    /** Whether the original length is fixed: configured, or measured over all warm-up minibatches. */
    public boolean isWarmedUp() {
        TrajectoryRegularization c = layerConf();
        return !c.isMeasured() || warmupSeen() >= c.getWarmupBatches();
    }

    /** The penalty of the last forward pass; empty if that pass computed none (inference, without the option). */
    public Optional<TrajectoryPenalty> lastPenalty() {
        return Optional.ofNullable(lastPenalty);
    }

    /**
     * The last penalty of every trajectory-regularization layer among {@code layers} that computed one, by layer
     * name, in order: e.g. {@code lastPenalties(net.getLayers())} after a training step.
     */
    public static Map<String, TrajectoryPenalty> lastPenalties(Layer... layers) {
        Map<String, TrajectoryPenalty> out = new LinkedHashMap<>();
        for (Layer layer : layers) {
            if (layer instanceof TrajectoryRegularizationLayer t && t.lastPenalty != null) {
                out.put(t.layerConf().getLayerName(), t.lastPenalty);
            }
        }
        return out;
    }

    /** The penalty of the last forward pass, 0 if none; DL4J adds it to the network's score. */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return super.calcRegularizationScore(backpropParamsOnly) + (lastPenalty == null ? 0.0 : lastPenalty.value());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        SlowPathWarning.checkOnce();
        INDArray x = input.castTo(dataType);
        double lambda = lambda();
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        x.mul(lambda, y);
        if (training || layerConf().isPenaltyAtInference()) {
            measure(x, lambda);
        } else {
            lastPenalty = null;
            forwardInputLength = Double.NaN;
            forwardChords = null;
            forwardReference = 0.0;
        }
        return y;
    }

    /** Computes the penalty of this forward pass from the input path. */
    private void measure(INDArray x, double lambda) {
        long n = x.size(0);
        if (n < 2) {
            forwardInputLength = 0.0;
            forwardChords = null;
            forwardReference = 0.0;
            lastPenalty = TrajectoryPenalty.none(n, 0.0);
            return;
        }
        // Kept for the backprop that follows (N - 1 numbers): the gradient needs the chord lengths again.
        forwardChords = ArcLength.chordLengths(x).detach();
        double inputLength = forwardChords.castTo(DataType.DOUBLE).sumNumber().doubleValue();
        double l0 = originalChordLength();
        if (Double.isNaN(l0)) {
            l0 = inputLength / (n - 1);
        }
        double reference = (n - 1) * l0;
        double length = penalizesInput() ? inputLength : Math.abs(lambda) * inputLength;
        forwardInputLength = inputLength;
        if (reference > 0 && Double.isFinite(reference)) {
            forwardReference = reference;
            lastPenalty = new TrajectoryPenalty(n, length, reference,
                    layerConf().getCoefficient() * length / reference);
        } else {
            forwardReference = 0.0;
            lastPenalty = TrajectoryPenalty.none(n, length);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = input.castTo(dataType);
        INDArray eps = epsilon.castTo(dataType);
        double lambda = lambda();
        long n = x.size(0);
        if (Double.isNaN(forwardInputLength)) {
            measure(x, lambda);
        }

        // dLoss/dlambda from the data loss: sum over all elements of dLoss/dy * x.
        double dLambda = Nd4j.getExecutioner().exec(new Dot(asVector(eps), asVector(x))).getDouble(0);
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        eps.mul(lambda, epsOut);

        double coefficient = layerConf().getCoefficient();
        if (n >= 2 && forwardReference > 0 && coefficient > 0) {
            double k = coefficient / forwardReference * (conf().isMiniBatch() ? n : 1);
            if (penalizesInput()) {
                ArcLength.addGradient(x, forwardChords, k, epsOut);
            } else {
                ArcLength.addGradient(x, forwardChords, k * Math.abs(lambda), epsOut);
                dLambda += k * Math.signum(lambda) * forwardInputLength;
            }
        }

        Gradient gradient = new DefaultGradient();
        INDArray dLambdaView = gradientViews.get(LAMBDA);
        dLambdaView.assign(dLambda);
        gradient.setGradientFor(LAMBDA, dLambdaView);
        if (layerConf().isMeasured()) {
            INDArray dState = gradientViews.get(ORIGINAL_CHORD_LENGTH);
            dState.assign(0);
            gradient.setGradientFor(ORIGINAL_CHORD_LENGTH, dState);
            INDArray dSeen = gradientViews.get(WARMUP_SEEN);
            dSeen.assign(0);
            gradient.setGradientFor(WARMUP_SEEN, dSeen);
            recordWarmup(n);
        }
        forwardInputLength = Double.NaN;
        forwardChords = null;
        return new Pair<>(gradient, epsOut);
    }

    /** The elements in C order as a vector (a view when the array is C-contiguous). */
    private static INDArray asVector(INDArray a) {
        // An explicit long[]: reshape('c', n) would bind to reshape(long rows, long columns) with rows = 'c'.
        return a.reshape('c', new long[] {a.length()});
    }

    /** Adds this minibatch's input chord length to the running mean, while warming up. */
    private void recordWarmup(long n) {
        int seen = warmupSeen();
        double chord = n >= 2 ? forwardInputLength / (n - 1) : 0.0;
        if (seen >= layerConf().getWarmupBatches() || !(chord > 0) || !Double.isFinite(chord)) {
            return;
        }
        INDArray mean = getParam(ORIGINAL_CHORD_LENGTH);
        double previous = seen == 0 ? 0.0 : mean.getDouble(0);
        mean.assign(previous + (chord - previous) / (seen + 1));
        getParam(WARMUP_SEEN).assign(seen + 1);
    }

    /** Only the scale is divided by the minibatch size; the warm-up state has no gradient. */
    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return LAMBDA.equals(paramName);
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("a trajectory regularization layer is trained as part of a network");
    }

    @Override
    public boolean hasBias() {
        return false;
    }
}
