package org.expressivity4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.backend.NativeBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Fails if DL4J's oneDNN layer helpers are silently off: they make conv nets about 8x faster on CPU, and DL4J
 * M2.1 gives no sign when they are missing (see {@link NativeBackend}).
 */
class OneDnnHelpersTest {

    @AfterEach
    void restore() {
        NativeBackend.configureDefaults();
    }

    private static MultiLayerNetwork smallConvNet() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 2))
                .build());
        net.init();
        return net;
    }

    @Test
    void helpersAreOnByDefault() {
        NativeBackend.State state = NativeBackend.configureDefaults();
        assertTrue(state.helpersActive(), state.describe());
        assertTrue(BaseMKLDNNHelper.mklDnnEnabled(), "DL4J's own check says oneDNN is off");
        MultiLayerNetwork net = smallConvNet();
        INDArray out = net.output(Nd4j.rand(5, 2, 8, 8));
        assertEquals(5, out.size(0));
        assertTrue(net.getLayer(0).getHelper() instanceof MKLDNNConvHelper, "conv helper: " + net.getLayer(0).getHelper());
        assertTrue(net.getLayer(1).getHelper() instanceof MKLDNNBatchNormHelper, "bn helper: " + net.getLayer(1).getHelper());
        assertTrue(net.getLayer(2).getHelper() instanceof MKLDNNSubsamplingHelper, "pool helper: " + net.getLayer(2).getHelper());
    }

    @Test
    void helpersCanBeSwitchedOffAndBackOn() {
        NativeBackend.configure(new NativeBackend.Settings(2, false));
        assertNull(smallConvNet().getLayer(0).getHelper());
        NativeBackend.configure(new NativeBackend.Settings(2, true));
        assertTrue(smallConvNet().getLayer(0).getHelper() instanceof MKLDNNConvHelper);
    }
}
