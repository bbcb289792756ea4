package org.expressivity4j.datasets.cifar;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.expressivity4j.datasets.DataFile;
import org.expressivity4j.datasets.DatasetException;
import org.expressivity4j.datasets.DatasetFiles;
import org.expressivity4j.datasets.LabeledImages;
import org.expressivity4j.datasets.LocatedDataset;
import org.expressivity4j.datasets.Split;

/**
 * Reader of CIFAR-10's binary version (Krizhevsky 2009): files of 3073-byte records, each a label byte (0-9)
 * followed by the 1024 red, 1024 green and 1024 blue pixels of a 32x32 image, row-major. The training set is
 * {@code data_batch_1.bin} to {@code data_batch_5.bin} in that order, the test set {@code test_batch.bin}. The number
 * of records per file follows from the file's specified size (10000 for the official files).
 */
public final class Cifar10Reader {

    /** Side of a CIFAR-10 image. */
    public static final int SIDE = 32;
    /** Colour channels. */
    public static final int CHANNELS = 3;
    /** Pixel bytes per record. */
    public static final int PIXELS = CHANNELS * SIDE * SIDE;
    /** Bytes per record: the label and the pixels. */
    public static final int RECORD = 1 + PIXELS;

    /** The files of each split, in order. */
    public static final List<String> TRAIN_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final List<String> TEST_FILES = List.of("test_batch.bin");

    /** One file's records: labels and CHW pixels. */
    public record Batch(byte[] labels, byte[] pixels) {
    }

    private Cifar10Reader() {
    }

    /** Reads CIFAR-10's training or test split from a located dataset, verifying every file. */
    public static LabeledImages read(LocatedDataset dataset, Split split) {
        List<String> names = split == Split.TRAIN ? TRAIN_FILES : TEST_FILES;
        List<Batch> batches = dataset.readAll(names, Cifar10Reader::readBatch);
        int count = batches.stream().mapToInt(b -> b.labels().length).sum();
        byte[] labels = new byte[count];
        byte[] pixels = new byte[Math.multiplyExact(count, PIXELS)];
        int offset = 0;
        for (Batch batch : batches) {
            System.arraycopy(batch.labels(), 0, labels, offset, batch.labels().length);
            System.arraycopy(batch.pixels(), 0, pixels, offset * PIXELS, batch.pixels().length);
            offset += batch.labels().length;
        }
        return new LabeledImages(dataset.spec().id() + "-" + split.label(), CHANNELS, SIDE, SIDE, pixels, labels,
                DatasetFiles.CIFAR10_CLASSES);
    }

    /**
     * Reads one batch file: as many records as {@code file.size() / 3073}; fewer bytes, a size that is not a whole
     * number of records, or a label outside 0-9 is an error naming the file.
     */
    public static Batch readBatch(InputStream in, DataFile file, String source) throws IOException {
        if (file.size() % RECORD != 0) {
            throw new IllegalArgumentException(file.name() + ": size " + file.size() + " is not a multiple of "
                    + RECORD);
        }
        int records = (int) (file.size() / RECORD);
        byte[] raw = in.readNBytes(records * RECORD);
        if (raw.length < records * RECORD) {
            throw new DatasetException(source + ": truncated: expected " + records + " records of " + RECORD
                    + " bytes (" + (long) records * RECORD + " bytes), the file holds " + raw.length + " ("
                    + raw.length / RECORD + " whole records)");
        }
        byte[] labels = new byte[records];
        byte[] pixels = new byte[records * PIXELS];
        for (int r = 0; r < records; r++) {
            int label = raw[r * RECORD] & 0xFF;
            if (label > 9) {
                throw new DatasetException(source + ": record " + r + " has label " + label
                        + ", expected 0-9; the file is not a CIFAR-10 binary batch, or is corrupt");
            }
            labels[r] = (byte) label;
            System.arraycopy(raw, r * RECORD + 1, pixels, r * PIXELS, PIXELS);
        }
        return new Batch(labels, pixels);
    }
}
