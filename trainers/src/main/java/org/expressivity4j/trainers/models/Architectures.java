package org.expressivity4j.trainers.models;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
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

    /** Hidden layers of the paper's MNIST fully connected net (Fig. 7 trains h2..h9, one at a time). */
    public static final int MNIST_MLP_HIDDEN_LAYERS = 9;
    /** Width of the paper's MNIST fully connected net (Fig. 7: k = 100). */
    public static final int MNIST_MLP_WIDTH = 100;
    /** Hidden layers of the paper's CIFAR-10 fully connected net (Fig. 17 trains h2..h8, one at a time). */
    public static final int CIFAR_MLP_HIDDEN_LAYERS = 8;
    /** Width of the paper's CIFAR-10 fully connected net (Fig. 17: k = 200). */
    public static final int CIFAR_MLP_WIDTH = 200;
    /** sigma_w^2 of the fully connected nets of Figs. 7 and 17. */
    public static final double MLP_SIGMA_W2 = 1.0;
    /** sigma_w^2 the CIFAR-10 conv net is trained from in Fig. 6 (and Figs. 8-11): He initialization. */
    public static final double CONV_SIGMA_W2 = 2.0;

    /**
     * The paper's MNIST fully connected net (Fig. 7): 784 → 9 hidden layers of 100 hard-tanh units (h1..h9) → softmax
     * over 10 digits (out), weights N(0, 1 / fan_in) (sigma_w^2 = 1), biases 0.
     *
     * <p>The paper counts the hidden layers from the figure's legend: it trains "lay 2" to "lay 9", "from the second
     * hidden layer (weights W^(1)) onwards", so there are 9 hidden layers. Biases are not mentioned for the trained
     * nets; they start at 0 (with sigma_b = 0, sigma_w^2 = 1 is the edge of chaos for hard tanh).
     */
    public static MultiLayerConfiguration mnistMlp(IUpdater updater, long seed) {
        return mlp(28 * 28, MNIST_MLP_HIDDEN_LAYERS, MNIST_MLP_WIDTH, 10, Activation.HARDTANH, MLP_SIGMA_W2, updater,
                seed);
    }

    /**
     * The paper's CIFAR-10 fully connected net (Fig. 17): 3072 → 8 hidden layers of 200 hard-tanh units (h1..h8) →
     * softmax over 10 classes (out), sigma_w^2 = 1, biases 0. Fig. 17's legend trains "lay 2" to "lay 8", hence 8
     * hidden layers.
     */
    public static MultiLayerConfiguration cifarMlp(IUpdater updater, long seed) {
        return mlp(3 * 32 * 32, CIFAR_MLP_HIDDEN_LAYERS, CIFAR_MLP_WIDTH, 10, Activation.HARDTANH, MLP_SIGMA_W2,
                updater, seed);
    }

    /**
     * Names of the layers that have a weight matrix or kernel ({@code W}), in network order: for the conv net
     * c1..c5, fc1, fc2, out (and not pooling or normalization layers); for an MLP h1..hN, out.
     */
    public static List<String> weightedLayers(MultiLayerConfiguration conf) {
        return conf.getConfs().stream().map(c -> c.getLayer())
                .filter(l -> l instanceof FeedForwardLayer && l.initializer().paramKeys(l).contains("W"))
                .map(Layer::getLayerName).toList();
    }

    /** The names {@link #weightedLayers} gives for {@link #cifarConvNet} (any width, sizes and normalization). */
    public static List<String> convNetWeightedLayers() {
        return List.of("c1", "c2", "c3", "c4", "c5", "fc1", "fc2", "out");
    }

    /** The names {@link #weightedLayers} gives for {@link #mlp} with {@code hiddenLayers} hidden layers. */
    public static List<String> mlpWeightedLayers(int hiddenLayers) {
        List<String> names = new java.util.ArrayList<>();
        for (int h = 1; h <= hiddenLayers; h++) {
            names.add("h" + h);
        }
        names.add("out");
        return names;
    }

    /**
     * A fully connected classifier: {@code inputs} → {@code hiddenLayers} dense layers of {@code width} units with
     * {@code activation} (named h1, h2, ...) → softmax output (named out) over {@code classes}. Weights
     * N(0, sigma_w^2 / fan_in), biases 0. The paper's nets are {@link #mnistMlp} (Fig. 7) and {@link #cifarMlp}
     * (Fig. 17).
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
     * Channel and unit counts of the CIFAR-10 conv net at width multiplier 1 (see {@link #cifarConvNet}).
     *
     * @param c12  channels of c1 and c2 (5x5 convolutions)
     * @param c345 channels of c3, c4 and c5 (3x3 convolutions); p2 has {@code c345 x 8 x 8} neurons
     * @param fc1  units of fc1
     * @param fc2  units of fc2
     */
    public record ConvSizes(int c12, int c345, int fc1, int fc2) {

        /**
         * The sizes the paper's authors give for this net in their SVCCA paper (Raghu, Gilmer, Yosinski,
         * Sohl-Dickstein, NeurIPS 2017, Fig. 2 and its footnote, the net "conv-conv-bn-pool-conv-conv-conv-bn-pool-fc-bn-fc-bn-out"
         * trained for 160k steps to 0.85-0.90 test accuracy): p2 = 4,096 neurons (so 64 channels at c5, after two
         * stride-2 poolings of 32 x 32 inputs), fc1 = 512, fc2 = 256. c1 and c2 keep 64 channels. The default.
         */
        public static final ConvSizes SVCCA = new ConvSizes(64, 64, 512, 256);

        /**
         * The earlier reconstruction from TensorFlow's CIFAR-10 tutorial model and AlexNet's layout: 128 channels
         * at c3-c5 (p2 = 8,192), fc1 = 384, fc2 = 192; 3.7 M parameters.
         */
        public static final ConvSizes TF_TUTORIAL = new ConvSizes(64, 128, 384, 192);

        public ConvSizes {
            if (c12 < 1 || c345 < 1 || fc1 < 1 || fc2 < 1) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "conv net sizes must be positive: c12 %d, c345 %d, fc1 %d, fc2 %d", c12, c345, fc1, fc2));
            }
        }

        /** The sizes named {@code svcca} or {@code tf-tutorial}. */
        public static ConvSizes fromId(String id) {
            return switch (id) {
                case "svcca" -> SVCCA;
                case "tf-tutorial" -> TF_TUTORIAL;
                default -> throw new IllegalArgumentException("unknown conv net sizes '" + id
                        + "' (svcca, tf-tutorial)");
            };
        }
    }

    /**
     * The CIFAR-10 conv net of the paper's Figs. 4, 6, 8-11 with its default sizes, {@link ConvSizes#SVCCA}, and no
     * weight decay: see {@link #cifarConvNet(ConvSizes, double, Normalization, double, IUpdater, double, long)}.
     */
    public static MultiLayerConfiguration cifarConvNet(double widthMultiplier, Normalization normalization,
                                                       double sigmaW2, IUpdater updater, long seed) {
        return cifarConvNet(ConvSizes.SVCCA, widthMultiplier, normalization, sigmaW2, updater, 0.0, seed);
    }

    /**
     * The CIFAR-10 conv net of the paper's Figs. 4, 6, 8-11: c1 c2 p1 c3 c4 c5 p2 fc1 fc2, then a softmax output
     * (out). The paper names the layers (Fig. 8's and Fig. 10's x axes) but gives no sizes; its authors' SVCCA paper
     * trains a net with the same layer names and gives them ({@link ConvSizes#SVCCA}, the default). With
     * {@code widthMultiplier} 1 and "same" padding throughout (so only pooling changes the spatial size):
     *
     * <table>
     *   <caption>Layers of the CIFAR-10 conv net with the SVCCA sizes, input 3 x 32 x 32</caption>
     *   <tr><th>layer</th><th>what</th><th>output</th><th>weights + biases</th></tr>
     *   <tr><td>c1</td><td>5x5 convolution, 64 channels, stride 1, relu</td><td>64 x 32 x 32</td><td>4,800 + 64</td></tr>
     *   <tr><td>c2</td><td>5x5 convolution, 64 channels, relu</td><td>64 x 32 x 32</td><td>102,400 + 64</td></tr>
     *   <tr><td>p1</td><td>3x3 max pooling, stride 2</td><td>64 x 16 x 16</td><td>-</td></tr>
     *   <tr><td>c3</td><td>3x3 convolution, 64 channels, relu</td><td>64 x 16 x 16</td><td>36,864 + 64</td></tr>
     *   <tr><td>c4</td><td>3x3 convolution, 64 channels, relu</td><td>64 x 16 x 16</td><td>36,864 + 64</td></tr>
     *   <tr><td>c5</td><td>3x3 convolution, 64 channels, relu</td><td>64 x 16 x 16</td><td>36,864 + 64</td></tr>
     *   <tr><td>p2</td><td>3x3 max pooling, stride 2</td><td>64 x 8 x 8 (4,096)</td><td>-</td></tr>
     *   <tr><td>fc1</td><td>dense, 512 units, relu</td><td>512</td><td>2,097,152 + 512</td></tr>
     *   <tr><td>fc2</td><td>dense, 256 units, relu</td><td>256</td><td>131,072 + 256</td></tr>
     *   <tr><td>out</td><td>dense softmax, 10 classes</td><td>10</td><td>2,560 + 10</td></tr>
     * </table>
     * 2,449,674 parameters in all ({@link ConvSizes#TF_TUTORIAL}, the earlier reconstruction with 128 channels at
     * c3-c5, fc1 = 384 and fc2 = 192, has 3,698,314). Reasons:
     * <ul>
     *   <li>The SVCCA paper (Raghu, Gilmer, Yosinski, Sohl-Dickstein, NeurIPS 2017) names the same layers, "conv-conv-bn-pool-conv-conv-conv-bn-pool-fc-bn-fc-bn-out",
     *       and gives p2 = 4,096, fc1 = 512, fc2 = 256. It does not give c1's and c2's channels or any kernel size:
     *       c1, c2 (5x5x64) and the 3x3/2 pooling are those of TensorFlow's CIFAR-10 tutorial model (the usual
     *       CIFAR-10 conv net of 2016), c3-c5 are 3x3 as in AlexNet's block of three convolutions.</li>
     *   <li>Relu everywhere, as the paper says of this net (Fig. 4: "a convolutional architecture for CIFAR-10, with
     *       relu activations"); it is trained from sigma_w^2 = 2 in Figs. 6, 8-11.</li>
     *   <li>Fig. 6 and Fig. 9 plot seven weighted layers, lay01..lay07: c1..c5, fc1, fc2. The softmax output is this
     *       class's addition (the paper does not count it); experiments may perturb it too.</li>
     *   <li>Batch norm after c2, c5, fc1 and fc2: Fig. 10's x axis (in c1 c2 bn1 p1 c3 c4 c5 bn2 p2 fc1 bn3 fc2
     *       bn4).</li>
     * </ul>
     * With other {@code widthMultiplier}s every layer's channel or unit count is multiplied (rounded, at least 1):
     * 0.5 gives 32 channels everywhere and 256, 128 units. {@code normalization} puts batch norm (bn1..bn4) or
     * trajectory regularization (tr1..tr4) after c2, c5, fc1 and fc2. Weights N(0, sigma_w^2 / fan_in), fan_in =
     * kernel area x input channels for a convolution; biases 0.
     *
     * @param l2 L2 weight decay: {@code l2 * W} added to every weight gradient (not biases, batch norm's gamma and
     *           beta, or trajectory regularization's lambda), as PyTorch's SGD {@code weight_decay} does; 0 for none
     */
    public static MultiLayerConfiguration cifarConvNet(ConvSizes sizes, double widthMultiplier,
                                                       Normalization normalization, double sigmaW2, IUpdater updater,
                                                       double l2, long seed) {
        if (!(widthMultiplier > 0)) {
            throw new IllegalArgumentException("width multiplier must be positive: " + widthMultiplier);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("weight decay must be finite and >= 0: " + l2);
        }
        Objects.requireNonNull(sizes, "sizes");
        int c12 = scaled(sizes.c12(), widthMultiplier);
        int c345 = scaled(sizes.c345(), widthMultiplier);
        int fc1 = scaled(sizes.fc1(), widthMultiplier);
        int fc2 = scaled(sizes.fc2(), widthMultiplier);
        Objects.requireNonNull(normalization, "normalization");
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(new GaussianFanInInit(sigmaW2)).biasInit(0).convolutionMode(ConvolutionMode.Same);
        if (l2 > 0) {
            builder.l2(l2);
        }
        NeuralNetConfiguration.ListBuilder list = builder.list();
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

    /**
     * The size of a network, computed from its settings without building it (so for any settings, however large):
     * what a memory estimate needs.
     *
     * @param parameters            trainable parameters and the normalization layers' running statistics
     * @param activationsPerExample values of the input and of every layer's output, per example
     */
    public record Shape(double parameters, double activationsPerExample) {
    }

    /**
     * The size of {@link #mlp} with these settings: weights and biases of every dense layer; the input, every hidden
     * layer's and the output's values.
     */
    public static Shape mlpShape(int inputs, int hiddenLayers, int width, int classes) {
        double k = width;
        double parameters = (inputs + 1.0) * k + (hiddenLayers - 1.0) * (k + 1) * k + (k + 1) * classes;
        return new Shape(parameters, inputs + hiddenLayers * k + classes);
    }

    /**
     * The smallest width multiplier of {@link #cifarConvNet} at which no layer is scaled below one channel or unit
     * (a count of 0.5 rounds to 1): half the smallest of {@code sizes}' counts, inverted.
     */
    public static double smallestWidthMultiplier(ConvSizes sizes) {
        return 0.5 / Math.min(Math.min(sizes.c12(), sizes.c345()), Math.min(sizes.fc1(), sizes.fc2()));
    }

    /**
     * The size of {@link #cifarConvNet} with these settings (32 x 32 inputs, "same" padding, two poolings of stride 2:
     * c1, c2 at 32 x 32, c3-c5 at 16 x 16, fc1's input {@code c345 x 8 x 8}). Batch norm has four values per channel
     * or unit (gamma, beta and the running mean and variance), trajectory regularization three per layer (lambda,
     * the original length and its warm-up count).
     */
    public static Shape convNetShape(ConvSizes sizes, double widthMultiplier, Normalization normalization) {
        double c12 = scaledCount(sizes.c12(), widthMultiplier);
        double c345 = scaledCount(sizes.c345(), widthMultiplier);
        double fc1 = scaledCount(sizes.fc1(), widthMultiplier);
        double fc2 = scaledCount(sizes.fc2(), widthMultiplier);
        double flat = c345 * 8 * 8;
        double parameters = (3 * 25 + 1) * c12 + (c12 * 25 + 1) * c12 + (c12 * 9 + 1) * c345
                + 2 * (c345 * 9 + 1) * c345 + (flat + 1) * fc1 + (fc1 + 1) * fc2 + (fc2 + 1) * 10;
        double activations = 3 * 1024 + 2 * c12 * 1024 + c12 * 256 + 3 * c345 * 256 + flat + fc1 + fc2 + 10;
        if (normalization != Normalization.NONE) {
            // bn1..bn4 / tr1..tr4 after c2, c5, fc1 and fc2: outputs as large as their inputs.
            activations += c12 * 1024 + c345 * 256 + fc1 + fc2;
            parameters += normalization == Normalization.BATCH_NORM ? 4 * (c12 + c345 + fc1 + fc2) : 4 * 3;
        }
        return new Shape(parameters, activations);
    }

    /** {@link #scaled} in double precision (no overflow). */
    private static double scaledCount(int units, double multiplier) {
        return Math.max(1, Math.floor(units * multiplier + 0.5));
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
