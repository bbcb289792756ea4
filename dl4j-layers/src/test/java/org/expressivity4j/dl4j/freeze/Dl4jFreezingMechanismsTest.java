package org.expressivity4j.dl4j.freeze;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.backend.NativeBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * What DL4J 1.0.0-M2.1 itself offers for freezing layers, and how each falls short: the reasons for the design of
 * {@link LayerFreezing}. These tests pin down DL4J's behaviour; if one fails after a DL4J upgrade, revisit the
 * design (it may have become simpler).
 */
class Dl4jFreezingMechanismsTest {

    @BeforeAll
    static void oneThread() {
        NativeBackend.configure(NativeBackend.Settings.withThreads(1));
    }

    @AfterAll
    static void restore() {
        NativeBackend.configureDefaults();
    }

    private static DataSet data() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 5).muli(3);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 2);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 2, 1.0);
        }
        return new DataSet(x, y);
    }

    /** Dense (layer 0, with the given updater and options), batch norm (1, same updater), output (Adam). */
    private static MultiLayerNetwork net(DenseLayer.Builder dense, IUpdater frozenUpdater) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4)
                .updater(new Adam(0.05)).list()
                .layer(dense.nOut(6).activation(Activation.TANH).updater(frozenUpdater).build())
                .layer(new BatchNormalization.Builder().updater(frozenUpdater).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build());
        net.init();
        return net;
    }

    private static boolean unchangedAfterFits(MultiLayerNetwork net, int layer, String param) {
        double[] before = values(net.getLayer(layer).getParam(param));
        for (int i = 0; i < 3; i++) {
            net.fit(data());
        }
        return Arrays.equals(before, values(net.getLayer(layer).getParam(param)));
    }

    private static double[] values(INDArray a) {
        return Nd4j.toFlattened(a).toDoubleVector();
    }

    @Test
    void aNoOpUpdaterDoesNotFreeze() {
        // NoOp leaves the gradient as it is, and the step subtracts it: plain SGD with learning rate 1.
        assertFalse(unchangedAfterFits(net(new DenseLayer.Builder(), new NoOp()), 0, "W"));
    }

    @Test
    void sgdWithRateZeroFreezesWeightsButNotBatchNormRunningStatistics() {
        MultiLayerNetwork net = net(new DenseLayer.Builder(), new Sgd(0.0));
        double[] mean = values(net.getLayer(1).getParam("mean"));
        assertTrue(unchangedAfterFits(net, 0, "W"));
        assertTrue(Arrays.equals(values(net.getLayer(1).getParam("gamma")), new double[] {1, 1, 1, 1, 1, 1}));
        assertFalse(Arrays.equals(mean, values(net.getLayer(1).getParam("mean"))),
                "the running mean moves: its update has its own NoOp updater");
    }

    @Test
    void aNetworkWideLearningRateThawsSgdWithRateZero() {
        MultiLayerNetwork net = net(new DenseLayer.Builder(), new Sgd(0.0));
        net.setLearningRate(0.05);
        assertFalse(unchangedAfterFits(net, 0, "W"));
    }

    @Test
    void weightDecayAndConstraintsMoveLayersWhoseUpdaterIsZero() {
        // Weight decay acts after the updater; without the learning rate it shrinks weights by itself.
        assertFalse(unchangedAfterFits(net((DenseLayer.Builder) new DenseLayer.Builder().weightDecay(0.1, false), new Sgd(0.0)), 0, "W"));
        // Constraints are applied to every layer after each step.
        assertFalse(unchangedAfterFits(net(new DenseLayer.Builder().constrainWeights(new MaxNormConstraint(0.1, 1)),
                new Sgd(0.0)), 0, "W"));
    }

    @Test
    void frozenLayerBlocksTheGradientToTheLayersBelow() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4)
                .updater(new Adam(0.05)).list()
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new FrozenLayer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build());
        net.init();
        assertTrue(unchangedAfterFits(net, 0, "W"), "layer 0 is trainable but receives no gradient");
    }

    @Test
    void frozenLayerWithBackpropFailsOnBatchNorm() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4)
                .updater(new Adam(0.05)).list()
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new FrozenLayerWithBackprop(new BatchNormalization.Builder().build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build());
        net.init();
        // The batch-norm helper's cached batch mean is never set: the wrapper runs the layer in inference mode.
        assertThrows(NullPointerException.class, () -> net.fit(data()));
    }

    @Test
    void frozenLayerWithBackpropDriftsUnderL2WithAdam() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4)
                .updater(new Adam(0.05)).l2(0.1).list()
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new FrozenLayerWithBackprop(new DenseLayer.Builder().nOut(6).activation(Activation.TANH)
                        .build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build());
        net.init();
        assertFalse(unchangedAfterFits(net, 1, "W"), "the 'frozen' weights move");
    }
}
