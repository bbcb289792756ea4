package org.expressivity4j.examples;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.expressivity4j.dl4j.listeners.Probe;
import org.expressivity4j.dl4j.listeners.TrajectoryCharts;
import org.expressivity4j.dl4j.listeners.TrajectoryListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A LeNet-style conv net for 28 x 28 grey images with trajectory regularization where batch norm would go, trained
 * with the trajectory listener writing each layer's trajectory length to a CSV file, then plotted: what the README's
 * "Use it in your own DL4J project" shows.
 */
public final class ListenerExample {

    private ListenerExample() {
    }

    /** The conv net: conv 5x5x8, trajectory regularization, max pool, dense 32, softmax over {@code classes}. */
    public static MultiLayerNetwork network(int classes, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .updater(new Adam(1e-3)).weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(5, 5).name("c1").nOut(8).activation(Activation.RELU).build())
                .layer(new TrajectoryRegularization.Builder().name("tr1").coefficient(0.01).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("p1").kernelSize(2, 2)
                        .stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("fc1").nOut(32).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build());
        net.init();
        return net;
    }

    /**
     * Trains {@code net} for {@code epochs} passes over {@code train}, probing the quarter circle between two of
     * {@code test}'s examples every {@code everyIterations} iterations into {@code csv}.
     */
    public static void train(MultiLayerNetwork net, DataSetIterator train, DataSetIterator test, Path csv,
                             int everyIterations, int epochs) {
        // The three lines: a probe, a listener with a CSV sink, added to the network.
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(Probe.quarterCircle(test, 42))
                .everyIterations(everyIterations).csv(csv).build();
        net.addListeners(listener);
        try {
            net.fit(train, epochs);
        } finally {
            listener.close();
        }
    }

    /** Plots the CSV (Fig. 8 and 9 style PNGs) into {@code directory} with the library alone; returns the files. */
    public static List<Path> plot(Path csv, Path directory) {
        return TrajectoryCharts.write(csv, directory);
    }

    /** Configures the CPU backend (threads and oneDNN helpers) once, before any network is built. */
    public static void configureBackend() {
        NativeBackend.configureDefaults();
    }
}
