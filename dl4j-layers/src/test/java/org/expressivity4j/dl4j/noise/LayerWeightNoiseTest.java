package org.expressivity4j.dl4j.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.dl4j.init.GaussianFanInInit;
import org.expressivity4j.dl4j.noise.LayerWeightNoise.Scale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Noise on one layer's weights (Raghu et al. 2017, Fig. 6): it changes that layer's weights and nothing else, has
 * the asked-for standard deviation, and is undone bit for bit.
 */
class LayerWeightNoiseTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure(NativeBackend.Settings.withThreads(1));
    }

    @AfterAll
    static void restore() {
        NativeBackend.configureDefaults();
    }

    /** c1 (conv), p1 (pooling), c2 (conv), d1 (dense), out: weighted layers of both kinds and one without weights. */
    static MultiLayerNetwork net() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(1e-3))
                .weightInit(new GaussianFanInInit(2.0)).biasInit(0.1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("c1").nOut(6).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("p1").kernelSize(2, 2)
                        .stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("c2").nOut(8).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().name("d1").nOut(200).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(12, 12, 3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Every element, in C order (bit for bit). */
    static float[] flat(INDArray a) {
        return a.dup('c').reshape(a.length()).toFloatVector();
    }

    static double[] flatDouble(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').reshape(a.length()).toDoubleVector();
    }

    private static Map<String, float[]> snapshot(MultiLayerNetwork net) {
        Map<String, float[]> params = new LinkedHashMap<>();
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            layer.paramTable().forEach((key, value) -> params.put(layer.conf().getLayer().getLayerName() + "/" + key,
                    flat(value)));
        }
        return params;
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c2", "d1", "out"})
    void noiseTouchesOnlyTheChosenLayersWeightsAndIsFullyRestored(String layer) {
        MultiLayerNetwork net = net();
        INDArray input = Nd4j.rand(DataType.FLOAT, 5, 3, 12, 12);
        float[] cleanOutput = flat(net.output(input, false));
        Map<String, float[]> before = snapshot(net);
        float[] allBefore = flat(net.params());
        try (LayerWeightNoise noise = LayerWeightNoise.on(net, layer)) {
            noise.apply(Scale.RELATIVE.std(0.5, noise.weightStd()), noise.direction(11));
            Map<String, float[]> noisy = snapshot(net);
            for (String key : before.keySet()) {
                boolean same = Arrays.equals(before.get(key), noisy.get(key));
                if (key.equals(layer + "/W")) {
                    assertFalse(same, key + " should carry the noise");
                } else {
                    assertTrue(same, key + " changed, but the noise was on " + layer + "/W only");
                }
            }
            assertFalse(Arrays.equals(cleanOutput, flat(net.output(input, false))),
                    "the network's output should see the noise");
        }
        assertArrayEquals(allBefore, flat(net.params()), "parameters after restore (bit for bit)");
        assertArrayEquals(cleanOutput, flat(net.output(input, false)), "output after restore");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.25, 1.0, 2.0})
    void theNoiseHasTheAskedForStandardDeviation(double magnitude) {
        MultiLayerNetwork net = net();
        LayerWeightNoise noise = LayerWeightNoise.on(net, "d1");
        double[] w0 = flatDouble(noise.originalWeights());
        for (Scale scale : Scale.values()) {
            double std = scale.std(magnitude, noise.weightStd());
            noise.apply(std, noise.direction(3));
            double[] w = flatDouble(net.getLayer("d1").getParam("W"));
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < w.length; i++) {
                double d = w[i] - w0[i];
                sum += d;
                sumSq += d * d;
            }
            int n = w.length;
            double sampleStd = Math.sqrt(sumSq / n - (sum / n) * (sum / n));
            // n = 72 * 200 = 14,400 draws: the sample std's relative standard error is 1 / sqrt(2n) = 0.59%, so 3%
            // is 5 standard errors; the mean's standard error is std / sqrt(n) = std / 120.
            assertEquals(std, sampleStd, 0.03 * std, scale + " noise std");
            assertEquals(0, sum / n, 5 * std / Math.sqrt(n), scale + " noise mean");
            noise.restore();
        }
        assertArrayEquals(w0, flatDouble(net.getLayer("d1").getParam("W")));
    }

    @Test
    void relativeScaleFollowsTheLayersWeightStandardDeviation() {
        MultiLayerNetwork net = net();
        LayerWeightNoise d1 = LayerWeightNoise.on(net, "d1");
        // d1: fan-in 8 * 3 * 3 = 72 (12 -> c1 3x3 -> 10 -> p1 -> 5 -> c2 3x3 -> 3, 8 channels), weights
        // N(0, 2 / 72): std 1/6, up to sampling error on 14,400 weights (relative standard error 0.59%; 3% = 5 SE).
        assertEquals(72 * 200, d1.count());
        assertEquals(1.0 / 6, d1.weightStd(), 0.03 / 6);
        assertEquals(0.25 * d1.weightStd(), Scale.RELATIVE.std(0.25, d1.weightStd()), 1e-15);
        assertEquals(0.25, Scale.ABSOLUTE.std(0.25, d1.weightStd()), 0);
        assertEquals(0, Scale.RELATIVE.std(0, d1.weightStd()), 0);
        assertThrows(IllegalArgumentException.class, () -> Scale.RELATIVE.std(-0.1, 1));
    }

    @Test
    void applyingAgainStartsFromTheOriginalWeights() {
        MultiLayerNetwork net = net();
        LayerWeightNoise noise = LayerWeightNoise.on(net, "c2");
        INDArray z = noise.direction(7);
        noise.apply(0.3, z);
        float[] once = flat(net.getLayer("c2").getParam("W"));
        noise.apply(0.3, z);
        assertArrayEquals(once, flat(net.getLayer("c2").getParam("W")), "no accumulation");
        noise.apply(0, z);
        assertArrayEquals(flat(noise.originalWeights()), flat(net.getLayer("c2").getParam("W")),
                "magnitude 0 is the original");
    }

    @Test
    void directionsAreReproducibleAndSeedDependent() {
        MultiLayerNetwork a = net();
        LayerWeightNoise noise = LayerWeightNoise.on(a, "c1");
        assertArrayEquals(flat(noise.direction(1)), flat(noise.direction(1)));
        assertFalse(Arrays.equals(flat(noise.direction(1)), flat(noise.direction(2))));
        assertArrayEquals(noise.shape(), noise.direction(1).shape());
        // Independent of ND4J's global generator.
        float[] first = flat(noise.direction(9));
        Nd4j.getRandom().setSeed(12345);
        Nd4j.rand(DataType.FLOAT, 100);
        assertArrayEquals(first, flat(noise.direction(9)));
    }

    @Test
    void layersWithoutWeightsAndUnknownNamesAreRejected() {
        MultiLayerNetwork net = net();
        IllegalArgumentException pooling = assertThrows(IllegalArgumentException.class,
                () -> LayerWeightNoise.on(net, "p1"));
        assertTrue(pooling.getMessage().contains("no weight parameter"), pooling.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerWeightNoise.on(net, "nope"));
        LayerWeightNoise noise = LayerWeightNoise.on(net, "c1");
        assertThrows(IllegalArgumentException.class, () -> noise.apply(0.1, Nd4j.zeros(DataType.FLOAT, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> noise.apply(-1, noise.direction(1)));
    }
}
