package org.expressivity4j.trainers.models;

import java.util.Locale;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.expressivity4j.dl4j.init.GaussianFanInInit;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The networks of Raghu et al. 2017's experiments, as DL4J configurations. Weights are N(0, sigma_w^2 / fan_in)
 * ({@link GaussianFanInInit}), biases 0; every layer is named so results can refer to it.
 */
public final class Architectures {

    /** Where the CIFAR-10 conv net normalizes. */
    public enum Normalization {
        /** No normalization layers. */
        NONE,
        /** DL4J BatchNormalization after c2, c5, fc1 and fc2 (bn1..bn4, as in the paper's Fig. 10). */
        BATCH_NORM,
        /**
         * {@link TrajectoryRegularization} (defaults: c = 0.01, original length measured over the first 10 training
         * minibatches) exactly where batch norm goes (tr1..tr4, as in the paper's Fig. 11).
         */
        TRAJECTORY_REGULARIZATION;

        /** The normalization layer at position {@code k} (1..4, named bn{@code k} or tr{@code k}), null for NONE. */
        public Layer layer(int k) {
            return switch (this) {
                case NONE -> null;
                case BATCH_NORM -> new BatchNormalization.Builder().name("bn" + k).build();
                case TRAJECTORY_REGULARIZATION -> new TrajectoryRegularization.Builder().name("tr" + k).build();
            };
        }
    }

    /** The CIFAR-10 conv net's input: 32 x 32 RGB images. */
    public static final InputType CIFAR_INPUT = InputType.convolutional(32, 32, 3);

    private Architectures() {
    }

    /**
     * A fully connected classifier: {@code inputs} → {@code hiddenLayers} dense layers of {@code width} units with
     * {@code activation} (named h1, h2, ...) → softmax output (named out) over {@code classes}.
     * The paper's MNIST net (Fig. 7) is 784 → 9 x 100 hard tanh → 10 with sigma_w^2 = 1; its CIFAR-10 net (Fig. 17)
     * has width 200.
     */
    public static MultiLayerConfiguration mlp(int inputs, int hiddenLayers, int width, int classes,
                                              Activation activation, double sigmaW2, IUpdater updater, long seed) {
        if (inputs < 1 || hiddenLayers < 1 || width < 1 || classes < 2) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "bad MLP shape: inputs %d, hidden layers %d, width %d, classes %d", inputs, hiddenLayers, width,
                    classes));
        }
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(new GaussianFanInInit(sigmaW2)).biasInit(0).list();
        for (int h = 1; h <= hiddenLayers; h++) {
            list.layer(new DenseLayer.Builder().name("h" + h).nIn(h == 1 ? inputs : width).nOut(width)
                    .activation(activation).build());
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nIn(width).nOut(classes)
                .activation(Activation.SOFTMAX).build());
        return list.build();
    }

    /**
     * The CIFAR-10 conv net c1 c2 p1 c3 c4 c5 p2 fc1 fc2 (+ softmax output): c1, c2 5x5 convolutions with 64
     * channels, c3-c5 3x3 with 128, "same" padding, relu; p1, p2 3x3 max pooling with stride 2; fc1 384 and fc2 192
     * relu units. With {@code widthMultiplier} 1 it has about 3.7 M parameters; smaller multipliers shrink every
     * layer's channel or unit count (at least 1) for quick runs. {@code normalization} puts batch norm (bn1..bn4) or
     * trajectory regularization (tr1..tr4) after c2, c5, fc1 and fc2.
     */
    public static MultiLayerConfiguration cifarConvNet(double widthMultiplier, Normalization normalization,
                                                       double sigmaW2, IUpdater updater, long seed) {
        if (!(widthMultiplier > 0)) {
            throw new IllegalArgumentException("width multiplier must be positive: " + widthMultiplier);
        }
        int c12 = scaled(64, widthMultiplier);
        int c345 = scaled(128, widthMultiplier);
        int fc1 = scaled(384, widthMultiplier);
        int fc2 = scaled(192, widthMultiplier);
        Objects.requireNonNull(normalization, "normalization");
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(new GaussianFanInInit(sigmaW2)).biasInit(0).convolutionMode(ConvolutionMode.Same).list();
        list.layer(conv("c1", 5, c12));
        list.layer(conv("c2", 5, c12));
        addNormalization(list, normalization, 1);
        list.layer(pool("p1"));
        list.layer(conv("c3", 3, c345));
        list.layer(conv("c4", 3, c345));
        list.layer(conv("c5", 3, c345));
        addNormalization(list, normalization, 2);
        list.layer(pool("p2"));
        list.layer(new DenseLayer.Builder().name("fc1").nOut(fc1).activation(Activation.RELU).build());
        addNormalization(list, normalization, 3);
        list.layer(new DenseLayer.Builder().name("fc2").nOut(fc2).activation(Activation.RELU).build());
        addNormalization(list, normalization, 4);
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(10)
                .activation(Activation.SOFTMAX).build());
        list.setInputType(CIFAR_INPUT);
        return list.build();
    }

    private static void addNormalization(NeuralNetConfiguration.ListBuilder list, Normalization normalization, int k) {
        Layer layer = normalization.layer(k);
        if (layer != null) {
            list.layer(layer);
        }
    }

    private static ConvolutionLayer conv(String name, int kernel, int channels) {
        return new ConvolutionLayer.Builder(kernel, kernel).name(name).nOut(channels).activation(Activation.RELU)
                .build();
    }

    private static SubsamplingLayer pool(String name) {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name(name).kernelSize(3, 3)
                .stride(2, 2).build();
    }

    private static int scaled(int units, double multiplier) {
        return Math.max(1, (int) Math.round(units * multiplier));
    }
}
