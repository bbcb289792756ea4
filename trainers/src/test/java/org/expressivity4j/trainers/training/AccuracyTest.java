package org.expressivity4j.trainers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The correct-prediction count made in Java agrees with ND4J's argMax comparison, ties and NaN included. */
class AccuracyTest {

    static long byNd4j(INDArray out, INDArray labels) {
        return Nd4j.argMax(out, 1).eq(Nd4j.argMax(labels, 1)).castTo(DataType.INT64).sumNumber().longValue();
    }

    @Test
    void countsWhatNd4jsArgMaxCounts() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 30; trial++) {
            int rows = 1 + random.nextInt(40);
            int classes = 2 + random.nextInt(9);
            float[] o = new float[rows * classes];
            float[] l = new float[rows * classes];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < classes; j++) {
                    // few distinct values: many ties
                    o[r * classes + j] = random.nextInt(4) / 4f;
                }
                l[r * classes + random.nextInt(classes)] = 1f;
                if (trial % 3 == 0 && random.nextInt(5) == 0) {
                    o[r * classes + random.nextInt(classes)] = Float.NaN;
                }
            }
            INDArray out = Nd4j.create(o, new long[] {rows, classes}, 'c');
            INDArray labels = Nd4j.create(l, new long[] {rows, classes}, 'c');
            assertEquals(byNd4j(out, labels), Accuracy.correct(out, labels), "trial " + trial);
            // an 'f'-ordered copy and a view give the same count
            assertEquals(byNd4j(out, labels), Accuracy.correct(out.dup('f'), labels), "trial " + trial);
            INDArray wide = Nd4j.concat(1, out, out);
            assertEquals(byNd4j(out, labels), Accuracy.correct(wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, classes)), labels), "trial " + trial);
        }
        assertThrows(IllegalArgumentException.class, () -> Accuracy.correct(Nd4j.zeros(3, 4), Nd4j.zeros(3, 5)));
    }
}
