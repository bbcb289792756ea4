package org.expressivity4j.datasets;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J {@link DataSetIterator} over {@link LabeledImages} held in memory: minibatches of pixels scaled to [0, 1]
 * (optionally standardized per channel) with one-hot labels, flattened ({@code [batch, C*H*W]}: 784 for MNIST, 3072
 * for CIFAR-10) or as images ({@code [batch, C, H, W]}).
 *
 * <p>Shuffling is seeded: pass {@code p} (the first pass is 0; a {@link #reset()} after a pass has started begins
 * the next) visits the examples in a permutation that depends only on the seed and {@code p}, so the same seed gives
 * the same batches, and {@link #setPass(int)} lets a resumed run continue with the order an uninterrupted run would
 * have had. The last batch of a pass may be smaller.
 *
 * <p>An {@link Augmentation} (random crop and horizontal flip, for training sets) can be applied to the raw pixels
 * before standardization; its draws are seeded per (seed, pass, batch), so they too repeat exactly.
 */
public final class ImageDataSetIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    /** The shape of the features. */
    public enum Layout {
        /** {@code [batch, C*H*W]}, CHW order within a row. */
        FLAT,
        /** {@code [batch, C, H, W]}. */
        NCHW
    }

    private final LabeledImages images;
    private final int batchSize;
    private final Long seed;
    private final Layout layout;
    private final ChannelStats stats;
    private final int batchLimit;
    private final DataType dataType;
    private final Augmentation augmentation;
    private final long augmentationSeed;

    private int pass;
    private boolean passStarted;
    private int[] order;
    private int cursor;
    private int batchesThisPass;
    private transient DataSetPreProcessor preProcessor;

    private ImageDataSetIterator(Builder b) {
        this.images = b.images;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.layout = b.layout;
        this.stats = b.stats;
        this.batchLimit = b.batchLimit;
        this.dataType = b.dataType;
        this.augmentation = b.augmentation;
        this.augmentationSeed = b.augmentationSeed;
        if (stats != null && stats.channels() != images.channels()) {
            throw new IllegalArgumentException("standardization has " + stats.channels() + " channels, "
                    + images.name() + " has " + images.channels());
        }
        startPass(0);
    }

    /** A builder over these images: batch 128, no shuffling, flattened, scaled to [0, 1], float32. */
    public static Builder builder(LabeledImages images) {
        return new Builder(images);
    }

    /** The images this iterator serves. */
    public LabeledImages images() {
        return images;
    }

    /** The augmentation applied to every batch ({@link Augmentation#NONE} unless set). */
    public Augmentation augmentation() {
        return augmentation;
    }

    /** The current pass (epoch) index, 0 for the first. */
    public int pass() {
        return pass;
    }

    /** Starts pass {@code p} from its beginning (for resuming: the order is that of an uninterrupted run). */
    public void setPass(int p) {
        if (p < 0) {
            throw new IllegalArgumentException("pass must be >= 0: " + p);
        }
        startPass(p);
    }

    /** Number of batches in one pass (after the batch limit). */
    public int batchesPerPass() {
        int full = (images.count() + batchSize - 1) / batchSize;
        return batchLimit > 0 ? Math.min(full, batchLimit) : full;
    }

    private void startPass(int p) {
        pass = p;
        passStarted = false;
        cursor = 0;
        batchesThisPass = 0;
        order = seed == null ? null : passOrder(p);
    }

    /**
     * The examples pass {@code p} visits, in their order: indices into {@link #images()}, the identity without
     * shuffling. Batch {@code b} of the pass holds elements {@code b * batch()} to {@code (b + 1) * batch() - 1}
     * (fewer in the last batch; the batch limit cuts the pass short). Lets a cache of per-example values (e.g. the
     * activations of frozen layers) be served in exactly this iterator's batches.
     */
    public int[] passOrder(int p) {
        if (p < 0) {
            throw new IllegalArgumentException("pass must be >= 0: " + p);
        }
        if (seed == null) {
            return java.util.stream.IntStream.range(0, images.count()).toArray();
        }
        // Each pass's order depends only on (seed, pass), not on how earlier passes were used.
        return Subsets.permutation(images.count(), new SplittableRandom(mix(seed, p)));
    }

    /** Separates the augmentation's random stream from the shuffle's. */
    private static final long AUGMENTATION_SALT = 0x6A09E667F3BCC909L;

    private static long mix(long seed, int pass) {
        long z = seed + 0x9E3779B97F4A7C15L * (pass + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean hasNext() {
        return cursor < images.count() && (batchLimit <= 0 || batchesThisPass < batchLimit);
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("pass " + pass + " of " + images.name() + " is over; call reset()");
        }
        passStarted = true;
        int n = Math.min(num, images.count() - cursor);
        int size = images.featureSize();
        int plane = images.height() * images.width();
        int classes = images.numClasses();
        float[] features = new float[n * size];
        float[] labels = new float[n * classes];
        byte[] pixels = images.pixelArray();
        // value = (pixel / 255 - mean_c) / std_c = pixel * scale_c - shift_c
        float[] scale = new float[images.channels()];
        float[] shift = new float[images.channels()];
        for (int c = 0; c < scale.length; c++) {
            double std = stats == null ? 1.0 : stats.std()[c];
            scale[c] = (float) (1.0 / (255.0 * std));
            shift[c] = stats == null ? 0f : (float) (stats.mean()[c] / std);
        }
        SplittableRandom random = augmentation.isActive()
                ? new SplittableRandom(mix(mix(augmentationSeed, pass) ^ AUGMENTATION_SALT, batchesThisPass))
                : null;
        int[] augmented = random != null ? new int[size] : null;
        for (int k = 0; k < n; k++) {
            int example = order == null ? cursor + k : order[cursor + k];
            int src = example * size;
            int dst = k * size;
            if (random != null) {
                Augmentation.apply(augmentation.draw(random), pixels, src, images.channels(), images.height(),
                        images.width(), augmented, 0);
            }
            for (int c = 0; c < scale.length; c++) {
                float sc = scale[c];
                float sh = shift[c];
                for (int j = c * plane, end = j + plane; j < end; j++) {
                    int raw = augmented != null ? augmented[j] : pixels[src + j] & 0xFF;
                    features[dst + j] = raw * sc - sh;
                }
            }
            labels[k * classes + images.label(example)] = 1f;
        }
        cursor += n;
        batchesThisPass++;
        long[] shape = layout == Layout.FLAT
                ? new long[] {n, size}
                : new long[] {n, images.channels(), images.height(), images.width()};
        INDArray f = Nd4j.create(features, shape, 'c');
        INDArray l = Nd4j.create(labels, new long[] {n, classes}, 'c');
        if (dataType != DataType.FLOAT) {
            f = f.castTo(dataType);
            l = l.castTo(dataType);
        }
        DataSet ds = new DataSet(f, l);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public int inputColumns() {
        return images.featureSize();
    }

    @Override
    public int totalOutcomes() {
        return images.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** In memory already: DL4J's prefetching thread would only compete for the cores. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Begins the next pass, or restarts the current one if no batch of it has been taken yet. */
    @Override
    public void reset() {
        startPass(passStarted ? pass + 1 : pass);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return images.classes();
    }

    /** Configures an {@link ImageDataSetIterator}. */
    public static final class Builder {
        private final LabeledImages images;
        private int batchSize = 128;
        private Long seed;
        private Layout layout = Layout.FLAT;
        private ChannelStats stats;
        private int batchLimit;
        private DataType dataType = DataType.FLOAT;
        private Augmentation augmentation = Augmentation.NONE;
        private long augmentationSeed;

        private Builder(LabeledImages images) {
            this.images = Objects.requireNonNull(images, "images");
        }

        /** Examples per batch (default 128). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Visit the examples in a new seeded random order each pass (default: the data's order). */
        public Builder shuffle(long seed) {
            this.seed = seed;
            return this;
        }

        /** Flattened (default) or NCHW images. */
        public Builder layout(Layout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /** Standardize each channel with these statistics (compute them on the training set). */
        public Builder standardize(ChannelStats stats) {
            this.stats = Objects.requireNonNull(stats, "stats");
            return this;
        }

        /** At most this many batches per pass (0, the default, for no limit): for smoke runs. */
        public Builder batchLimit(int batchLimit) {
            if (batchLimit < 0) {
                throw new IllegalArgumentException("batch limit must be >= 0: " + batchLimit);
            }
            this.batchLimit = batchLimit;
            return this;
        }

        /** Data type of features and labels (default float32). */
        public Builder dataType(DataType dataType) {
            this.dataType = Objects.requireNonNull(dataType, "dataType");
            return this;
        }

        /**
         * Augment every batch (default {@link Augmentation#NONE}): for training sets only. The draws of batch
         * {@code b} of pass {@code p} depend only on ({@code seed}, p, b), so runs and resumed runs repeat them.
         */
        public Builder augment(Augmentation augmentation, long seed) {
            this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
            this.augmentationSeed = seed;
            return this;
        }

        public ImageDataSetIterator build() {
            return new ImageDataSetIterator(this);
        }
    }
}
