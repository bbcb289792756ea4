package org.expressivity4j.trainers.training;

import java.util.Objects;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The training minibatches a {@link TrainingLoop} draws from: passes of a fixed number of batches whose order
 * depends only on the seed and the pass, so that a resumed run can continue exactly where a killed one stopped.
 * Either the images themselves ({@link #of(ImageDataSetIterator)}) or the same batches of cached activations
 * ({@link CachedTrainingBatches}).
 */
public interface TrainingBatches {

    /** Batches in one pass (after any batch limit). */
    long batchesPerPass();

    /** The current pass, 0 for the first. */
    int pass();

    /** Starts pass {@code p} from its beginning. */
    void setPass(int p);

    /** The next batch of the current pass. */
    DataSet next();

    /** The batches of a seeded image iterator. */
    static TrainingBatches of(ImageDataSetIterator images) {
        Objects.requireNonNull(images, "images");
        return new TrainingBatches() {
            @Override
            public long batchesPerPass() {
                return images.batchesPerPass();
            }

            @Override
            public int pass() {
                return images.pass();
            }

            @Override
            public void setPass(int p) {
                images.setPass(p);
            }

            @Override
            public DataSet next() {
                return images.next();
            }
        };
    }
}
