package org.expressivity4j.dl4j.layers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * Configuration of a trajectory-regularization layer (Raghu et al., ICML 2017, Section 3.3 and Fig. 11): a drop-in
 * replacement for DL4J's {@code BatchNormalization} that scales its input by a learnt scalar and adds to the loss a
 * penalty on the length of the trajectory through the minibatch.
 *
 * <p><b>Forward.</b> {@code y = lambda * x}, with {@code lambda} one learnt scalar per layer, initialized to
 * {@link #DEFAULT_INITIAL_LAMBDA}. The same computation at train and test time: inference costs one scale.
 *
 * <p><b>Penalty.</b> The minibatch's examples, in order, are the points of a trajectory; each example's activations
 * (dense {@code [N, F]}, or convolutional {@code [N, C, H, W]} in any channel format) are flattened into one vector.
 * With {@code L(y)} the length of the polyline through the N points (the sum of its N - 1 chord lengths,
 * {@link org.expressivity4j.core.trajectory.ArcLength}), the layer adds to the network's score
 * <pre>  penalty = c * L(y) / L_orig,   L_orig = (N - 1) * l0,</pre>
 * (or {@code c * L(x) / L_orig} with {@link Penalized#INPUT}, see below)
 * with {@code c} the {@linkplain #getCoefficient() coefficient} (default {@value #DEFAULT_COEFFICIENT}, the paper's
 * constant) and {@code l0} the <i>original chord length</i>: the mean chord length of the same trajectory at this
 * layer's <i>input</i> at the start of training. The gradient of the penalty reaches {@code lambda} and, through
 * {@code x}, every layer below.
 *
 * <p><b>Which length is penalized.</b> The paper's layer "adds to the loss c (current length / orig length), and
 * then scales the outgoing activations by lambda" without saying whether "current length" is measured before the
 * scale or after it. Both readings are here ({@link Penalized}):
 * <ul>
 *   <li>{@link Penalized#OUTPUT} (the default): {@code L(y) = |lambda| L(x)}, the length of what the layer passes on.
 *       The penalty pulls {@code lambda} towards 0 as well as the layers below towards shorter trajectories; with a
 *       large {@code c} it shrinks the activations the next relu sees.</li>
 *   <li>{@link Penalized#INPUT}: {@code L(x)}, the length the layers below produce, before the scale. The penalty's
 *       gradient reaches only the layers below; {@code lambda} is free to restore the scale, as batch norm's gamma
 *       does after its normalization.</li>
 * </ul>
 * Measured on the CIFAR-10 conv net (docs/reproduction/cifar10 in the repository; SGD with Nesterov momentum, peak
 * learning rate 0.05): at c = 0.01 both readings collapsed to chance after the warm-up (the output reading drove a
 * lambda to about 1e-4, the input reading killed the fully connected layers), while c = 0 trained normally; at
 * c = 0.001 both trained (test accuracy 0.8196 input, 0.8152 output, batch norm 0.8225, one seed), a difference
 * within sampling error. The data favour neither reading, so the default stays the output reading, the literal order
 * of the paper's sentence.
 *
 * <p><b>The original length.</b> The paper adds "current length / orig length" without defining the latter. Here
 * {@code l0} is, unless {@linkplain #getOriginalChordLength() configured} as a constant, measured: the mean over the
 * first {@linkplain #getWarmupBatches() warm-up} training minibatches of {@code L(x) / (N - 1)} at this layer's
 * input, then held fixed. Why this reading:
 * <ul>
 *   <li>a fixed reference makes the penalty measure growth of trajectory length since the start of training, the
 *       quantity the paper tracks (Figs. 8-10) and that batch norm keeps down; the current input length would not
 *       do: {@code L(y) / L(x) = |lambda|} and the layers below would feel no pull;</li>
 *   <li>the layer's own input is available to the layer in a {@code MultiLayerNetwork} as in a
 *       {@code ComputationGraph} (the network's input is not), and normalizing by it makes the penalty start near
 *       {@code c} whatever the layer's width and activation scale, so one {@code c} suits every position (a 64 x 32 x
 *       32 conv activation and a 192-unit dense one differ in length by orders of magnitude);</li>
 *   <li>per chord, so that minibatches of another size (the last of an epoch, a test set) are compared fairly: the
 *       expected length of a path through N random examples grows like N - 1;</li>
 *   <li>averaged over a few minibatches to smooth one batch's sampling noise; deterministic given the data order,
 *       and stored as layer state in the parameter vector, so {@code ModelSerializer} saves and restores it.</li>
 * </ul>
 * State and behaviour: {@code warmupSeen} counts the minibatches measured so far. Before the first one (a fresh
 * network), the reference is the current minibatch's own input chord length, so the first penalty is {@code c *
 * |lambda|}; after that, the running mean of the measured minibatches. Measuring happens in backpropagation (so only
 * when training: {@code fit}, or gradient computation), never in {@code output} or {@code score}. A minibatch of one
 * example has no trajectory and gives no penalty; a degenerate one (zero length) gives zero, and neither counts
 * towards the warm-up. Gradient checks need a reference that does not move: finish the warm-up first or configure
 * {@link #getOriginalChordLength()}.
 *
 * <p><b>Score.</b> The penalty is returned by the layer's {@code calcRegularizationScore}, which DL4J adds to the
 * network's score (as shown by {@code ScoreIterationListener}); {@link TrajectoryRegularizationLayer#lastPenalty()}
 * reads it on its own. It is computed in training forward passes; in inference forward passes ({@code output},
 * {@code score(DataSet)}, evaluation) only if {@link #isPenaltyAtInference()} is set, since it costs a pass over the
 * activations that the output does not need. Without it, {@code net.score(data)} at test time is the data loss only.
 *
 * <p><b>Not applied:</b> like batch norm, the layer ignores dropout and weight noise, and regularization (l1, l2,
 * weight decay) of the network never applies to {@code lambda}. The activation function DL4J's builder stores on
 * every layer is unused. Setting any of these on this layer's {@link Builder} is an error; the network-wide defaults
 * are ignored.
 *
 * <p>Serializable as JSON (public no-arg constructor, getters and setters).
 */
public class TrajectoryRegularization extends BaseLayer {

    private static final long serialVersionUID = 1L;

    /** The paper's scale of the penalty relative to the classification loss. */
    public static final double DEFAULT_COEFFICIENT = 0.01;
    /** Training minibatches whose input trajectory length is averaged into the original length. */
    public static final int DEFAULT_WARMUP_BATCHES = 10;
    /** Initial value of the learnt scale. */
    public static final double DEFAULT_INITIAL_LAMBDA = 1.0;
    /** {@link #getOriginalChordLength()} value meaning "measured during the warm-up" (the default). */
    public static final double MEASURED = 0.0;

    private double coefficient;
    private int warmupBatches;
    private double originalChordLength;
    private double initialLambda;
    private boolean penaltyAtInference;
    private Penalized penalized;

    /** The length the penalty is taken of: the layer's output (after the scale) or its input (before it). */
    public enum Penalized {
        /** {@code L(y) = |lambda| L(x)}: the layer's output; the penalty also pulls lambda down. */
        OUTPUT,
        /** {@code L(x)}: the layer's input; lambda gets no gradient from the penalty. */
        INPUT
    }

    /** For JSON deserialization: the defaults. */
    public TrajectoryRegularization() {
        this(new Builder());
    }

    private TrajectoryRegularization(Builder builder) {
        super(builder);
        setCoefficient(builder.coefficient);
        setWarmupBatches(builder.warmupBatches);
        setOriginalChordLength(builder.originalChordLength);
        setInitialLambda(builder.initialLambda);
        setPenaltyAtInference(builder.penaltyAtInference);
        setPenalized(builder.penalized);
    }

    /** The penalty's scale c, non-negative (0 turns the penalty off, leaving a learnt scale). */
    public double getCoefficient() {
        return coefficient;
    }

    public void setCoefficient(double coefficient) {
        if (!(coefficient >= 0) || Double.isInfinite(coefficient)) {
            throw new IllegalArgumentException("coefficient must be finite and non-negative, got " + coefficient);
        }
        this.coefficient = coefficient;
    }

    /** How many training minibatches (with a trajectory of positive length) measure the original length. */
    public int getWarmupBatches() {
        return warmupBatches;
    }

    public void setWarmupBatches(int warmupBatches) {
        if (warmupBatches < 1) {
            throw new IllegalArgumentException("warmupBatches must be at least 1, got " + warmupBatches);
        }
        this.warmupBatches = warmupBatches;
    }

    /**
     * The original chord length l0 if configured (positive), or {@link #MEASURED} (0) to measure it at the layer's
     * input during the warm-up. A configured value removes the warm-up state from the parameters.
     */
    public double getOriginalChordLength() {
        return originalChordLength;
    }

    public void setOriginalChordLength(double originalChordLength) {
        if (!(originalChordLength >= 0) || Double.isInfinite(originalChordLength)) {
            throw new IllegalArgumentException("originalChordLength must be positive and finite (or 0 to measure it), got "
                    + originalChordLength);
        }
        this.originalChordLength = originalChordLength;
    }

    /** Whether the original chord length is measured during a warm-up (rather than configured). */
    @JsonIgnore
    public boolean isMeasured() {
        return originalChordLength == MEASURED;
    }

    /** Initial value of lambda. */
    public double getInitialLambda() {
        return initialLambda;
    }

    public void setInitialLambda(double initialLambda) {
        if (!Double.isFinite(initialLambda)) {
            throw new IllegalArgumentException("initialLambda must be finite, got " + initialLambda);
        }
        this.initialLambda = initialLambda;
    }

    /** Whether inference forward passes also compute the penalty (so that test-time scores include it). */
    public boolean isPenaltyAtInference() {
        return penaltyAtInference;
    }

    public void setPenaltyAtInference(boolean penaltyAtInference) {
        this.penaltyAtInference = penaltyAtInference;
    }

    /** Which length the penalty is taken of (default {@link Penalized#OUTPUT}). */
    public Penalized getPenalized() {
        return penalized;
    }

    public void setPenalized(Penalized penalized) {
        this.penalized = Objects.requireNonNull(penalized, "penalized");
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        TrajectoryRegularizationLayer layer = new TrajectoryRegularizationLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return TrajectoryRegularizationParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return checkInputType(inputType, layerIndex);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        checkInputType(inputType, -1);
    }

    /** None: convolutional activations are flattened per example inside the layer, never reshaped outside. */
    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    private InputType checkInputType(InputType inputType, int layerIndex) {
        if (inputType == null) {
            throw new IllegalArgumentException("trajectory regularization layer " + describe(layerIndex)
                    + ": no input type");
        }
        return switch (inputType.getType()) {
            case FF, CNN, CNNFlat -> inputType;
            default -> throw new IllegalArgumentException("trajectory regularization layer " + describe(layerIndex)
                    + " takes dense (FF) or convolutional (CNN, CNNFlat) input, got " + inputType);
        };
    }

    private String describe(int layerIndex) {
        return layerName != null ? "\"" + layerName + "\"" : layerIndex >= 0 ? "at index " + layerIndex : "";
    }

    /** No regularization of lambda or of the warm-up state (like batch norm's gamma and beta). */
    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return null;
    }

    /** The layer's updater for lambda; none for the warm-up state, which the layer itself writes. */
    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return switch (paramName) {
            case TrajectoryRegularizationParamInitializer.LAMBDA -> iUpdater;
            case TrajectoryRegularizationParamInitializer.ORIGINAL_CHORD_LENGTH,
                 TrajectoryRegularizationParamInitializer.WARMUP_SEEN -> new NoOp();
            default -> throw new IllegalArgumentException("trajectory regularization has no parameter \"" + paramName
                    + "\"");
        };
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long numParams = initializer().numParams(this);
        long updaterState = getUpdaterByParam(TrajectoryRegularizationParamInitializer.LAMBDA) == null ? 0
                : getUpdaterByParam(TrajectoryRegularizationParamInitializer.LAMBDA).stateSize(1);
        long perExample = inputType.arrayElementsPerExample();
        // Inference: the scaled copy only (counted as the output). Training: the chords and their unit vectors
        // (about two activation-sized arrays), and the gradient at the input.
        return new LayerMemoryReport.Builder(layerName, TrajectoryRegularization.class, inputType, inputType)
                .standardMemory(numParams, updaterState)
                .workingMemory(0, 0, 0, 3 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public TrajectoryRegularization clone() {
        return (TrajectoryRegularization) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrajectoryRegularization other && super.equals(o)
                && Double.compare(coefficient, other.coefficient) == 0 && warmupBatches == other.warmupBatches
                && Double.compare(originalChordLength, other.originalChordLength) == 0
                && Double.compare(initialLambda, other.initialLambda) == 0
                && penaltyAtInference == other.penaltyAtInference && penalized == other.penalized;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof TrajectoryRegularization;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), coefficient, warmupBatches, originalChordLength, initialLambda,
                penaltyAtInference, penalized);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "TrajectoryRegularization(name=%s, c=%s, penalized=%s, %s, initialLambda=%s%s, updater=%s)",
                layerName, coefficient, penalized.name().toLowerCase(Locale.ROOT), isMeasured() ? "l0 measured over " + warmupBatches + " warm-up batches"
                        : "l0=" + originalChordLength, initialLambda,
                penaltyAtInference ? ", penalty at inference" : "", iUpdater);
    }

    /**
     * Builder in DL4J's style: {@code new TrajectoryRegularization.Builder().name("tr1").coefficient(0.01).build()}.
     * Unset options keep the defaults above; the network's updater applies to lambda unless one is set here
     * ({@code updater}, and {@code gradientNormalization}, apply to lambda). The options DL4J's builders share that
     * this layer would ignore (activation, initializations, l1, l2, weight decay, bias updater, dropout, weight noise,
     * constraints) are errors here; set network-wide (on {@code NeuralNetConfiguration.Builder}) they are ignored by
     * this layer, as batch norm ignores most of them.
     */
    public static final class Builder extends BaseLayer.Builder<Builder> {

        private double coefficient = DEFAULT_COEFFICIENT;
        private int warmupBatches = DEFAULT_WARMUP_BATCHES;
        private double originalChordLength = MEASURED;
        private double initialLambda = DEFAULT_INITIAL_LAMBDA;
        private boolean penaltyAtInference;
        private Penalized penalized = Penalized.OUTPUT;

        public Builder() {
        }

        /** The penalty's scale c (default {@value TrajectoryRegularization#DEFAULT_COEFFICIENT}); 0 turns it off. */
        public Builder coefficient(double coefficient) {
            this.coefficient = coefficient;
            return this;
        }

        /**
         * Training minibatches measured for the original length (default
         * {@value TrajectoryRegularization#DEFAULT_WARMUP_BATCHES}).
         */
        public Builder warmupBatches(int warmupBatches) {
            this.warmupBatches = warmupBatches;
            return this;
        }

        /** A fixed original chord length l0 instead of a measured one (positive). */
        public Builder originalChordLength(double originalChordLength) {
            this.originalChordLength = originalChordLength;
            return this;
        }

        /** Initial lambda (default {@value TrajectoryRegularization#DEFAULT_INITIAL_LAMBDA}). */
        public Builder initialLambda(double initialLambda) {
            this.initialLambda = initialLambda;
            return this;
        }

        /** Whether inference forward passes compute the penalty too (default false: inference is one scale). */
        public Builder penaltyAtInference(boolean penaltyAtInference) {
            this.penaltyAtInference = penaltyAtInference;
            return this;
        }

        /** Which length the penalty is taken of (default {@link Penalized#OUTPUT}, the layer's output). */
        public Builder penalized(Penalized penalized) {
            this.penalized = Objects.requireNonNull(penalized, "penalized");
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException if an option this layer would ignore was set on this builder: activation,
         *                                  weight or bias initialization, l1, l2, weight decay or other
         *                                  regularization, a bias updater, dropout, weight noise or constraints
         */
        @Override
        @SuppressWarnings("unchecked")
        public TrajectoryRegularization build() {
            List<String> ignored = new ArrayList<>();
            if (activationFn != null) {
                ignored.add("activation");
            }
            if (weightInitFn != null) {
                ignored.add("weightInit");
            }
            if (!Double.isNaN(biasInit)) {
                ignored.add("biasInit");
            }
            if (!Double.isNaN(gainInit)) {
                ignored.add("gainInit");
            }
            if (regularization != null && !regularization.isEmpty()
                    || regularizationBias != null && !regularizationBias.isEmpty()) {
                ignored.add("l1, l2 or weight decay");
            }
            if (biasUpdater != null) {
                ignored.add("biasUpdater");
            }
            if (iDropout != null) {
                ignored.add("dropOut");
            }
            if (weightNoise != null) {
                ignored.add("weightNoise");
            }
            if (nonEmpty(allParamConstraints) || nonEmpty(weightConstraints) || nonEmpty(biasConstraints)) {
                ignored.add("constraints");
            }
            if (!ignored.isEmpty()) {
                throw new IllegalArgumentException("trajectory regularization layer"
                        + (layerName != null ? " \"" + layerName + "\"" : "") + ": " + String.join(", ", ignored)
                        + " would be ignored (the layer outputs lambda * x: no activation, weights, bias, dropout or "
                        + "weight noise, and no regularization or constraint on lambda); set them on the layers "
                        + "around it");
            }
            return new TrajectoryRegularization(this);
        }

        private static boolean nonEmpty(List<?> list) {
            return list != null && !list.isEmpty();
        }
    }
}
