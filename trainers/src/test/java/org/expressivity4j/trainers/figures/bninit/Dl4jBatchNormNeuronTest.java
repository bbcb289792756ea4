package org.expressivity4j.trainers.figures.bninit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.batchnorm.BatchNormNeuron;
import org.expressivity4j.core.batchnorm.BatchNormTransform;
import org.expressivity4j.core.batchnorm.DannemannJunikeExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

class Dl4jBatchNormNeuronTest {

    private static final double[][] X = DannemannJunikeExample.inputs();
    private static final double[] Y = DannemannJunikeExample.targets();
    private static final double[] W_STAR = DannemannJunikeExample.W_STAR;

    /**
     * DL4J's gradient at W* equals the closed form with the same epsilon and the population variance. Both are
     * double-precision evaluations of the same expression in different orders: terms of size ~10 cancel to ~0.3,
     * so they agree to ~1e-14; 1e-12 leaves room and is far below the epsilon effect (~1e-6).
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1e-5, 1e-3})
    void gradientAgreesWithTheClosedFormWithTheSameEpsilon(double epsilon) {
        Dl4jBatchNormNeuron.Evaluation e = Dl4jBatchNormNeuron.evaluate(X, Y, W_STAR, epsilon);
        BatchNormNeuron closed = DannemannJunikeExample.neuron(BatchNormTransform.normalizeOnly().withEpsilon(epsilon));
        assertArrayEquals(closed.gradient(W_STAR), e.gradient(), 1e-12);
        assertArrayEquals(closed.outputs(W_STAR), e.outputs(), 1e-12);
        // score() is the batch mean of the per-example sum of squares: C^ / 3.
        assertEquals(closed.value(W_STAR), e.summedLoss(), 1e-10);
        assertEquals("none (built-in implementation)", e.helper());
    }

    @Test
    void dl4jsDefaultEpsilonStillGivesThePapersTwoDecimals() {
        double[] g = Dl4jBatchNormNeuron.evaluate(X, Y, W_STAR, Dl4jBatchNormNeuron.DL4J_DEFAULT_EPSILON).gradient();
        assertEquals(-0.34, g[0], 0.005);
        assertEquals(0.11, g[1], 0.005);
        // ... but not the epsilon-free value to 1e-6: BN(z) shrinks by 1 - eps / (2 sigma^2) = 1 - 6.1e-7 and the
        // gradient, a difference of terms ~10, moves by a few 1e-6.
        double[] exact = DannemannJunikeExample.neuron().gradient(W_STAR);
        assertTrue(Math.abs(g[1] - exact[1]) > 1e-6, "epsilon moved g2 by " + (g[1] - exact[1]));
    }

    @Test
    void dl4jUsesThePopulationVarianceAtTrainingTime() {
        double[] dl4j = Dl4jBatchNormNeuron.evaluate(X, Y, W_STAR, 0.0).outputs();
        double[] sample = DannemannJunikeExample.neuron(BatchNormTransform.normalizeOnly()
                .withVariance(BatchNormTransform.VarianceConvention.SAMPLE)).outputs(W_STAR);
        // Population: sum of squares of BN(z) = M = 3; sample: M - 1 = 2.
        double ss = 0;
        for (double v : dl4j) {
            ss += v * v;
        }
        assertEquals(3.0, ss, 1e-12);
        assertTrue(Math.abs(dl4j[2] - sample[2]) > 0.1);
    }

    @Test
    void oneSgdStepMovesByMinusTheGradientOverTheBatchSize() {
        double[] step = Dl4jBatchNormNeuron.sgdStep(X, Y, W_STAR, 0.0, 1.0);
        double[] g = DannemannJunikeExample.neuron().gradient(W_STAR);
        // miniBatch(true): the updater divides the summed gradient by M = 3; rounding only.
        assertArrayEquals(new double[] {-g[0] / 3, -g[1] / 3}, step, 1e-12);
    }

    /**
     * DL4J 1.0.0-M2.1 applies locked gamma and beta only when both differ from 1 and 0: a locked gamma = 4 with
     * beta = 0 leaves BN(z) unscaled. Documented in {@link Dl4jBatchNormNeuron}; if an upgrade fixes it, this test
     * says the note is out of date.
     */
    @Test
    void lockedGammaIsIgnoredWhenBetaIsZero() {
        MultiLayerConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .dataType(org.nd4j.linalg.api.buffer.DataType.DOUBLE).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(2).nOut(1).hasBias(false)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().nOut(1).lockGammaBeta(true)
                        .gamma(4.0).beta(0.0).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getLayer(0).setParam("W", Nd4j.createFromArray(W_STAR).reshape(2, 1));
        double[] out = net.output(Nd4j.createFromArray(X), true).toDoubleVector();
        double[] normalized = DannemannJunikeExample.neuron(BatchNormTransform.normalizeOnly().withEpsilon(1e-5))
                .outputs(W_STAR);
        // Expected 4 x BN(z) if gamma were applied; DL4J returns BN(z) itself (rounding only).
        assertArrayEquals(normalized, out, 1e-12);
    }

    @Test
    void theConfigurationSurvivesAJsonRoundTrip() {
        MultiLayerNetwork net = Dl4jBatchNormNeuron.network(2, 1e-5, 0.1);
        MultiLayerConfiguration copy = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        MultiLayerNetwork restored = new MultiLayerNetwork(copy);
        restored.init();
        for (MultiLayerNetwork n : new MultiLayerNetwork[] {net, restored}) {
            n.getLayer(0).setParam("W", Nd4j.createFromArray(W_STAR).reshape(2, 1));
            n.setInput(Nd4j.createFromArray(X));
            n.setLabels(Nd4j.createFromArray(Y).reshape(3, 1));
            n.computeGradientAndScore();
        }
        // The same configuration computes the same numbers: bit-identical.
        assertEquals(net.gradient().gradient(), restored.gradient().gradient());
        assertEquals(net.score(), restored.score(), 0.0);
    }
}
