package org.expressivity4j.dl4j.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class GaussianFanInInitTest {

    private static MultiLayerConfiguration conf(double sigmaW2) {
        return new NeuralNetConfiguration.Builder().seed(5).weightInit(new GaussianFanInInit(sigmaW2)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).build())
                .layer(new DenseLayer.Builder().nOut(400).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).build())
                .setInputType(InputType.convolutional(12, 12, 8))
                .build();
    }

    @Test
    void weightVarianceIsSigmaW2OverFanIn() {
        MultiLayerNetwork net = new MultiLayerNetwork(conf(2.0));
        net.init();
        // conv: fan_in = 3 * 3 * 8 = 72, 64 * 72 = 4608 weights; dense: fan_in = 10 * 10 * 64 = 6400, 2.56M weights.
        INDArray conv = net.getLayer(0).getParam("W");
        INDArray dense = net.getLayer(1).getParam("W");
        // The sample variance of n Gaussian draws has relative standard error sqrt(2 / n): 2.1% for n = 4608,
        // 0.09% for 2.56M; 5 standard errors give the tolerances below.
        assertEquals(2.0 / 72, conv.varNumber().doubleValue(), 2.0 / 72 * 5 * Math.sqrt(2.0 / 4608));
        assertEquals(2.0 / 6400, dense.varNumber().doubleValue(), 2.0 / 6400 * 5 * Math.sqrt(2.0 / 2_560_000));
        assertEquals(0.0, dense.meanNumber().doubleValue(), 5 * Math.sqrt(2.0 / 6400 / 2_560_000));
    }

    @Test
    void sameSeedSameWeightsAndJsonRoundTrip() {
        MultiLayerConfiguration conf = conf(1.5);
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, restored);
        MultiLayerNetwork a = new MultiLayerNetwork(conf);
        a.init();
        MultiLayerNetwork b = new MultiLayerNetwork(restored);
        b.init();
        assertEquals(a.params(), b.params());
    }

    @Test
    void rejectsNonPositiveScale() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianFanInInit(0));
        assertThrows(IllegalArgumentException.class, () -> new GaussianFanInInit(Double.NaN));
    }
}
