package org.expressivity4j.datasets.mnist;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.expressivity4j.datasets.DatasetException;
import org.expressivity4j.datasets.DatasetFiles;
import org.expressivity4j.datasets.LabeledImages;
import org.expressivity4j.datasets.LocatedDataset;
import org.expressivity4j.datasets.Split;

/**
 * Reader of the IDX format in which MNIST is published: big-endian 32-bit magic number ({@code 0x00000803} for
 * images, {@code 0x00000801} for labels), the dimensions, then unsigned bytes (LeCun et al.,
 * http://yann.lecun.com/exdb/mnist/). Every header field and the data length are checked; a malformed file is a
 * {@link DatasetException} that names it.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int MAX_SIDE = 4096;

    /** Images as read: count x rows x cols unsigned bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    private IdxReader() {
    }

    /** Reads MNIST's training or test split from a located dataset, verifying both files. */
    public static LabeledImages read(LocatedDataset dataset, Split split) {
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        String imagesName = prefix + "-images-idx3-ubyte";
        String labelsName = prefix + "-labels-idx1-ubyte";
        List<Object> parts = dataset.readAll(List.of(imagesName, labelsName),
                (in, file, source) -> file.name().equals(imagesName) ? readImages(in, source) : readLabels(in, source));
        Images images = (Images) parts.get(0);
        byte[] labels = (byte[]) parts.get(1);
        if (images.count() != labels.length) {
            throw new DatasetException(dataset.location() + ": " + imagesName + " has " + images.count()
                    + " images but " + labelsName + " has " + labels.length + " labels");
        }
        return new LabeledImages(dataset.spec().id() + "-" + split.label(), 1, images.rows(), images.cols(),
                images.pixels(), labels, DatasetFiles.MNIST_CLASSES);
    }

    /**
     * Reads an IDX image file (magic {@code 0x803}).
     *
     * @param source the file's name or path, for messages
     */
    public static Images readImages(InputStream in, String source) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int magic = header(data, source, "magic number");
        if (magic != IMAGES_MAGIC) {
            throw badMagic(source, magic, IMAGES_MAGIC, "an IDX image file");
        }
        int count = header(data, source, "image count");
        int rows = header(data, source, "row count");
        int cols = header(data, source, "column count");
        if (count < 0 || rows < 1 || cols < 1 || rows > MAX_SIDE || cols > MAX_SIDE
                || (long) count * rows * cols > Integer.MAX_VALUE - 8) {
            throw new DatasetException(source + ": implausible IDX image header: " + count + " images of " + rows
                    + "x" + cols);
        }
        int length = count * rows * cols;
        byte[] pixels = data.readNBytes(length);
        if (pixels.length < length) {
            throw new DatasetException(source + ": truncated: the header announces " + count + " images of " + rows
                    + "x" + cols + " (" + length + " bytes of pixels) but the file holds only " + pixels.length);
        }
        return new Images(count, rows, cols, pixels);
    }

    /**
     * Reads an IDX label file (magic {@code 0x801}); every label must be a digit 0 to 9.
     *
     * @param source the file's name or path, for messages
     */
    public static byte[] readLabels(InputStream in, String source) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int magic = header(data, source, "magic number");
        if (magic != LABELS_MAGIC) {
            throw badMagic(source, magic, LABELS_MAGIC, "an IDX label file");
        }
        int count = header(data, source, "label count");
        if (count < 0) {
            throw new DatasetException(source + ": implausible IDX label count " + count);
        }
        byte[] labels = data.readNBytes(count);
        if (labels.length < count) {
            throw new DatasetException(source + ": truncated: the header announces " + count
                    + " labels but the file holds only " + labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xFF) > 9) {
                throw new DatasetException(source + ": label " + (labels[i] & 0xFF) + " at index " + i
                        + " is not a digit 0-9");
            }
        }
        return labels;
    }

    private static int header(DataInputStream data, String source, String field) throws IOException {
        try {
            return data.readInt();
        } catch (EOFException e) {
            throw new DatasetException(source + ": truncated: the file ends inside the IDX header (" + field + ")");
        }
    }

    private static DatasetException badMagic(String source, int found, int expected, String what) {
        return new DatasetException(String.format("%s: magic number 0x%08X, expected 0x%08X for %s; the file is not "
                + "what its name says, or is corrupt", source, found, expected, what));
    }
}
