package org.expressivity4j.trainers.training;

import java.util.Objects;
import org.expressivity4j.datasets.Augmentation;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training batches of a seeded {@link ImageDataSetIterator}, served from cached activations of the frozen layers
 * below the trained ones instead of from the images: batch {@code b} of pass {@code p} holds the same examples, in
 * the same order, with the same labels, as the iterator's batch {@code b} of pass {@code p}
 * ({@link ImageDataSetIterator#passOrder}), and as features their cached activations.
 */
public final class CachedTrainingBatches implements TrainingBatches {

    private final ImageDataSetIterator order;
    private final INDArray features;
    private final long[] exampleShape;
    private final INDArray labels;
    private final int level;
    private int pass;
    private int[] passOrder;
    private int cursor;
    private int batches;

    /**
     * @param order     the iterator whose batches to reproduce (seeded, not augmented); it is not advanced
     * @param cached    the activations of its images, in the images' order (e.g. of an unshuffled iterator over the
     *                  same images)
     */
    public CachedTrainingBatches(ImageDataSetIterator order, CachedActivations cached) {
        this.order = Objects.requireNonNull(order, "order");
        Objects.requireNonNull(cached, "cached");
        if (order.augmentation() != Augmentation.NONE) {
            throw new IllegalArgumentException("augmented batches differ in every pass and cannot be cached");
        }
        if (cached.examples() != order.images().count()) {
            throw new IllegalArgumentException("the cache holds " + cached.examples() + " examples, the iterator "
                    + order.images().count());
        }
        INDArray[] f = cached.batches().stream().map(DataSet::getFeatures).toArray(INDArray[]::new);
        INDArray[] l = cached.batches().stream().map(DataSet::getLabels).toArray(INDArray[]::new);
        INDArray all = f.length == 1 ? f[0] : Nd4j.concat(0, f);
        this.exampleShape = java.util.Arrays.copyOfRange(all.shape(), 1, all.rank());
        // one row per example: rows are gathered, then given the examples' shape back
        this.features = all.rank() == 2 ? all : all.reshape('c', all.size(0), all.length() / all.size(0));
        this.labels = l.length == 1 ? l[0] : Nd4j.concat(0, l);
        this.level = cached.level();
        setPass(0);
    }

    /** The layer whose input the features are. */
    public int level() {
        return level;
    }

    @Override
    public long batchesPerPass() {
        return order.batchesPerPass();
    }

    @Override
    public int pass() {
        return pass;
    }

    @Override
    public void setPass(int p) {
        passOrder = order.passOrder(p);
        pass = p;
        cursor = 0;
        batches = 0;
    }

    @Override
    public DataSet next() {
        if (cursor >= passOrder.length || batches >= batchesPerPass()) {
            throw new java.util.NoSuchElementException("pass " + pass + " is over");
        }
        int n = Math.min(order.batch(), passOrder.length - cursor);
        int[] rows = java.util.Arrays.copyOfRange(passOrder, cursor, cursor + n);
        cursor += n;
        batches++;
        INDArray x = Nd4j.pullRows(features, 1, rows, 'c');
        if (exampleShape.length > 1) {
            long[] shape = new long[exampleShape.length + 1];
            shape[0] = n;
            System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
            x = x.reshape('c', shape);
        }
        return new DataSet(x, Nd4j.pullRows(labels, 1, rows, 'c'));
    }

    /** Bytes the cached features and labels take. */
    public long bytes() {
        return features.length() * features.dataType().width() + labels.length() * labels.dataType().width();
    }
}
