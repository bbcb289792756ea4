package org.expressivity4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.expressivity4j.datasets.LocatedDataset.Source;
import org.expressivity4j.datasets.cifar.Cifar10Reader;
import org.expressivity4j.datasets.mnist.IdxReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataLocatorTest {

    @TempDir
    Path tmp;

    private DataLocator locator(Path dataDir, Path envDir, Downloader downloader) {
        List<DataLocator.SearchRoot> roots = new ArrayList<>();
        if (dataDir != null) {
            roots.add(new DataLocator.SearchRoot(dataDir, Source.DATA_DIR));
        }
        if (envDir != null) {
            roots.add(new DataLocator.SearchRoot(envDir, Source.ENVIRONMENT));
        }
        return new DataLocator(roots, tmp.resolve("cache"), downloader, null);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsMnistFixtureRawOrGzipped(boolean gzipped) {
        Fixtures.MiniMnist mnist = Fixtures.miniMnist(12, 7, null);
        mnist.writeTo(tmp.resolve("data/mnist"), gzipped);
        LocatedDataset located = locator(tmp.resolve("data"), null, null).locate(mnist.spec());
        assertEquals(Source.DATA_DIR, located.source());
        LabeledImages train = IdxReader.read(located, Split.TRAIN);
        LabeledImages test = IdxReader.read(located, Split.TEST);
        assertEquals(12, train.count());
        assertEquals(7, test.count());
        assertEquals(784, train.featureSize());
        for (int i = 0; i < 12; i++) {
            assertEquals(mnist.trainLabels()[i], train.label(i));
            assertEquals(Fixtures.pixel(i, 300), train.pixel(i, 300));
        }
        assertEquals(mnist.testLabels()[6], test.label(6));
    }

    @Test
    void searchOrderIsDataDirThenEnvironmentThenCache() {
        Fixtures.MiniMnist mnist = Fixtures.miniMnist(3, 2, null);
        mnist.writeTo(tmp.resolve("cache/mnist"), true);
        mnist.writeTo(tmp.resolve("env/mnist"), false);
        mnist.writeTo(tmp.resolve("dir"), true); // directly in the folder, no sub-folder
        assertEquals(Source.DATA_DIR, locator(tmp.resolve("dir"), tmp.resolve("env"), null)
                .locate(mnist.spec()).source());
        assertEquals(Source.ENVIRONMENT, locator(tmp.resolve("nowhere"), tmp.resolve("env"), null)
                .locate(mnist.spec()).source());
        assertEquals(Source.CACHE, locator(tmp.resolve("nowhere"), tmp.resolve("nowhere2"), null)
                .locate(mnist.spec()).source());
    }

    @Test
    void incompleteFolderIsSkippedAndReported() throws IOException {
        Fixtures.MiniMnist mnist = Fixtures.miniMnist(3, 2, null);
        mnist.writeTo(tmp.resolve("dir/mnist"), false);
        Files.delete(tmp.resolve("dir/mnist/t10k-labels-idx1-ubyte"));
        DatasetException e = assertThrows(DatasetException.class,
                () -> locator(tmp.resolve("dir"), null, null).locate(mnist.spec()));
        String m = e.getMessage();
        assertTrue(m.contains("missing t10k-labels-idx1-ubyte"), m);
        assertTrue(m.contains("train-images-idx3-ubyte, train-labels-idx1-ubyte"), m);
        assertTrue(m.contains(tmp.resolve("cache").toString()), m);
        assertTrue(m.contains("offline"), m);
        assertTrue(m.contains("--data-dir") && m.contains(DataLocator.DATA_ENV), m);
    }

    @Test
    void corruptContentIsRejectedWithBothChecksums() {
        Fixtures.MiniMnist mnist = Fixtures.miniMnist(4, 2, null);
        mnist.writeTo(tmp.resolve("d/mnist"), true);
        byte[] images = mnist.contents().get("train-images-idx3-ubyte").clone();
        images[100] ^= 1; // same length, one pixel off: parses fine, checksum must catch it
        Fixtures.write(tmp.resolve("d/mnist/train-images-idx3-ubyte.gz"), Fixtures.gzip(images));
        LocatedDataset located = locator(tmp.resolve("d"), null, null).locate(mnist.spec());
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(located, Split.TRAIN));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains(Fixtures.sha256(images)), e.getMessage());
        assertTrue(e.getMessage().contains(mnist.spec().requireFile("train-images-idx3-ubyte").sha256()),
                e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() {
        Fixtures.MiniMnist mnist = Fixtures.miniMnist(4, 2, null);
        mnist.writeTo(tmp.resolve("d/mnist"), false);
        byte[] labels = mnist.contents().get("train-labels-idx1-ubyte");
        byte[] longer = java.util.Arrays.copyOf(labels, labels.length + 3);
        Fixtures.write(tmp.resolve("d/mnist/train-labels-idx1-ubyte"), longer);
        LocatedDataset located = locator(tmp.resolve("d"), null, null).locate(mnist.spec());
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(located, Split.TRAIN));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void truncatedGzipIsRejected() {
        Fixtures.MiniMnist mnist = Fixtures.miniMnist(40, 2, null);
        mnist.writeTo(tmp.resolve("d/mnist"), true);
        byte[] gz = Fixtures.gzip(mnist.contents().get("train-images-idx3-ubyte"));
        Fixtures.write(tmp.resolve("d/mnist/train-images-idx3-ubyte.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        LocatedDataset located = locator(tmp.resolve("d"), null, null).locate(mnist.spec());
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(located, Split.TRAIN));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    }

    @Test
    void downloadsIntoCacheVerifiedAndAtomically() throws IOException {
        Path server = Files.createDirectories(tmp.resolve("server"));
        Fixtures.MiniMnist mnist = Fixtures.miniMnist(5, 3, server.toUri().toString());
        mnist.writeTo(server, true);
        List<String> progress = new ArrayList<>();
        DataLocator locator = new DataLocator(List.of(), tmp.resolve("cache"), new Downloader(),
                (f, b, t) -> progress.add(f));
        LocatedDataset located = locator.locate(mnist.spec());
        assertEquals(Source.DOWNLOADED, located.source());
        assertEquals(5, IdxReader.read(located, Split.TRAIN).count());
        assertTrue(progress.contains("t10k-labels-idx1-ubyte.gz"));
        assertEquals(List.of(), partFiles(tmp.resolve("cache")));
        // Found in the cache the next time, without downloading.
        assertEquals(Source.CACHE, new DataLocator(List.of(), tmp.resolve("cache"), null, null)
                .locate(mnist.spec()).source());
    }

    @Test
    void checksumMismatchOnDownloadLeavesNothingBehind() throws IOException {
        Path server = Files.createDirectories(tmp.resolve("server"));
        Fixtures.MiniMnist mnist = Fixtures.miniMnist(5, 3, server.toUri().toString());
        mnist.writeTo(server, true);
        // The server's file differs from what the spec pins.
        byte[] other = Fixtures.idxLabels(new byte[] {1, 1, 1});
        Fixtures.write(server.resolve("t10k-labels-idx1-ubyte.gz"), Fixtures.gzip(other));
        DataLocator locator = new DataLocator(List.of(), tmp.resolve("cache"), new Downloader(), null);
        DatasetException e = assertThrows(DatasetException.class, () -> locator.locate(mnist.spec()));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("cache/mnist/t10k-labels-idx1-ubyte.gz")));
        assertEquals(List.of(), partFiles(tmp.resolve("cache")));
    }

    @Test
    void fallsBackToTheNextMirror() {
        Path server = tmp.resolve("server");
        Fixtures.MiniMnist mnist = Fixtures.miniMnist(2, 2, null);
        mnist.writeTo(server, true);
        List<Download> downloads = mnist.contents().keySet().stream().map(name -> {
            byte[] gz = Fixtures.gzip(mnist.contents().get(name));
            return new Download(name + ".gz", List.of(tmp.resolve("missing/" + name + ".gz").toUri(),
                    server.resolve(name + ".gz").toUri()), gz.length, "SHA-256", Fixtures.sha256(gz),
                    Download.Packaging.GZIP);
        }).toList();
        DatasetSpec spec = new DatasetSpec("mnist", "MNIST (fixture)", List.of("mnist"), mnist.spec().files(),
                List.of(), downloads, "https://example.org/mnist", "fixture");
        LocatedDataset located = new DataLocator(List.of(), tmp.resolve("cache"), new Downloader(), null).locate(spec);
        assertEquals(2, IdxReader.read(located, Split.TEST).count());
    }

    @Test
    void unreachableServerGivesTheFullExplanation() {
        DatasetSpec spec = Fixtures.miniMnist(2, 2, "http://127.0.0.1:9/").spec();
        DataLocator locator = new DataLocator(List.of(), tmp.resolve("cache"),
                new Downloader(java.time.Duration.ofSeconds(2)), null);
        DatasetException e = assertThrows(DatasetException.class, () -> locator.locate(spec));
        assertTrue(e.getMessage().contains("could not be downloaded"), e.getMessage());
        assertTrue(e.getMessage().contains("http://127.0.0.1:9/train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("https://example.org/mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("To provide the data"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsCifarFixtureFromFilesOrArchive(boolean fromArchive) {
        Fixtures.MiniCifar cifar = Fixtures.miniCifar(4, null);
        if (fromArchive) {
            Fixtures.write(tmp.resolve("d/cifar-10-binary.tar.gz"), cifar.archive());
        } else {
            cifar.writeTo(tmp.resolve("d/cifar10"), true);
        }
        LocatedDataset located = locator(tmp.resolve("d"), null, null).locate(cifar.spec());
        assertEquals(fromArchive, located.archive());
        LabeledImages train = Cifar10Reader.read(located, Split.TRAIN);
        LabeledImages test = Cifar10Reader.read(located, Split.TEST);
        assertEquals(20, train.count());
        assertEquals(4, test.count());
        assertEquals(3072, train.featureSize());
        // Batches are concatenated in order 1..5: example 4 is the first record of data_batch_2.
        assertEquals(Fixtures.pixel(4, 2048), train.pixel(4, 2048));
        assertEquals(7, train.label(4)); // data_batch_2's labels start at 7
        assertEquals(1, test.label(0)); // test_batch's labels start at 11 % 10
        // Labels per batch: 6789, 7890, 8901, 9012, 0123.
        assertArrayEquals(new int[] {4, 3, 2, 1, 0, 0, 1, 2, 3, 4}, train.classCounts());
    }

    @Test
    void downloadsAndExtractsTheArchive() throws IOException {
        Path archive = tmp.resolve("server/cifar-10-binary.tar.gz");
        Fixtures.MiniCifar cifar = Fixtures.miniCifar(3, archive.toUri().toString());
        Fixtures.write(archive, cifar.archive());
        LocatedDataset located = new DataLocator(List.of(), tmp.resolve("cache"), new Downloader(), null)
                .locate(cifar.spec());
        assertEquals(Source.DOWNLOADED, located.source());
        assertFalse(located.archive());
        assertEquals(15, Cifar10Reader.read(located, Split.TRAIN).count());
        try (Stream<Path> files = Files.list(tmp.resolve("cache/cifar10"))) {
            assertEquals(List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                    "data_batch_5.bin", "test_batch.bin"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "archive and parts are removed");
        }
    }

    @Test
    void archiveWithoutAMemberIsRejected() {
        Fixtures.MiniCifar cifar = Fixtures.miniCifar(2, null);
        java.util.Map<String, byte[]> members = new java.util.LinkedHashMap<>();
        cifar.contents().forEach((n, b) -> {
            if (!n.equals("test_batch.bin")) {
                members.put("cifar-10-batches-bin/" + n, b);
            }
        });
        Fixtures.write(tmp.resolve("d/cifar-10-binary.tar.gz"), Fixtures.tarGz(members));
        LocatedDataset located = locator(tmp.resolve("d"), null, null).locate(cifar.spec());
        DatasetException e = assertThrows(DatasetException.class, () -> Cifar10Reader.read(located, Split.TEST));
        assertTrue(e.getMessage().contains("no member test_batch.bin"), e.getMessage());
    }

    @Test
    void notAnArchiveIsRejected() {
        Fixtures.MiniCifar cifar = Fixtures.miniCifar(2, null);
        Fixtures.write(tmp.resolve("d/cifar-10-binary.tar.gz"), Fixtures.gzip(new byte[2048 + 7]));
        LocatedDataset located = locator(tmp.resolve("d"), null, null).locate(cifar.spec());
        assertThrows(DatasetException.class, () -> Cifar10Reader.read(located, Split.TRAIN));
    }

    @Test
    void realSpecsAreWellFormed() {
        for (Dataset d : Dataset.values()) {
            DatasetSpec spec = d.spec();
            assertFalse(spec.downloads().isEmpty());
            for (Download download : spec.downloads()) {
                for (URI url : download.urls()) {
                    assertTrue(url.getScheme().startsWith("http"), url.toString());
                }
            }
        }
        assertEquals(Dataset.CIFAR10, Dataset.fromId("CIFAR-10"));
        assertThrows(IllegalArgumentException.class, () -> Dataset.fromId("imagenet"));
    }

    private static List<Path> partFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }
}
