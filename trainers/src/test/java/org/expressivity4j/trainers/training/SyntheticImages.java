package org.expressivity4j.trainers.training;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.expressivity4j.datasets.LabeledImages;

/**
 * Small learnable image sets for smoke tests of the training experiments: example {@code i} has class {@code i % 10}
 * and random background pixels (0-29), plus a bright band of rows whose position is its class, so that a network
 * learns them within a few steps, unlike the fixture files' deterministic but class-independent pixels.
 */
public final class SyntheticImages {

    private SyntheticImages() {
    }

    public static LabeledImages of(String name, int count, int channels, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int plane = size * size;
        int band = Math.max(1, size / 10);
        byte[] pixels = new byte[count * channels * plane];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = i % 10;
            labels[i] = (byte) label;
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean bright = y / band == label;
                        int v = bright ? 200 + random.nextInt(56) : random.nextInt(30);
                        pixels[(i * channels + c) * plane + y * size + x] = (byte) v;
                    }
                }
            }
        }
        List<String> classes = IntStream.range(0, 10).mapToObj(k -> "class" + k).toList();
        return new LabeledImages(name, channels, size, size, pixels, labels, classes);
    }

    /** MNIST-shaped: 1 x 28 x 28. */
    public static TrainingData mnistLike(int train, int test, long seed) {
        return TrainingData.of("mnist", of("synthetic-train", train, 1, 28, seed),
                of("synthetic-test", test, 1, 28, seed + 1), 0, 0, 0, seed);
    }

    /** CIFAR-shaped: 3 x 32 x 32. */
    public static TrainingData cifarLike(int train, int test, long seed) {
        return TrainingData.of("cifar10", of("synthetic-train", train, 3, 32, seed),
                of("synthetic-test", test, 3, 32, seed + 1), 0, 0, 0, seed);
    }
}
