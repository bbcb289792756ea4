package org.expressivity4j.datasets;

import java.util.Arrays;
import java.util.Locale;
import org.expressivity4j.datasets.cifar.Cifar10Reader;
import org.expressivity4j.datasets.mnist.IdxReader;

/** The datasets the project knows: where to find them and how to read them. */
public enum Dataset {
    MNIST(DatasetFiles.MNIST),
    CIFAR10(DatasetFiles.CIFAR10);

    private final DatasetSpec spec;

    Dataset(DatasetSpec spec) {
        this.spec = spec;
    }

    /** Files, checksums and download locations. */
    public DatasetSpec spec() {
        return spec;
    }

    /** Class names, index = label. */
    public java.util.List<String> classes() {
        return switch (this) {
            case MNIST -> DatasetFiles.MNIST_CLASSES;
            case CIFAR10 -> DatasetFiles.CIFAR10_CLASSES;
        };
    }

    /**
     * Examples in a split, as the official files hold them (their checksums fix the count): MNIST 60,000 training and
     * 10,000 test images, CIFAR-10 50,000 and 10,000. Known without reading the files, e.g. to check a requested
     * subset's size before loading.
     */
    public int examples(Split split) {
        return switch (this) {
            case MNIST -> split == Split.TRAIN ? 60_000 : 10_000;
            case CIFAR10 -> split == Split.TRAIN ? 50_000 : 10_000;
        };
    }

    /** Values per example: 784 for MNIST (28 x 28, one channel), 3072 for CIFAR-10 (3 x 32 x 32). */
    public int featureSize() {
        return switch (this) {
            case MNIST -> 28 * 28;
            case CIFAR10 -> 3 * 32 * 32;
        };
    }

    /** The short name used on the command line and in folder names ({@code mnist}, {@code cifar10}). */
    public String id() {
        return spec.id();
    }

    /** Locates (or downloads) the dataset and reads one split, verifying every file. */
    public LabeledImages load(DataLocator locator, Split split) {
        return read(locator.locate(spec), split);
    }

    /** Reads one split of a located copy of this dataset, verifying every file. */
    public LabeledImages read(LocatedDataset located, Split split) {
        return switch (this) {
            case MNIST -> IdxReader.read(located, split);
            case CIFAR10 -> Cifar10Reader.read(located, split);
        };
    }

    /** The dataset with this id ({@code mnist}, {@code cifar10}; case and a hyphen are ignored). */
    public static Dataset fromId(String id) {
        String key = id.toLowerCase(Locale.ROOT).replace("-", "");
        return Arrays.stream(values()).filter(d -> d.id().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown dataset '" + id + "'; known: "
                        + Arrays.stream(values()).map(Dataset::id).toList()));
    }
}
