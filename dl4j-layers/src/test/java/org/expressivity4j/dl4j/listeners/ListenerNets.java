package org.expressivity4j.dl4j.listeners;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks with dropout and batch norm, and synthetic data, for the listener tests. */
final class ListenerNets {

    static final int FEATURES = 12;
    static final int CLASSES = 3;
    static final int SIDE = 8;

    private ListenerNets() {
    }

    /** Dense relu, batch norm, dense hard tanh with dropout, dropout layer, softmax output. */
    static MultiLayerConfiguration denseConf(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(0.01)).list()
                .layer(new DenseLayer.Builder().name("d1").nIn(FEATURES).nOut(16).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().name("bn").nOut(16).build())
                .layer(new DenseLayer.Builder().name("d2").nOut(16).activation(Activation.HARDTANH).dropOut(0.7)
                        .build())
                .layer(new DropoutLayer.Builder(0.8).name("drop").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(FEATURES))
                .build();
    }

    /** Convolution relu, batch norm, max pooling, convolution with dropout, dense, softmax output. */
    static MultiLayerConfiguration convConf(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(0.01))
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("c1").nOut(4).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().name("bn").build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("p1").kernelSize(2, 2)
                        .stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("c2").nOut(4).activation(Activation.HARDTANH)
                        .dropOut(0.8).build())
                .layer(new DenseLayer.Builder().name("fc").nOut(10).activation(Activation.RELU).dropOut(0.9).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(SIDE, SIDE, 2))
                .build();
    }

    /**
     * Dense relu, trajectory regularization (still measuring its original length over the first minibatches), dense
     * hard tanh with dropout, softmax output.
     */
    static MultiLayerConfiguration trajRegConf(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(0.01)).list()
                .layer(new DenseLayer.Builder().name("d1").nIn(FEATURES).nOut(16).activation(Activation.RELU).build())
                .layer(new TrajectoryRegularization.Builder().name("tr").coefficient(0.1).warmupBatches(4).build())
                .layer(new DenseLayer.Builder().name("d2").nOut(16).activation(Activation.HARDTANH).dropOut(0.7)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(FEATURES))
                .build();
    }

    /** A graph: two dense branches (one with dropout, one with batch norm) merged, then the output. */
    static ComputationGraphConfiguration graphConf(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(0.01)).graphBuilder()
                .addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nIn(FEATURES).nOut(8).activation(Activation.RELU)
                        .dropOut(0.7).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nIn(FEATURES).nOut(8).activation(Activation.TANH).build(),
                        "in")
                .addLayer("bn", new BatchNormalization.Builder().nOut(8).build(), "b")
                .addVertex("merge", new MergeVertex(), "a", "bn")
                .addLayer("h", new DenseLayer.Builder().nIn(16).nOut(8).activation(Activation.HARDTANH).build(),
                        "merge")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "h")
                .setOutputs("out")
                .build();
    }

    static MultiLayerNetwork network(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static ComputationGraph graph(ComputationGraphConfiguration conf) {
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** Minibatches of random features (dense {@code [n, FEATURES]} or images {@code [n, 2, SIDE, SIDE]}). */
    static DataSetIterator data(boolean images, int batches, int batchSize, long seed) {
        org.nd4j.linalg.api.rng.Random random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        List<DataSet> list = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            long[] shape = images ? new long[] {batchSize, 2, SIDE, SIDE} : new long[] {batchSize, FEATURES};
            INDArray features = Nd4j.rand(random, shape).castTo(DataType.FLOAT);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, batchSize, CLASSES);
            for (int i = 0; i < batchSize; i++) {
                labels.putScalar(i, (i + b) % CLASSES, 1.0);
            }
            list.add(new DataSet(features, labels));
        }
        return new ListDataSetIterator<>(list, 1);
    }
}
