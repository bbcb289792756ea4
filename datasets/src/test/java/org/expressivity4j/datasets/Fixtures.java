package org.expressivity4j.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Small dataset files with known contents, written by the tests themselves: IDX images and labels, CIFAR-10 binary
 * batches, gzip and tar.gz wrappers, and {@link DatasetSpec}s whose checksums match them.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** The pixel value a fixture image has at (example, position): distinct and reproducible. */
    public static int pixel(int example, int position) {
        return (example * 31 + position * 7) & 0xFF;
    }

    /** An IDX image file: magic 0x803, count, rows, cols, then {@link #pixel} values. */
    public static byte[] idxImages(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(0x803).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < rows * cols; j++) {
                b.put((byte) pixel(i, j));
            }
        }
        return b.array();
    }

    /** An IDX label file: magic 0x801, count, labels. */
    public static byte[] idxLabels(byte[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(0x801).putInt(labels.length).put(labels);
        return b.array();
    }

    /** A CIFAR-10 binary batch: per record the label then 3072 {@link #pixel} values (offset by {@code first}). */
    public static byte[] cifarBatch(byte[] labels, int first) {
        ByteBuffer b = ByteBuffer.allocate(labels.length * 3073);
        for (int r = 0; r < labels.length; r++) {
            b.put(labels[r]);
            for (int j = 0; j < 3072; j++) {
                b.put((byte) pixel(first + r, j));
            }
        }
        return b.array();
    }

    /** Labels 0, 1, ..., 9, 0, 1, ... */
    public static byte[] cyclicLabels(int count, int offset) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) ((i + offset) % 10);
        }
        return labels;
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DataFile dataFile(String name, byte[] content) {
        return new DataFile(name, content.length, sha256(content));
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A gzipped ustar archive holding the members, in order. */
    public static byte[] tarGz(Map<String, byte[]> members) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> m : members.entrySet()) {
            byte[] header = new byte[512];
            put(header, 0, m.getKey());
            put(header, 100, "0000644");
            put(header, 108, "0000000");
            put(header, 116, "0000000");
            put(header, 124, String.format("%011o", m.getValue().length));
            put(header, 136, String.format("%011o", 0));
            header[156] = '0';
            put(header, 257, "ustar");
            header[262] = 0;
            put(header, 263, "00");
            for (int i = 148; i < 156; i++) {
                header[i] = ' ';
            }
            long sum = 0;
            for (byte x : header) {
                sum += x & 0xFF;
            }
            put(header, 148, String.format("%06o", sum));
            header[154] = 0;
            header[155] = ' ';
            tar.writeBytes(header);
            tar.writeBytes(m.getValue());
            int pad = (512 - m.getValue().length % 512) % 512;
            tar.writeBytes(new byte[pad]);
        }
        tar.writeBytes(new byte[1024]);
        return gzip(tar.toByteArray());
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, header, offset, v.length);
    }

    public static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(content);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small MNIST-format dataset: its files' contents and a spec with matching checksums. */
    public record MiniMnist(Map<String, byte[]> contents, DatasetSpec spec, byte[] trainLabels, byte[] testLabels) {

        /** Writes the files, raw or gzipped, into {@code folder}. */
        public void writeTo(Path folder, boolean gzipped) {
            contents.forEach((name, bytes) -> write(folder.resolve(gzipped ? name + ".gz" : name),
                    gzipped ? gzip(bytes) : bytes));
        }
    }

    /** MNIST-shaped fixture (28x28) with {@code train} and {@code test} examples; downloads point at {@code urlBase}. */
    public static MiniMnist miniMnist(int train, int test, String urlBase) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        byte[] trainLabels = cyclicLabels(train, 5);
        byte[] testLabels = cyclicLabels(test, 7);
        contents.put("train-images-idx3-ubyte", idxImages(train, 28, 28));
        contents.put("train-labels-idx1-ubyte", idxLabels(trainLabels));
        contents.put("t10k-images-idx3-ubyte", idxImages(test, 28, 28));
        contents.put("t10k-labels-idx1-ubyte", idxLabels(testLabels));
        List<DataFile> files = new ArrayList<>();
        List<Download> downloads = new ArrayList<>();
        contents.forEach((name, bytes) -> {
            files.add(dataFile(name, bytes));
            if (urlBase != null) {
                byte[] gz = gzip(bytes);
                downloads.add(new Download(name + ".gz", List.of(java.net.URI.create(urlBase + name + ".gz")),
                        gz.length, "SHA-256", sha256(gz), Download.Packaging.GZIP));
            }
        });
        DatasetSpec spec = new DatasetSpec("mnist", "MNIST (fixture)", List.of("mnist"), files, List.of(),
                downloads, "https://example.org/mnist", "fixture");
        return new MiniMnist(contents, spec, trainLabels, testLabels);
    }

    /** A small CIFAR-10-format dataset: five training batches and a test batch of {@code perFile} records each. */
    public record MiniCifar(Map<String, byte[]> contents, DatasetSpec spec) {

        public void writeTo(Path folder, boolean gzipped) {
            contents.forEach((name, bytes) -> write(folder.resolve(gzipped ? name + ".gz" : name),
                    gzipped ? gzip(bytes) : bytes));
        }

        /** The official archive's layout: members under {@code cifar-10-batches-bin/}, plus two other files. */
        public byte[] archive() {
            Map<String, byte[]> members = new LinkedHashMap<>();
            members.put("cifar-10-batches-bin/batches.meta.txt",
                    "airplane\nautomobile\n".getBytes(StandardCharsets.US_ASCII));
            contents.forEach((name, bytes) -> members.put("cifar-10-batches-bin/" + name, bytes));
            members.put("cifar-10-batches-bin/readme.html", "<html></html>".getBytes(StandardCharsets.US_ASCII));
            return tarGz(members);
        }
    }

    public static MiniCifar miniCifar(int perFile, String archiveUrl) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        List<String> names = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin");
        for (int f = 0; f < names.size(); f++) {
            contents.put(names.get(f), cifarBatch(cyclicLabels(perFile, 6 + f), f * perFile));
        }
        List<DataFile> files = new ArrayList<>();
        contents.forEach((name, bytes) -> files.add(dataFile(name, bytes)));
        MiniCifar partial = new MiniCifar(contents, null);
        List<Download> downloads = archiveUrl == null ? List.of() : List.of(new Download("cifar-10-binary.tar.gz",
                List.of(java.net.URI.create(archiveUrl)), -1, "MD5", md5(partial.archive()),
                Download.Packaging.TAR_GZ));
        DatasetSpec spec = new DatasetSpec("cifar10", "CIFAR-10 (fixture)", List.of("cifar10"), files,
                List.of("cifar-10-binary.tar.gz"), downloads, "https://example.org/cifar", "fixture");
        return new MiniCifar(contents, spec);
    }
}
