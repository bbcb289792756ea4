package org.expressivity4j.dl4j.freeze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.util.ModelSerializer;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.dl4j.init.GaussianFanInInit;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link FrozenWrapper} written into configurations: the inner layers' parameters (batch norm's running statistics
 * included) stay bit-identical through fits under any updater, l1, l2 and weight decay; the network computes the same
 * score and the same gradients as without the wrappers (so the layers below learn as they would, and the inner layers
 * run in training mode); JSON and {@code ModelSerializer} round trips keep the freezing.
 */
class FrozenWrapperTest {

    private static final int STEPS = 4;

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure(NativeBackend.Settings.withThreads(1));
    }

    @AfterAll
    static void restore() {
        NativeBackend.configureDefaults();
    }

    /**
     * Conv c1, batch norm bn1, conv c2, trajectory regularization tr1, pooling, dense d1 (max-norm constraint, weight
     * decay), output; {@code freeze} wraps (or not) c1, bn1, tr1, d1 and the output layer; c2 trains.
     */
    static MultiLayerConfiguration conf(IUpdater updater, Function<Layer, Layer> freeze) {
        return new NeuralNetConfiguration.Builder().seed(21).updater(updater).l2(1e-3).l1(1e-4)
                .weightInit(new GaussianFanInInit(2.0)).list()
                .layer(freeze.apply(new ConvolutionLayer.Builder(3, 3).name("c1").nOut(4)
                        .activation(Activation.RELU).build()))
                .layer(freeze.apply(new BatchNormalization.Builder().name("bn1").build()))
                .layer(new ConvolutionLayer.Builder(3, 3).name("c2").nOut(4).activation(Activation.RELU).build())
                .layer(freeze.apply(new TrajectoryRegularization.Builder().name("tr1").warmupBatches(1)
                        .originalChordLength(2.0).build()))
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("p1").kernelSize(2, 2)
                        .stride(2, 2).build())
                .layer(freeze.apply(new DenseLayer.Builder().name("d1").nOut(12).activation(Activation.TANH)
                        .constrainWeights(new MaxNormConstraint(0.5, 1)).weightDecay(1e-2).build()))
                .layer(freeze.apply(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(3)
                        .activation(Activation.SOFTMAX).build()))
                .setInputType(InputType.convolutional(10, 10, 2))
                .build();
    }

    static Stream<Arguments> updaters() {
        return Stream.of(Arguments.of("Adam", new Adam(0.02)), Arguments.of("Nesterovs", new Nesterovs(0.05, 0.9)),
                Arguments.of("Sgd", new Sgd(0.1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updaters")
    void frozenLayersStayBitIdenticalAndTheRestLearnsAsWithoutTheWrappers(String label, IUpdater updater) {
        MultiLayerNetwork frozen = new MultiLayerNetwork(conf(updater, FrozenWrapper::new));
        frozen.init();
        MultiLayerNetwork plain = new MultiLayerNetwork(conf(updater, Function.identity()));
        plain.init(frozen.params().dup(), false);
        DataSet ds = LayerFreezingTest.data(3, 16);

        // The same score and gradients, bit for bit: backpropagation reaches the layers below, and the inner layers
        // run in training mode (batch norm normalizes with the minibatch's statistics).
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {frozen, plain}) {
            net.setInput(ds.getFeatures());
            net.setLabels(ds.getLabels());
            net.computeGradientAndScore();
        }
        // The score differs by the frozen layers' l1 and l2 terms only (a frozen layer has no regularization; the
        // trajectory penalty is a loss term and stays).
        double frozenRegularization = 0;
        for (int i : new int[] {0, 1, 5, 6}) {
            frozenRegularization += plain.getLayer(i).calcRegularizationScore(true);
        }
        assertTrue(frozenRegularization > 0);
        assertEquals(plain.score() - frozenRegularization, frozen.score(), 1e-6 * plain.score(), "score");
        Map<String, INDArray> plainGradients = plain.gradient().gradientForVariable();
        Map<String, INDArray> frozenGradients = frozen.gradient().gradientForVariable();
        assertEquals(plainGradients.keySet(), frozenGradients.keySet());
        for (String key : plainGradients.keySet()) {
            if (key.equals("1_" + BatchNormalizationParamInitializer.GLOBAL_MEAN)
                    || key.equals("1_" + BatchNormalizationParamInitializer.GLOBAL_VAR)
                    || key.equals("1_" + BatchNormalizationParamInitializer.GLOBAL_LOG_STD)) {
                // Not a gradient: batch norm's update of its running statistics, (1 - decay) (running - batch),
                // which the frozen copy's decay of 1 makes 0.
                assertEquals(0.0, frozenGradients.get(key).amaxNumber().doubleValue(), 0.0, key);
            } else {
                assertArrayEquals(flat(plainGradients.get(key)), flat(frozenGradients.get(key)), 0.0, key);
            }
        }

        Map<String, double[]> before = LayerFreezingTest.snapshot(frozen.getLayers());
        double scoreBefore = frozen.score(ds, true);
        for (int i = 0; i < STEPS; i++) {
            frozen.fit(ds);
        }
        LayerFreezingTest.assertOnlyTrainedChanged(before, LayerFreezingTest.snapshot(frozen.getLayers()), "c2");
        assertTrue(frozen.score(ds, true) < scoreBefore);
    }

    @Test
    void jsonAndModelSerializerKeepTheFreezing() throws Exception {
        MultiLayerConfiguration conf = conf(new Adam(0.02), FrozenWrapper::new);
        String json = conf.toJson();
        assertEquals(conf, MultiLayerConfiguration.fromJson(json));
        assertTrue(json.contains(FrozenWrapper.class.getName()));
        MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        net.init();
        net.fit(LayerFreezingTest.data(1, 16));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        DataSet ds = LayerFreezingTest.data(2, 16);
        assertArrayEquals(flat(net.output(ds.getFeatures())), flat(restored.output(ds.getFeatures())), 0.0);
        Map<String, double[]> before = LayerFreezingTest.snapshot(restored.getLayers());
        for (int i = 0; i < STEPS; i++) {
            restored.fit(ds);
            net.fit(ds);
        }
        LayerFreezingTest.assertOnlyTrainedChanged(before, LayerFreezingTest.snapshot(restored.getLayers()), "c2");
        assertArrayEquals(net.params().toDoubleVector(), restored.params().toDoubleVector(), 0.0,
                "the restored network trains on exactly as the original");
    }

    @Test
    void inAGraphWithAResidualConnection() throws Exception {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(0.05))
                .l2(1e-3).graphBuilder()
                .addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nIn(6).nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("b", new FrozenWrapper(new DenseLayer.Builder().nIn(6).nOut(6)
                        .activation(Activation.TANH).build()), "a")
                .addLayer("bn", new FrozenWrapper(new BatchNormalization.Builder().nOut(6).build()), "b")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "bn")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(6).nOut(2)
                        .activation(Activation.IDENTITY).build(), "sum")
                .setOutputs("out")
                .build();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        INDArray bBefore = graph.getLayer("b").params().dup();
        INDArray bnBefore = graph.getLayer("bn").params().dup();
        INDArray aBefore = graph.getLayer("a").params().dup();
        org.nd4j.linalg.api.rng.Random random = org.nd4j.linalg.factory.Nd4j.getRandomFactory()
                .getNewRandomInstance(8);
        DataSet ds = new DataSet(org.nd4j.linalg.factory.Nd4j.rand(random, 16, 6),
                org.nd4j.linalg.factory.Nd4j.rand(random, 16, 2));
        for (int i = 0; i < STEPS; i++) {
            graph.fit(ds);
        }
        assertTrue(Arrays.equals(bBefore.toDoubleVector(), graph.getLayer("b").params().toDoubleVector()));
        assertTrue(Arrays.equals(bnBefore.toDoubleVector(), graph.getLayer("bn").params().toDoubleVector()),
                "gamma, beta and the running statistics");
        assertFalse(Arrays.equals(aBefore.toDoubleVector(), graph.getLayer("a").params().toDoubleVector()),
                "the layer below the frozen ones learns through them");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertArrayEquals(flat(graph.outputSingle(ds.getFeatures())), flat(restored.outputSingle(ds.getFeatures())),
                0.0);
        assertTrue(restored.getLayer("b") instanceof FrozenWrapperLayer);
    }

    @Test
    void aNetworkWideLearningRateChangeDoesNotThawAndSummaryNamesTheWrapper() {
        MultiLayerNetwork net = new MultiLayerNetwork(conf(new Adam(0.02), FrozenWrapper::new));
        net.init();
        net.setLearningRate(0.1);
        DataSet ds = LayerFreezingTest.data(7, 16);
        Map<String, double[]> before = LayerFreezingTest.snapshot(net.getLayers());
        for (int i = 0; i < STEPS; i++) {
            net.fit(ds);
        }
        LayerFreezingTest.assertOnlyTrainedChanged(before, LayerFreezingTest.snapshot(net.getLayers()), "c2");
        String summary = net.summary();
        assertEquals(5, summary.lines().filter(l -> l.contains("FrozenWrapperLayer")).count(), summary);
    }

    private static double[] flat(INDArray x) {
        return x.dup('c').reshape(x.length()).toDoubleVector();
    }

    @Test
    void refusesLayersItCannotFreeze() {
        var recurrent = assertThrows(IllegalArgumentException.class,
                () -> new FrozenWrapper(new LSTM.Builder().nIn(3).nOut(4).build()));
        assertTrue(recurrent.getMessage().contains("recurrent layers are not supported"), recurrent.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FrozenWrapper(new Bidirectional(
                new LSTM.Builder().nIn(3).nOut(4).build())));
        DenseLayer dense = new DenseLayer.Builder().name("h").nIn(3).nOut(4).build();
        var twice = assertThrows(IllegalArgumentException.class, () -> new FrozenWrapper(new FrozenWrapper(dense)));
        assertTrue(twice.getMessage().contains("\"h\" is frozen already"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FrozenWrapper(new FrozenLayerWithBackprop(dense)));
        assertThrows(IllegalStateException.class, () -> new FrozenWrapper.Builder().build());
        assertEquals(new FrozenWrapper(dense), new FrozenWrapper.Builder().layer(dense).build());
    }
}
