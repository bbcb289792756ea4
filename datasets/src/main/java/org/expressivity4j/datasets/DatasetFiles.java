package org.expressivity4j.datasets;

import java.net.URI;
import java.util.List;

/**
 * The official files of MNIST and CIFAR-10 (binary version) with their checksums and download locations.
 *
 * <p>Content checksums are SHA-256 of the uncompressed files; they were computed from copies whose MD5 equals the
 * MD5 published for the official files. MNIST's {@code .gz} files are the originals (their SHA-256 matches the hashes
 * pinned by independent package registries); CIFAR-10's publisher gives only the archive's MD5, which is checked
 * on download before each extracted member is checked by SHA-256.
 */
public final class DatasetFiles {

    private static final String MNIST_HOME = "http://yann.lecun.com/exdb/mnist/";
    /** The mirror torchvision uses; serves byte-identical files (the SHA-256 check makes any mirror safe). */
    private static final String MNIST_MIRROR = "https://ossci-datasets.s3.amazonaws.com/mnist/";

    /** MNIST: four IDX files (training and test images and labels), LeCun et al. */
    public static final DatasetSpec MNIST = new DatasetSpec(
            "mnist",
            "MNIST",
            List.of("mnist", "MNIST"),
            List.of(
                    new DataFile("train-images-idx3-ubyte", 47_040_016L,
                            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
                    new DataFile("train-labels-idx1-ubyte", 60_008L,
                            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
                    new DataFile("t10k-images-idx3-ubyte", 7_840_016L,
                            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
                    new DataFile("t10k-labels-idx1-ubyte", 10_008L,
                            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")),
            List.of(),
            List.of(
                    mnistDownload("train-images-idx3-ubyte.gz", 9_912_422L,
                            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
                    mnistDownload("train-labels-idx1-ubyte.gz", 28_881L,
                            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
                    mnistDownload("t10k-images-idx3-ubyte.gz", 1_648_877L,
                            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
                    mnistDownload("t10k-labels-idx1-ubyte.gz", 4_542L,
                            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")),
            "http://yann.lecun.com/exdb/mnist/",
            "Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, \"Gradient-based learning applied to document recognition\", "
                    + "Proc. IEEE 86(11), 1998; http://yann.lecun.com/exdb/mnist/");

    /** CIFAR-10, binary version: five training batches and one test batch of 10000 records each, Krizhevsky 2009. */
    public static final DatasetSpec CIFAR10 = new DatasetSpec(
            "cifar10",
            "CIFAR-10",
            List.of("cifar10", "cifar-10-batches-bin", "cifar10/cifar-10-batches-bin", "CIFAR10"),
            List.of(
                    cifar("data_batch_1.bin", "cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5"),
                    cifar("data_batch_2.bin", "a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed"),
                    cifar("data_batch_3.bin", "bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67"),
                    cifar("data_batch_4.bin", "014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48"),
                    cifar("data_batch_5.bin", "755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add"),
                    cifar("test_batch.bin", "8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b")),
            List.of("cifar-10-binary.tar.gz"),
            List.of(new Download("cifar-10-binary.tar.gz",
                    List.of(URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")),
                    -1L, "MD5", "c32a1d4ab5d03f1284b67883e8d87530", Download.Packaging.TAR_GZ)),
            "https://www.cs.toronto.edu/~kriz/cifar.html",
            "A. Krizhevsky, \"Learning Multiple Layers of Features from Tiny Images\", Technical Report, "
                    + "University of Toronto, 2009; https://www.cs.toronto.edu/~kriz/cifar.html");

    /** CIFAR-10's class names, label 0 to 9 (as in the official batches.meta.txt). */
    public static final List<String> CIFAR10_CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    /** MNIST's class names: the digits. */
    public static final List<String> MNIST_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private DatasetFiles() {
    }

    private static Download mnistDownload(String fileName, long size, String sha256) {
        return new Download(fileName, List.of(URI.create(MNIST_HOME + fileName), URI.create(MNIST_MIRROR + fileName)),
                size, "SHA-256", sha256, Download.Packaging.GZIP);
    }

    private static DataFile cifar(String name, String sha256) {
        return new DataFile(name, 30_730_000L, sha256);
    }
}
