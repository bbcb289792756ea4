package org.expressivity4j.trainers.figures.onelayer;

import static org.expressivity4j.trainers.figures.onelayer.TrainOneLayerExperiment.defaultLayers;
import static org.expressivity4j.trainers.figures.onelayer.TrainOneLayerExperiment.layerNames;

import java.util.List;
import java.util.Objects;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.trainers.models.Architectures;

/**
 * Everything that determines a run's numbers (besides the seed and the data).
 *
 * @param dataset           which dataset (names the figure: Fig. 7 for MNIST, Fig. 17 for CIFAR-10)
 * @param hiddenLayers      hidden layers of the network
 * @param width             units per hidden layer
 * @param sigmaW2           weight variance scale sigma_w^2
 * @param layers            names of the layers to train, one at a time (h1..hN or out)
 * @param epochs            epochs per layer
 * @param batchSize         training minibatch size
 * @param learningRate      Adam's learning rate
 * @param trainExamples     training examples used (class-balanced subset), 0 for all
 * @param testExamples      test examples used (class-balanced subset), 0 for all
 * @param trainEvalExamples training examples train accuracy is measured on, 0 for all used
 * @param batchLimit        at most this many batches per epoch, 0 for no limit (smoke tests)
 */
public record TrainOneLayerSettings(Dataset dataset, int hiddenLayers, int width, double sigmaW2, List<String> layers,
                                    int epochs, int batchSize, double learningRate, int trainExamples, int testExamples,
                                    int trainEvalExamples, int batchLimit) {

    public TrainOneLayerSettings {
        Objects.requireNonNull(dataset, "dataset");
        layers = List.copyOf(layers);
        if (hiddenLayers < 1 || width < 1 || epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("hidden layers, width, epochs and batch size must be at least 1");
        }
        if (!(sigmaW2 > 0) || !(learningRate > 0)) {
            throw new IllegalArgumentException("sigma_w^2 and the learning rate must be positive");
        }
        if (trainExamples < 0 || testExamples < 0 || trainEvalExamples < 0 || batchLimit < 0) {
            throw new IllegalArgumentException("example counts and the batch limit must be >= 0");
        }
        List<String> known = layerNames(hiddenLayers);
        for (String layer : layers) {
            if (!known.contains(layer)) {
                throw new IllegalArgumentException("no layer " + layer + " in a net with " + hiddenLayers
                        + " hidden layers: choose from " + known);
            }
        }
        if (layers.isEmpty() || layers.stream().distinct().count() != layers.size()) {
            throw new IllegalArgumentException("choose at least one layer, each once: " + layers);
        }
    }

    /**
     * The paper's network for {@code dataset} (MNIST: 9 x 100, CIFAR-10: 8 x 200, hard tanh, sigma_w^2 = 1) and
     * the profile's training budget: full = all training examples, 10,000 of them for train accuracy, the whole
     * test set, 50 epochs; quick = 10,000 training examples (all measured), 2,000 test examples, 15 epochs.
     * Adam, learning rate 1e-3, batch 128.
     */
    public static TrainOneLayerSettings defaults(Dataset dataset, boolean quick) {
        int hidden = dataset == Dataset.MNIST ? Architectures.MNIST_MLP_HIDDEN_LAYERS
                : Architectures.CIFAR_MLP_HIDDEN_LAYERS;
        int width = dataset == Dataset.MNIST ? Architectures.MNIST_MLP_WIDTH : Architectures.CIFAR_MLP_WIDTH;
        return quick
                ? new TrainOneLayerSettings(dataset, hidden, width, Architectures.MLP_SIGMA_W2, defaultLayers(hidden),
                        15, 128, 1e-3, 10_000, 2_000, 0, 0)
                : new TrainOneLayerSettings(dataset, hidden, width, Architectures.MLP_SIGMA_W2, defaultLayers(hidden),
                        50, 128, 1e-3, 0, 0, 10_000, 0);
    }

    /** The same settings with these layers. */
    public TrainOneLayerSettings withLayers(List<String> newLayers) {
        return new TrainOneLayerSettings(dataset, hiddenLayers, width, sigmaW2, newLayers, epochs, batchSize,
                learningRate, trainExamples, testExamples, trainEvalExamples, batchLimit);
    }

    /** These settings with another {@code dataset}. */
    public TrainOneLayerSettings withDataset(Dataset dataset) {
        return new TrainOneLayerSettings(dataset, hiddenLayers, width, sigmaW2, layers, epochs, batchSize, learningRate,
            trainExamples, testExamples, trainEvalExamples, batchLimit);
    }

    /** These settings with another {@code hiddenLayers}. */
    public TrainOneLayerSettings withHiddenLayers(int hiddenLayers) {
        return new TrainOneLayerSettings(dataset, hiddenLayers, width, sigmaW2, layers, epochs, batchSize, learningRate,
            trainExamples, testExamples, trainEvalExamples, batchLimit);
    }

    /** These settings with another {@code width}. */
    public TrainOneLayerSettings withWidth(int width) {
        return new TrainOneLayerSettings(dataset, hiddenLayers, width, sigmaW2, layers, epochs, batchSize, learningRate,
            trainExamples, testExamples, trainEvalExamples, batchLimit);
    }

    /** These settings with another {@code sigmaW2}. */
    public TrainOneLayerSettings withSigmaW2(double sigmaW2) {
        return new TrainOneLayerSettings(dataset, hiddenLayers, width, sigmaW2, layers, epochs, batchSize, learningRate,
            trainExamples, testExamples, trainEvalExamples, batchLimit);
    }

    /** These settings with another {@code epochs}. */
    public TrainOneLayerSettings withEpochs(int epochs) {
        return new TrainOneLayerSettings(dataset, hiddenLayers, width, sigmaW2, layers, epochs, batchSize, learningRate,
            trainExamples, testExamples, trainEvalExamples, batchLimit);
    }

    /** These settings with another {@code batchSize}. */
    public TrainOneLayerSettings withBatchSize(int batchSize) {
        return new TrainOneLayerSettings(dataset, hiddenLayers, width, sigmaW2, layers, epochs, batchSize, learningRate,
            trainExamples, testExamples, trainEvalExamples, batchLimit);
    }

    /** These settings with another {@code learningRate}. */
    public TrainOneLayerSettings withLearningRate(double learningRate) {
        return new TrainOneLayerSettings(dataset, hiddenLayers, width, sigmaW2, layers, epochs, batchSize, learningRate,
            trainExamples, testExamples, trainEvalExamples, batchLimit);
    }

    /** These settings with another {@code trainExamples}. */
    public TrainOneLayerSettings withTrainExamples(int trainExamples) {
        return new TrainOneLayerSettings(dataset, hiddenLayers, width, sigmaW2, layers, epochs, batchSize, learningRate,
            trainExamples, testExamples, trainEvalExamples, batchLimit);
    }

    /** These settings with another {@code testExamples}. */
    public TrainOneLayerSettings withTestExamples(int testExamples) {
        return new TrainOneLayerSettings(dataset, hiddenLayers, width, sigmaW2, layers, epochs, batchSize, learningRate,
            trainExamples, testExamples, trainEvalExamples, batchLimit);
    }

    /** These settings with another {@code trainEvalExamples}. */
    public TrainOneLayerSettings withTrainEvalExamples(int trainEvalExamples) {
        return new TrainOneLayerSettings(dataset, hiddenLayers, width, sigmaW2, layers, epochs, batchSize, learningRate,
            trainExamples, testExamples, trainEvalExamples, batchLimit);
    }

    /** These settings with another {@code batchLimit}. */
    public TrainOneLayerSettings withBatchLimit(int batchLimit) {
        return new TrainOneLayerSettings(dataset, hiddenLayers, width, sigmaW2, layers, epochs, batchSize, learningRate,
            trainExamples, testExamples, trainEvalExamples, batchLimit);
    }
}
