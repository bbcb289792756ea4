package org.expressivity4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The real MNIST and CIFAR-10, verified and read in full (needs {@value DataLocator#DATA_ENV}; skipped otherwise). */
class RealDatasetsIT {

    @Test
    void mnistCountsLabelsAndHistogram() {
        LocatedDataset located = RealData.locateOrSkip(Dataset.MNIST, "RealDatasetsIT.mnist");
        LabeledImages train = Dataset.MNIST.read(located, Split.TRAIN);
        LabeledImages test = Dataset.MNIST.read(located, Split.TEST);
        assertEquals(60000, train.count());
        assertEquals(10000, test.count());
        assertEquals(784, train.featureSize());
        assertEquals(Dataset.MNIST.examples(Split.TRAIN), train.count());
        assertEquals(Dataset.MNIST.examples(Split.TEST), test.count());
        assertEquals(Dataset.MNIST.featureSize(), train.featureSize());
        assertArrayEquals(new int[] {5, 0, 4, 1, 9}, firstLabels(train, 5));
        assertArrayEquals(new int[] {7, 2, 1, 0, 4}, firstLabels(test, 5));
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                train.classCounts());
    }

    @Test
    void cifar10CountsLabelsAndHistogram() {
        LocatedDataset located = RealData.locateOrSkip(Dataset.CIFAR10, "RealDatasetsIT.cifar10");
        LabeledImages train = Dataset.CIFAR10.read(located, Split.TRAIN);
        LabeledImages test = Dataset.CIFAR10.read(located, Split.TEST);
        assertEquals(50000, train.count());
        assertEquals(10000, test.count());
        assertEquals(Dataset.CIFAR10.examples(Split.TRAIN), train.count());
        assertEquals(Dataset.CIFAR10.examples(Split.TEST), test.count());
        assertEquals(Dataset.CIFAR10.featureSize(), train.featureSize());
        assertArrayEquals(new int[] {6, 9, 9, 4, 1}, firstLabels(train, 5));
        assertArrayEquals(new int[] {3, 8, 8, 0, 6}, firstLabels(test, 5));
        int[] fiveThousand = new int[10];
        Arrays.fill(fiveThousand, 5000);
        assertArrayEquals(fiveThousand, train.classCounts());
        // First record's first red pixels, as published for data_batch_1.
        assertArrayEquals(new int[] {59, 43, 50, 68, 98, 119, 139, 145},
                java.util.stream.IntStream.range(0, 8).map(j -> train.pixel(0, j)).toArray());
    }

    private static int[] firstLabels(LabeledImages images, int n) {
        return java.util.stream.IntStream.range(0, n).map(images::label).toArray();
    }
}
