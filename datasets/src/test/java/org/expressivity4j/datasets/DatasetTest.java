package org.expressivity4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The split sizes a dataset states agree with the sizes of its official files. */
class DatasetTest {

    @Test
    void mnistCountsFollowFromTheIdxFileSizes() {
        // IDX images: a 16-byte header, then 28 x 28 bytes per image; labels: an 8-byte header, one byte per label.
        DatasetSpec spec = Dataset.MNIST.spec();
        assertEquals(Dataset.MNIST.examples(Split.TRAIN),
                (spec.requireFile("train-images-idx3-ubyte").size() - 16) / Dataset.MNIST.featureSize());
        assertEquals(Dataset.MNIST.examples(Split.TRAIN), spec.requireFile("train-labels-idx1-ubyte").size() - 8);
        assertEquals(Dataset.MNIST.examples(Split.TEST),
                (spec.requireFile("t10k-images-idx3-ubyte").size() - 16) / Dataset.MNIST.featureSize());
        assertEquals(Dataset.MNIST.examples(Split.TEST), spec.requireFile("t10k-labels-idx1-ubyte").size() - 8);
    }

    @Test
    void cifar10CountsFollowFromTheBatchFileSizes() {
        // One label byte and 3 x 32 x 32 pixel bytes per record; five training batches and one test batch.
        DatasetSpec spec = Dataset.CIFAR10.spec();
        long record = 1 + Dataset.CIFAR10.featureSize();
        long train = 0;
        for (int b = 1; b <= 5; b++) {
            train += spec.requireFile("data_batch_" + b + ".bin").size() / record;
        }
        assertEquals(Dataset.CIFAR10.examples(Split.TRAIN), train);
        assertEquals(Dataset.CIFAR10.examples(Split.TEST), spec.requireFile("test_batch.bin").size() / record);
    }
}
