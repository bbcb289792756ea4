package org.expressivity4j.trainers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.expressivity4j.trainers.models.Architectures.Normalization;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class ArchitecturesTest {

    private static List<String> names(MultiLayerConfiguration conf) {
        return conf.getConfs().stream().map(c -> c.getLayer().getLayerName()).toList();
    }

    @Test
    void trajectoryRegularizationTakesBatchNormsPlaces() {
        MultiLayerConfiguration none = Architectures.cifarConvNet(0.1, Normalization.NONE, 2.0, new Sgd(0.1), 1);
        MultiLayerConfiguration bn = Architectures.cifarConvNet(0.1, Normalization.BATCH_NORM, 2.0, new Sgd(0.1), 1);
        MultiLayerConfiguration tr = Architectures.cifarConvNet(0.1, Normalization.TRAJECTORY_REGULARIZATION, 2.0,
                new Sgd(0.1), 1);
        assertEquals(List.of("c1", "c2", "p1", "c3", "c4", "c5", "p2", "fc1", "fc2", "out"), names(none));
        assertEquals(List.of("c1", "c2", "bn1", "p1", "c3", "c4", "c5", "bn2", "p2", "fc1", "bn3", "fc2", "bn4", "out"),
                names(bn));
        assertEquals(names(bn).stream().map(n -> n.replace("bn", "tr")).toList(), names(tr));
        for (int i = 0; i < bn.getConfs().size(); i++) {
            if (bn.getConf(i).getLayer() instanceof BatchNormalization) {
                assertInstanceOf(TrajectoryRegularization.class, tr.getConf(i).getLayer());
            }
        }
        // The same network otherwise: 4 layers of 3 parameters (lambda and the warm-up state) added to NONE's.
        MultiLayerNetwork a = new MultiLayerNetwork(none);
        a.init();
        MultiLayerNetwork b = new MultiLayerNetwork(tr);
        b.init();
        assertEquals(a.numParams() + 4 * 3, b.numParams());
        assertArrayEquals(new long[] {7, 10}, b.output(Nd4j.rand(DataType.FLOAT, 7, 3, 32, 32)).shape());
    }

    /** The documented sizes of the default (SVCCA-sized) conv net: parameters per layer and activation shapes. */
    @Test
    void cifarConvNetHasTheDocumentedSvccaLayers() {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.cifarConvNet(1.0, Normalization.NONE, 2.0,
                new Sgd(0.1), 1));
        net.init();
        Map<String, long[]> params = new LinkedHashMap<>();
        params.put("c1", new long[] {4_800, 64});
        params.put("c2", new long[] {102_400, 64});
        params.put("c3", new long[] {36_864, 64});
        params.put("c4", new long[] {36_864, 64});
        params.put("c5", new long[] {36_864, 64});
        params.put("fc1", new long[] {2_097_152, 512});
        params.put("fc2", new long[] {131_072, 256});
        params.put("out", new long[] {2_560, 10});
        long[][] shapes = {{1, 3, 32, 32}, {1, 64, 32, 32}, {1, 64, 32, 32}, {1, 64, 16, 16}, {1, 64, 16, 16},
            {1, 64, 16, 16}, {1, 64, 16, 16}, {1, 64, 8, 8}, {1, 512}, {1, 256}, {1, 10}};
        assertLayers(net, params, 2_449_674, shapes);
        // The SVCCA paper's p2: 4,096 neurons.
        assertEquals(4_096, net.feedForward(Nd4j.rand(DataType.FLOAT, 1, 3, 32, 32), false).get(7).length());
    }

    /** The earlier reconstruction stays reachable with its 3.7 M parameters. */
    @Test
    void cifarConvNetWithTheTutorialSizes() {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.cifarConvNet(Architectures.ConvSizes.TF_TUTORIAL,
                1.0, Normalization.NONE, 2.0, new Sgd(0.1), 0.0, 1));
        net.init();
        Map<String, long[]> params = new LinkedHashMap<>();
        params.put("c1", new long[] {4_800, 64});
        params.put("c2", new long[] {102_400, 64});
        params.put("c3", new long[] {73_728, 128});
        params.put("c4", new long[] {147_456, 128});
        params.put("c5", new long[] {147_456, 128});
        params.put("fc1", new long[] {3_145_728, 384});
        params.put("fc2", new long[] {73_728, 192});
        params.put("out", new long[] {1_920, 10});
        long[][] shapes = {{1, 3, 32, 32}, {1, 64, 32, 32}, {1, 64, 32, 32}, {1, 64, 16, 16}, {1, 128, 16, 16},
            {1, 128, 16, 16}, {1, 128, 16, 16}, {1, 128, 8, 8}, {1, 384}, {1, 192}, {1, 10}};
        assertLayers(net, params, 3_698_314, shapes);
    }

    @Test
    void weightDecayAppliesToWeightsOnly() {
        MultiLayerConfiguration conf = Architectures.cifarConvNet(Architectures.ConvSizes.SVCCA, 0.25,
                Normalization.BATCH_NORM, 2.0, new Sgd(0.1), 5e-4, 1);
        org.deeplearning4j.nn.conf.layers.BaseLayer fc1 = (org.deeplearning4j.nn.conf.layers.BaseLayer)
                conf.getConf(conf.getConfs().stream().map(c -> c.getLayer().getLayerName()).toList().indexOf("fc1"))
                        .getLayer();
        assertEquals(1, fc1.getRegularization().size());
        assertTrue(fc1.getRegularizationBias() == null || fc1.getRegularizationBias().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Architectures.cifarConvNet(
                Architectures.ConvSizes.SVCCA, 1, Normalization.NONE, 2.0, new Sgd(0.1), -1e-4, 1));
        assertEquals(Architectures.ConvSizes.TF_TUTORIAL, Architectures.ConvSizes.fromId("tf-tutorial"));
        assertThrows(IllegalArgumentException.class, () -> Architectures.ConvSizes.fromId("vgg"));
    }

    private static void assertLayers(MultiLayerNetwork net, Map<String, long[]> params, long total, long[][] shapes) {
        params.forEach((name, counts) -> {
            assertEquals(counts[0], net.getLayer(name).getParam("W").length(), name + " weights");
            assertEquals(counts[1], net.getLayer(name).getParam("b").length(), name + " biases");
        });
        assertEquals(total, net.numParams());
        assertEquals(List.copyOf(params.keySet()), Architectures.weightedLayers(net.getLayerWiseConfigurations()));
        List<INDArray> activations = net.feedForward(Nd4j.rand(DataType.FLOAT, 1, 3, 32, 32), false);
        for (int i = 0; i < shapes.length; i++) {
            assertArrayEquals(shapes[i], activations.get(i).shape(), "activation " + i);
        }
    }

    @Test
    void cifarConvNetInitialWeightScale() {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.cifarConvNet(1.0, Normalization.NONE, 2.0,
                new Sgd(0.1), 1));
        net.init();
        // Weights N(0, 2 / fan_in): c1's fan-in is 5 * 5 * 3 = 75; 4,800 draws give a relative standard error of
        // 1 / sqrt(2 * 4800) = 1% on the std, so 5% is 5 standard errors.
        double std = net.getLayer("c1").getParam("W").stdNumber().doubleValue();
        assertEquals(Math.sqrt(2.0 / 75), std, 0.05 * Math.sqrt(2.0 / 75));
    }

    @Test
    void thePapersFullyConnectedNets() {
        MultiLayerConfiguration mnist = Architectures.mnistMlp(new Sgd(0.1), 1);
        MultiLayerConfiguration cifar = Architectures.cifarMlp(new Sgd(0.1), 1);
        assertEquals(List.of("h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "out"), names(mnist));
        assertEquals(List.of("h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "out"), names(cifar));
        assertEquals(names(mnist), Architectures.weightedLayers(mnist));
        MultiLayerNetwork m = new MultiLayerNetwork(mnist);
        m.init();
        assertEquals(784 * 100 + 100 + 8 * (100 * 100 + 100) + 100 * 10 + 10, m.numParams());
        MultiLayerNetwork c = new MultiLayerNetwork(cifar);
        c.init();
        assertEquals(3072 * 200 + 200 + 7 * (200 * 200 + 200) + 200 * 10 + 10, c.numParams());
        // sigma_w^2 = 1: a hidden layer's weights have std 1 / sqrt(100) = 0.1 (10,000 draws: 0.7% standard error).
        assertEquals(0.1, m.getLayer("h5").getParam("W").stdNumber().doubleValue(), 0.005);
        assertEquals(org.nd4j.linalg.activations.Activation.HARDTANH.getActivationFunction().getClass(),
                ((org.deeplearning4j.nn.conf.layers.BaseLayer) mnist.getConf(3).getLayer()).getActivationFn()
                        .getClass());
    }

    /** The shapes computed without building a network agree with DL4J's count of the built one, whatever the width. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"0.0078125,NONE", "0.01,BATCH_NORM", "0.25,TRAJECTORY_REGULARIZATION",
        "0.5,BATCH_NORM", "1,NONE", "1.3,TRAJECTORY_REGULARIZATION"})
    void convNetShapeMatchesTheBuiltNetwork(double width, Normalization normalization) {
        for (Architectures.ConvSizes sizes : List.of(Architectures.ConvSizes.SVCCA,
                Architectures.ConvSizes.TF_TUTORIAL)) {
            MultiLayerConfiguration conf = Architectures.cifarConvNet(sizes, width, normalization, 2.0, new Sgd(0.1),
                    0.0, 1);
            Architectures.Shape shape = Architectures.convNetShape(sizes, width, normalization);
            long parameters = conf.getConfs().stream().mapToLong(c -> c.getLayer().initializer().numParams(c))
                    .sum();
            assertEquals(parameters, shape.parameters(), 0.0, sizes + " " + width + " " + normalization);
            long activations = Architectures.CIFAR_INPUT.arrayElementsPerExample() + conf.getLayerActivationTypes(
                    Architectures.CIFAR_INPUT).stream().mapToLong(t -> t.arrayElementsPerExample()).sum();
            assertEquals(activations, shape.activationsPerExample(), 0.0, sizes + " " + width + " " + normalization);
        }
    }

    @Test
    void mlpShapeMatchesTheBuiltNetwork() {
        MultiLayerConfiguration conf = Architectures.mlp(784, 9, 100, 10,
                org.nd4j.linalg.activations.Activation.HARDTANH, 1.0, new Sgd(0.1), 1);
        Architectures.Shape shape = Architectures.mlpShape(784, 9, 100, 10);
        assertEquals(conf.getConfs().stream().mapToLong(c -> c.getLayer().initializer().numParams(c)).sum(),
                shape.parameters(), 0.0);
        assertEquals(784 + 9 * 100 + 10, shape.activationsPerExample(), 0.0);
    }

    @Test
    void theSmallestWidthMultiplierKeepsOneChannelPerLayer() {
        double smallest = Architectures.smallestWidthMultiplier(Architectures.ConvSizes.SVCCA);
        assertEquals(0.5 / 64, smallest, 0.0);
        // At the smallest multiplier c1 has 64 x 0.0078125 = 0.5 channels, rounded to one.
        MultiLayerConfiguration conf = Architectures.cifarConvNet(smallest, Normalization.NONE, 2.0, new Sgd(0.1), 1);
        assertEquals(1, ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) conf.getConf(0).getLayer()).getNOut());
    }

    @Test
    void weightedLayerNamesAreKnownWithoutBuilding() {
        for (Normalization n : Normalization.values()) {
            assertEquals(Architectures.convNetWeightedLayers(), Architectures.weightedLayers(
                    Architectures.cifarConvNet(0.1, n, 2.0, new Sgd(0.1), 1)));
        }
        assertEquals(Architectures.mlpWeightedLayers(3), Architectures.weightedLayers(Architectures.mlp(784, 3, 10, 10,
                org.nd4j.linalg.activations.Activation.HARDTANH, 1.0, new Sgd(0.1), 1)));
    }
}
