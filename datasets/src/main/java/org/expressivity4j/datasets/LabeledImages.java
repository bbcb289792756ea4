package org.expressivity4j.datasets;

import java.util.List;
import java.util.Objects;

/**
 * A set of labelled images held in memory as their original 8-bit pixels (about 1 byte per pixel: 47 MB for
 * MNIST's training set, 154 MB for CIFAR-10's), converted to floats only batch by batch.
 *
 * <p>Example {@code i} occupies {@code pixels[i * featureSize() ... (i + 1) * featureSize())} in channel, row,
 * column order (CHW), which is CIFAR-10's own record layout and, with one channel, MNIST's.
 */
public final class LabeledImages {

    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final byte[] labels;
    private final List<String> classes;

    /**
     * @param name     e.g. {@code mnist-train}
     * @param pixels   unsigned 8-bit pixels, CHW per example, examples one after the other
     * @param labels   one class index per example
     * @param classes  class names, index = label
     */
    public LabeledImages(String name, int channels, int height, int width, byte[] pixels, byte[] labels,
                         List<String> classes) {
        this.name = Objects.requireNonNull(name, "name");
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("bad image shape " + channels + "x" + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.classes = List.copyOf(classes);
        if ((long) labels.length * featureSize() != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixels do not make " + labels.length
                    + " images of " + featureSize());
        }
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= this.classes.size()) {
                throw new IllegalArgumentException(name + ": label " + label + " of example " + i
                        + " is not below the " + this.classes.size() + " classes");
            }
        }
    }

    public String name() {
        return name;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Number of examples. */
    public int count() {
        return labels.length;
    }

    /** Pixels per example: channels x height x width. */
    public int featureSize() {
        return channels * height * width;
    }

    public int numClasses() {
        return classes.size();
    }

    public List<String> classes() {
        return classes;
    }

    /** The class index of example {@code i}. */
    public int label(int i) {
        return labels[i] & 0xFF;
    }

    /** Pixel {@code j} (CHW order) of example {@code i}, 0 to 255. */
    public int pixel(int i, int j) {
        return pixels[i * featureSize() + j] & 0xFF;
    }

    /** The raw pixel array (shared, not copied): read it, do not change it. */
    byte[] pixelArray() {
        return pixels;
    }

    /** Number of examples per class. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (byte label : labels) {
            counts[label & 0xFF]++;
        }
        return counts;
    }

    /** A copy holding the given examples, in the given order. */
    public LabeledImages select(int[] indices, String newName) {
        int size = featureSize();
        byte[] p = new byte[indices.length * size];
        byte[] l = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= count()) {
                throw new IndexOutOfBoundsException("example " + i + " of " + count());
            }
            System.arraycopy(pixels, i * size, p, k * size, size);
            l[k] = labels[i];
        }
        return new LabeledImages(newName, channels, height, width, p, l, classes);
    }

    @Override
    public String toString() {
        return name + ": " + count() + " images " + channels + "x" + height + "x" + width + ", " + numClasses()
                + " classes";
    }
}
