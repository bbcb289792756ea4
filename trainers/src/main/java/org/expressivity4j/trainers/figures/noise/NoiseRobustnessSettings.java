package org.expressivity4j.trainers.figures.noise;

import static org.expressivity4j.trainers.figures.noise.NoiseRobustnessExperiment.ConvNet;
import static org.expressivity4j.trainers.figures.noise.NoiseRobustnessExperiment.Mlp;
import static org.expressivity4j.trainers.figures.noise.NoiseRobustnessExperiment.Network;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.dl4j.noise.LayerWeightNoise;
import org.expressivity4j.trainers.models.Architectures;

/**
 * Everything that determines a run's numbers (besides the seed and the data).
 *
 * @param dataset           the dataset
 * @param model             a trained model to load instead of training one (a ModelSerializer file), or null
 * @param network           the network to train (ignored when {@code model} is given)
 * @param epochs            training epochs (0 with a {@code model}, as for the other training settings: the
 *                          model is loaded, not trained)
 * @param batchSize         training minibatch size
 * @param learningRate      Adam's learning rate
 * @param trainExamples     training examples used (class-balanced subset), 0 for all
 * @param testExamples      test examples, for training curves and the noise measurements, 0 for all
 * @param trainEvalExamples training examples train accuracy is measured on, 0 for all used
 * @param batchLimit        at most this many batches per epoch, 0 for no limit (smoke tests)
 * @param layers            layers to perturb, empty for every weighted layer
 * @param magnitudes        noise magnitudes, each >= 0
 * @param noiseSeeds        noise draws per (layer, magnitude)
 * @param scale             how a magnitude becomes the noise's standard deviation
 */
public record NoiseRobustnessSettings(Dataset dataset, String model, Network network, int epochs, int batchSize,
                                      double learningRate, int trainExamples, int testExamples, int trainEvalExamples,
                                      int batchLimit, List<String> layers, List<Double> magnitudes, int noiseSeeds,
                                      LayerWeightNoise.Scale scale) {

    public NoiseRobustnessSettings {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(scale, "scale");
        layers = List.copyOf(layers);
        magnitudes = List.copyOf(magnitudes);
        if (model == null) {
            Objects.requireNonNull(network, "network");
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("epochs and batch size must be at least 1");
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("the learning rate must be positive");
            }
        }
        if (epochs < 0 || batchSize < 0 || !(learningRate >= 0) || noiseSeeds < 1) {
            throw new IllegalArgumentException("epochs, batch size and learning rate must be >= 0 (0 with a model: "
                    + "nothing is trained), noise seeds at least 1");
        }
        if (trainExamples < 0 || testExamples < 0 || trainEvalExamples < 0 || batchLimit < 0) {
            throw new IllegalArgumentException("example counts and the batch limit must be >= 0");
        }
        if (magnitudes.isEmpty() || magnitudes.stream().anyMatch(m -> !(m >= 0) || m.isInfinite())
                || magnitudes.stream().distinct().count() != magnitudes.size()) {
            throw new IllegalArgumentException("noise magnitudes must be distinct, finite and >= 0: "
                    + magnitudes);
        }
    }

    /** 0, 0.25, ..., 2: Fig. 6's x axis. */
    public static List<Double> defaultMagnitudes() {
        List<Double> m = new ArrayList<>();
        for (int i = 0; i <= 8; i++) {
            m.add(i * 0.25);
        }
        return m;
    }

    /**
     * The profile's settings. CIFAR-10: the conv net from sigma_w^2 = 2, full = width 1, all 50,000 training
     * examples, 15 epochs, the whole test set, train accuracy on 10,000; quick = width 0.25, 8,000 training and
     * 1,000 test examples, train accuracy on 2,000, 5 epochs, noise 0, 0.25, 0.5, 1, 1.5, 2 with 2 seeds (on
     * 2 cores the conv net's forward pass dominates: every noise measurement is a pass over the test examples).
     * MNIST: the paper's MNIST MLP (9 x 100 hard tanh, sigma_w^2 = 1), full = 20 epochs on everything (train
     * accuracy on 10,000); quick = 10,000 / 2,000 examples, 10 epochs. Adam 1e-3, batch 128; relative scale;
     * unless said otherwise noise 0 to 2 in steps of 0.25 with 3 seeds.
     *
     * <p>Why relative by default: the paper does not say what "noise of 0.25 magnitude" is relative to, and the
     * layers' weights differ in scale by their fan-in (weights N(0, 2 / fan_in): std 0.16 in c1, 0.04 in c3-c5,
     * 0.025 in fc1 of the full conv net). Absolute noise of 0.25 would be 1.5 times c1's weights but 10 times
     * fc1's, so its per-layer curves would mostly measure the layers' weight scales. Noise in proportion to each
     * layer's own weight std perturbs every layer by the same fraction, so what differs between the curves is
     * the layer's position, the effect Fig. 6 is about. {@code ABSOLUTE} remains available.
     */
    public static NoiseRobustnessSettings defaults(Dataset dataset, boolean quick) {
        Network network = dataset == Dataset.CIFAR10
                ? new ConvNet(quick ? 0.25 : 1.0, Architectures.CONV_SIGMA_W2)
                : new Mlp(Architectures.MNIST_MLP_HIDDEN_LAYERS, Architectures.MNIST_MLP_WIDTH,
                Architectures.MLP_SIGMA_W2);
        if (dataset == Dataset.CIFAR10 && quick) {
            return new NoiseRobustnessSettings(dataset, null, network, 5, 128, 1e-3, 8_000, 1_000, 2_000, 0, List.of(),
                    List.of(0.0, 0.25, 0.5, 1.0, 1.5, 2.0), 2, LayerWeightNoise.Scale.RELATIVE);
        }
        int epochs = dataset == Dataset.CIFAR10 ? 15 : (quick ? 10 : 20);
        return new NoiseRobustnessSettings(dataset, null, network, epochs, 128, 1e-3, quick ? 10_000 : 0,
                quick ? 2_000 : 0, quick ? 0 : 10_000, 0, List.of(), defaultMagnitudes(), 3,
                LayerWeightNoise.Scale.RELATIVE);
    }

    /** These settings with another {@code dataset}. */
    public NoiseRobustnessSettings withDataset(Dataset dataset) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code model}. */
    public NoiseRobustnessSettings withModel(String model) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code network}. */
    public NoiseRobustnessSettings withNetwork(Network network) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code epochs}. */
    public NoiseRobustnessSettings withEpochs(int epochs) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code batchSize}. */
    public NoiseRobustnessSettings withBatchSize(int batchSize) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code learningRate}. */
    public NoiseRobustnessSettings withLearningRate(double learningRate) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code trainExamples}. */
    public NoiseRobustnessSettings withTrainExamples(int trainExamples) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code testExamples}. */
    public NoiseRobustnessSettings withTestExamples(int testExamples) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code trainEvalExamples}. */
    public NoiseRobustnessSettings withTrainEvalExamples(int trainEvalExamples) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code batchLimit}. */
    public NoiseRobustnessSettings withBatchLimit(int batchLimit) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code layers}. */
    public NoiseRobustnessSettings withLayers(List<String> layers) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code magnitudes}. */
    public NoiseRobustnessSettings withMagnitudes(List<Double> magnitudes) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code noiseSeeds}. */
    public NoiseRobustnessSettings withNoiseSeeds(int noiseSeeds) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }

    /** These settings with another {@code scale}. */
    public NoiseRobustnessSettings withScale(LayerWeightNoise.Scale scale) {
        return new NoiseRobustnessSettings(dataset, model, network, epochs, batchSize, learningRate, trainExamples,
            testExamples, trainEvalExamples, batchLimit, layers, magnitudes, noiseSeeds, scale);
    }
}
