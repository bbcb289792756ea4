package org.expressivity4j.dl4j.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.dl4j.init.GaussianFanInInit;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.expressivity4j.dl4j.layers.TrajectoryRegularizationLayer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Single-layer training (Raghu et al. 2017, Section 3.1): after several {@code fit} calls every frozen parameter and
 * batch-norm running statistic is bit-identical, the trained layer changed and the score went down, with dense,
 * convolution, batch norm and trajectory-regularization layers, in a MultiLayerNetwork and a ComputationGraph.
 */
class LayerFreezingTest {

    private static final int STEPS = 4;

    @AfterAll
    static void restore() {
        NativeBackend.configureDefaults();
    }

    @BeforeAll
    static void nativeBackend() {
        // Float, with DL4J's oneDNN helpers on: batch norm on 4-d input then runs through its helper. One native
        // thread: the nets are tiny (and the machine is shared).
        NativeBackend.configure(NativeBackend.Settings.withThreads(1));
    }

    /**
     * Conv c1, batch norm bn1 (4-d), conv c2, trajectory regularization tr1 (4-d), pooling, dense d1 (with a
     * max-norm constraint and weight decay), batch norm bn2 (2-d), trajectory regularization tr2, output. Adam and l2
     * everywhere: everything that would move a "frozen" layer under a naive scheme.
     */
    static MultiLayerConfiguration conf() {
        return new NeuralNetConfiguration.Builder().seed(21).updater(new Adam(0.02)).l2(1e-3)
                .weightInit(new GaussianFanInInit(2.0)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("c1").nOut(4).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().name("bn1").build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("c2").nOut(4).activation(Activation.RELU).build())
                .layer(new TrajectoryRegularization.Builder().name("tr1").warmupBatches(2).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("p1").kernelSize(2, 2)
                        .stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("d1").nOut(12).activation(Activation.TANH)
                        .constrainWeights(new MaxNormConstraint(0.5, 1)).weightDecay(1e-2).build())
                .layer(new BatchNormalization.Builder().name("bn2").build())
                .layer(new TrajectoryRegularization.Builder().name("tr2").warmupBatches(2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(10, 10, 2))
                .build();
    }

    static DataSet data(long seed, int n) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 2, 10, 10);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return new DataSet(x, y);
    }

    /** A network trained for two steps: batch-norm running statistics have moved, the warm-up is done. */
    static MultiLayerNetwork pretrained() {
        MultiLayerNetwork net = new MultiLayerNetwork(conf());
        net.init();
        net.fit(data(1, 16));
        net.fit(data(2, 16));
        return net;
    }

    /** Each layer's parameters (with batch-norm running statistics and trajectory-regularization state) by name. */
    static Map<String, double[]> snapshot(Layer[] layers) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Layer l : layers) {
            if (l.numParams() > 0) {
                out.put(l.conf().getLayer().getLayerName(), l.params().toDoubleVector());
            }
        }
        return out;
    }

    /**
     * Frozen: bit for bit ({@link Arrays#equals(double[], double[])} compares bit patterns, float to double is
     * exact); trained: changed.
     */
    static void assertOnlyTrainedChanged(Map<String, double[]> before, Map<String, double[]> after, String trained) {
        assertEquals(before.keySet(), after.keySet());
        for (String name : before.keySet()) {
            boolean same = Arrays.equals(before.get(name), after.get(name));
            if (name.equals(trained)) {
                assertFalse(same, "the trained layer " + name + " changed");
            } else {
                assertTrue(same, "frozen layer " + name + " is bit-identical");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "bn1", "c2", "tr1", "d1", "bn2", "tr2", "out"})
    void multiLayerNetworkTrainsOnlyTheChosenLayer(String trained) {
        MultiLayerNetwork original = pretrained();
        MultiLayerNetwork net = LayerFreezing.trainOnly(original, trained);
        DataSet ds = data(3, 16);
        Map<String, double[]> before = snapshot(net.getLayers());
        double scoreBefore = net.score(ds, true);
        for (int i = 0; i < STEPS; i++) {
            net.fit(ds);
        }
        assertOnlyTrainedChanged(before, snapshot(net.getLayers()), trained);
        double scoreAfter = net.score(ds, true);
        assertTrue(scoreAfter < scoreBefore, "score " + scoreBefore + " -> " + scoreAfter);
        assertEquals(snapshot(original.getLayers()).keySet(), before.keySet());
        assertTrue(Arrays.equals(original.params().toDoubleVector(), pretrained().params().toDoubleVector()),
                "the original network is untouched (and training is deterministic)");
    }

    @Test
    void batchNormRunningStatisticsStayFixed() {
        MultiLayerNetwork net = LayerFreezing.trainOnly(pretrained(), "c1");
        INDArray mean = net.getLayer(1).getParam("mean").dup();
        INDArray logStd = net.getLayer(1).getParam("log10stdev").dup();
        DataSet shifted = data(4, 16);
        shifted.getFeatures().addi(3.0);
        for (int i = 0; i < STEPS; i++) {
            net.fit(shifted);
        }
        assertTrue(Arrays.equals(mean.toDoubleVector(), net.getLayer(1).getParam("mean").toDoubleVector()));
        assertTrue(Arrays.equals(logStd.toDoubleVector(), net.getLayer(1).getParam("log10stdev").toDoubleVector()));
        assertEquals(1.0, ((BatchNormalization) net.getLayer(1).conf().getLayer()).getDecay(), "the frozen copy");
        assertTrue(net.getLayerWiseConfigurations().getConf(1).getLayer() instanceof FrozenWrapper);
    }

    @Test
    void computationGraphTrainsOnlyTheChosenLayer() {
        // toComputationGraph names vertices and layers "0", "1", ...: "2" is c2.
        ComputationGraph graph = pretrained().toComputationGraph();
        ComputationGraph frozen = LayerFreezing.trainOnly(graph, "2");
        String trained = "2";
        DataSet ds = data(5, 16);
        Map<String, double[]> before = snapshot(frozen.getLayers());
        double scoreBefore = frozen.score(ds, true);
        for (int i = 0; i < STEPS; i++) {
            frozen.fit(ds);
        }
        assertOnlyTrainedChanged(before, snapshot(frozen.getLayers()), trained);
        assertTrue(frozen.score(ds, true) < scoreBefore);
    }

    @Test
    void freezingSurvivesJsonAndModelSerializer() throws Exception {
        MultiLayerNetwork net = LayerFreezing.trainOnly(pretrained(), "c2");
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        String json = conf.toJson();
        assertEquals(conf, MultiLayerConfiguration.fromJson(json));
        assertTrue(json.contains(FrozenWrapper.class.getName()), "frozen in the configuration");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertTrue(LayerFreezing.isFrozen(restored.getLayerWiseConfigurations().getConf(0).getLayer()));
        assertFalse(LayerFreezing.isFrozen(restored.getLayerWiseConfigurations().getConf(2).getLayer()));
        Map<String, double[]> before = snapshot(restored.getLayers());
        DataSet ds = data(6, 16);
        for (int i = 0; i < STEPS; i++) {
            restored.fit(ds);
        }
        assertOnlyTrainedChanged(before, snapshot(restored.getLayers()), "c2");

        ComputationGraphConfiguration graphConf = LayerFreezing.trainOnly(
                pretrained().toComputationGraph().getConfiguration(), "5");
        assertEquals(graphConf, ComputationGraphConfiguration.fromJson(graphConf.toJson()));
    }

    @Test
    void aNetworkWideLearningRateChangeDoesNotThawFrozenLayers() {
        MultiLayerNetwork net = LayerFreezing.trainOnly(pretrained(), "d1");
        net.setLearningRate(0.1);
        Map<String, double[]> before = snapshot(net.getLayers());
        DataSet ds = data(7, 16);
        for (int i = 0; i < STEPS; i++) {
            net.fit(ds);
        }
        assertOnlyTrainedChanged(before, snapshot(net.getLayers()), "d1");
    }

    @Test
    void aFrozenTrajectoryRegularizationLayerCompletesItsWarmupWithLambdaFixed() {
        MultiLayerNetwork fresh = new MultiLayerNetwork(conf());
        fresh.init();
        MultiLayerNetwork net = LayerFreezing.trainOnly(fresh, "c1");
        TrajectoryRegularizationLayer tr1 = (TrajectoryRegularizationLayer) ((FrozenWrapperLayer) net.getLayer(3))
                .inner();
        double lambda = tr1.lambda();
        for (int i = 0; i < 3; i++) {
            net.fit(data(10 + i, 16));
        }
        assertTrue(tr1.isWarmedUp());
        assertEquals(2, tr1.warmupSeen());
        assertEquals(lambda, tr1.lambda(), 0.0);
    }

    @Test
    void rejectsWhatCannotBeTrainedAlone() {
        MultiLayerNetwork net = pretrained();
        var noParams = assertThrows(IllegalArgumentException.class, () -> LayerFreezing.trainOnly(net, "p1"));
        assertTrue(noParams.getMessage().contains("no parameters"), noParams.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> LayerFreezing.trainOnly(net, "c9"));
        assertTrue(unknown.getMessage().contains("[c1, bn1, c2, tr1, p1, d1, bn2, tr2, out]"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerFreezing.trainOnly(net, 9));
        MultiLayerNetwork once = LayerFreezing.trainOnly(net, "c1");
        var twice = assertThrows(IllegalArgumentException.class, () -> LayerFreezing.trainOnly(once, "c2"));
        assertTrue(twice.getMessage().contains("earlier trainOnly"), twice.getMessage());
    }
}
