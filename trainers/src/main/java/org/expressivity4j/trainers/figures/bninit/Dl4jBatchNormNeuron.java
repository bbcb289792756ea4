package org.expressivity4j.trainers.figures.bninit;

import java.util.Objects;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Dannemann and Junike's one-neuron batch-norm network (Example 3.2 of "Batch normalization does not improve
 * initialization") built from DL4J's own layers, in double precision: {@code DenseLayer} (p inputs, 1 output, no
 * bias, identity), {@code BatchNormalization} (gamma = 1 and beta = 0 fixed with {@code lockGammaBeta}, epsilon
 * configurable), {@code LossLayer} (identity, {@code L2} loss).
 *
 * <p>DL4J conventions, measured on 1.0.0-M2.1 (and asserted in the tests):
 * <ul>
 *   <li>At training time ({@code computeGradientAndScore}, {@code output(x, true)}) the layer normalizes with the
 *       batch mean and the <em>population</em> variance ({@code x.var(false, 0)}, divisor M) plus epsilon:
 *       {@code (z - mu) / sqrt(sigma^2 + epsilon)}; epsilon defaults to {@code 1e-5}.</li>
 *   <li>{@code L2} is the per-example sum of squared errors (no 1/nOut; with one output it equals {@code MSE});
 *       {@link MultiLayerNetwork#score()} is the mean of it over the batch, i.e. the paper's sum {@code C^} divided
 *       by M, while {@link MultiLayerNetwork#gradient()} is the gradient of the sum {@code C^} itself. With
 *       {@code miniBatch(true)} (the default) the updater divides that gradient by M before the step.</li>
 *   <li>The batch-norm layer's "mean" and "log10stdev" entries of the flattened gradient are its running-statistics
 *       updates (for inference), not gradients; only the dense layer's {@code W} is compared.</li>
 *   <li>DL4J's oneDNN batch-norm helper declines {@code lockGammaBeta} (it removes itself when the layer is
 *       created), so this network always runs DL4J's built-in Java implementation.</li>
 *   <li>With {@code lockGammaBeta}, the built-in implementation applies the fixed gamma and beta only when
 *       <em>both</em> differ from their defaults ({@code gamma != 1 && beta != 0}): gamma = 4 with beta = 0, or
 *       gamma = 1 with beta = 2, are silently ignored. Harmless here (gamma = 1, beta = 0); use learnable gamma and
 *       beta for other values.</li>
 * </ul>
 */
public final class Dl4jBatchNormNeuron {

    /** DL4J's default batch-norm epsilon. */
    public static final double DL4J_DEFAULT_EPSILON = 1e-5;

    private Dl4jBatchNormNeuron() {
    }

    /**
     * What DL4J computed at one weight vector.
     *
     * @param epsilon   the batch-norm layer's epsilon
     * @param gradient  {@code dC^/dw} of the dense layer's weights, from {@link MultiLayerNetwork#gradient()}
     * @param score     {@link MultiLayerNetwork#score()} after {@code computeGradientAndScore}
     * @param batchSize M
     * @param outputs   the batch-normalized outputs in training mode, {@code output(x, true)}
     * @param helper    the batch-norm layer's platform helper, or "none (built-in implementation)"
     */
    public record Evaluation(double epsilon, double[] gradient, double score, int batchSize, double[] outputs,
                             String helper) {

        /** {@code score x M}: the summed squared error, the paper's {@code C^}. */
        public double summedLoss() {
            return score * batchSize;
        }
    }

    /**
     * The network for p inputs.
     *
     * @param inputs    p, at least 1
     * @param epsilon   the batch-norm epsilon, non-negative
     * @param learningRate the plain SGD step used by {@link #sgdStep}
     */
    public static MultiLayerNetwork network(int inputs, double epsilon, double learningRate) {
        if (inputs < 1) {
            throw new IllegalArgumentException("at least one input is needed, got " + inputs);
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and non-negative, got " + epsilon);
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .updater(new Sgd(learningRate))
                .miniBatch(true)
                .list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(1).hasBias(false).activation(Activation.IDENTITY)
                        .build())
                .layer(new BatchNormalization.Builder().nOut(1).lockGammaBeta(true).gamma(1.0).beta(0.0)
                        .eps(epsilon).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.L2).activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * DL4J's gradient, score and outputs at {@code w}.
     *
     * @param inputs  the batch {@code x_1 .. x_M} (rows)
     * @param targets {@code y_1 .. y_M}
     * @param w       the dense layer's weights
     * @param epsilon the batch-norm epsilon
     */
    public static Evaluation evaluate(double[][] inputs, double[] targets, double[] w, double epsilon) {
        check(inputs, targets, w);
        MultiLayerNetwork net = network(w.length, epsilon, 0.1);
        net.getLayer(0).setParam("W", column(w));
        INDArray x = Nd4j.createFromArray(inputs);
        net.setInput(x);
        net.setLabels(column(targets));
        net.computeGradientAndScore();
        double[] gradient = net.gradient().getGradientFor("0_W").dup().toDoubleVector();
        double score = net.score();
        double[] outputs = net.output(x, true).toDoubleVector();
        return new Evaluation(epsilon, gradient, score, inputs.length, outputs, helperName(net));
    }

    /**
     * The change of {@code w} after one {@code fit} on the batch with plain SGD of this learning rate: with
     * {@code miniBatch(true)}, {@code -learningRate grad C^ / M}.
     */
    public static double[] sgdStep(double[][] inputs, double[] targets, double[] w, double epsilon,
                                   double learningRate) {
        check(inputs, targets, w);
        MultiLayerNetwork net = network(w.length, epsilon, learningRate);
        net.getLayer(0).setParam("W", column(w));
        net.fit(Nd4j.createFromArray(inputs), column(targets));
        double[] after = net.getLayer(0).getParam("W").toDoubleVector();
        double[] delta = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            delta[j] = after[j] - w[j];
        }
        return delta;
    }

    private static String helperName(MultiLayerNetwork net) {
        LayerHelper helper = ((org.deeplearning4j.nn.layers.normalization.BatchNormalization) net.getLayer(1))
                .getHelper();
        return helper == null ? "none (built-in implementation)" : helper.getClass().getSimpleName();
    }

    private static INDArray column(double[] v) {
        return Nd4j.createFromArray(v).reshape(v.length, 1);
    }

    private static void check(double[][] inputs, double[] targets, double[] w) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(w, "w");
        if (inputs.length < 2 || targets.length != inputs.length) {
            throw new IllegalArgumentException("a batch of at least 2 inputs with one target each is needed, got "
                    + inputs.length + " inputs and " + targets.length + " targets");
        }
        for (double[] x : inputs) {
            if (x.length != w.length) {
                throw new IllegalArgumentException("inputs have " + x.length + " coordinates, w has " + w.length);
            }
        }
    }
}
