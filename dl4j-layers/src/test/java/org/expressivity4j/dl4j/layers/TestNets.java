package org.expressivity4j.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks with trajectory-regularization layers, data for them, and serialization round trips. */
final class TestNets {

    private TestNets() {
    }

    /** Dense: 4 inputs, tanh 6, TR, tanh 5, TR, softmax 3. */
    static MultiLayerConfiguration dense(DataType type, IUpdater updater, TrajectoryRegularization.Builder tr,
                                         long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(type).updater(updater)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(copy(tr).name("tr1").build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(copy(tr).name("tr2").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4))
                .build();
    }

    /** Convolutional NCHW: [2, 6, 6] input, conv 3x3 tanh with 3 channels, TR, dense tanh 4, TR, softmax 3. */
    static MultiLayerConfiguration conv(DataType type, IUpdater updater, TrajectoryRegularization.Builder tr,
                                        long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(type).updater(updater)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build())
                .layer(copy(tr).name("tr1").build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(copy(tr).name("tr2").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 2))
                .build();
    }

    /** The same two nets as graphs built with the graph builder (not converted). */
    static ComputationGraphConfiguration graph(boolean convolutional, DataType type, IUpdater updater,
                                               TrajectoryRegularization.Builder tr, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(updater).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in");
        if (convolutional) {
            g.addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build(), "in");
            g.setInputTypes(InputType.convolutional(6, 6, 2));
        } else {
            g.addLayer("c1", new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), "in");
            g.setInputTypes(InputType.feedForward(4));
        }
        return g.addLayer("tr1", copy(tr).build(), "c1")
                .addLayer("d2", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "tr1")
                .addLayer("tr2", copy(tr).build(), "d2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "tr2")
                .setOutputs("out")
                .build();
    }

    /** A builder with the same options as {@code b} (builders are mutable: each layer gets its own). */
    static TrajectoryRegularization.Builder copy(TrajectoryRegularization.Builder b) {
        TrajectoryRegularization t = b.build();
        return new TrajectoryRegularization.Builder().coefficient(t.getCoefficient())
                .warmupBatches(t.getWarmupBatches()).originalChordLength(t.getOriginalChordLength())
                .initialLambda(t.getInitialLambda()).penaltyAtInference(t.isPenaltyAtInference())
                .penalized(t.getPenalized());
    }

    /** Random features of the given shape (uniform in [-1, 1)) and one-hot labels over 3 classes. */
    static DataSet data(DataType type, long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(type, shape).subi(0.5).muli(2);
        INDArray y = Nd4j.zeros(type, shape[0], 3);
        for (int i = 0; i < shape[0]; i++) {
            y.putScalar(i, (i * 7 + seed) % 3, 1.0);
        }
        return new DataSet(x, y);
    }

    static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static ComputationGraph init(ComputationGraphConfiguration conf) {
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** JSON round trip of the configuration, and a ModelSerializer round trip of the network (with updater). */
    static MultiLayerNetwork roundTrip(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()), "JSON round trip of the configuration");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net, bytes, true);
            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                    new ByteArrayInputStream(bytes.toByteArray()), true);
            assertEquals(conf, restored.getLayerWiseConfigurations());
            assertArrayEquals(net.params().toDoubleVector(), restored.params().toDoubleVector(), 0.0,
                    "parameters and trajectory-regularization state after ModelSerializer");
            return restored;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #roundTrip(MultiLayerNetwork)} for a graph. */
    static ComputationGraph roundTrip(ComputationGraph net) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()),
                "JSON round trip of the configuration");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net, bytes, true);
            ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                    new ByteArrayInputStream(bytes.toByteArray()), true);
            assertEquals(conf, restored.getConfiguration());
            assertArrayEquals(net.params().toDoubleVector(), restored.params().toDoubleVector(), 0.0,
                    "parameters and trajectory-regularization state after ModelSerializer");
            return restored;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
