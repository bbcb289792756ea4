package org.expressivity4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class ImageDataSetIteratorTest {

    /** 23 CIFAR-shaped images whose pixel j of example i is Fixtures.pixel(i, j), labels i % 10. */
    private static LabeledImages cifarLike(int n) {
        byte[] pixels = new byte[n * 3072];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            for (int j = 0; j < 3072; j++) {
                pixels[i * 3072 + j] = (byte) Fixtures.pixel(i, j);
            }
        }
        return new LabeledImages("fixture", 3, 32, 32, pixels, labels, DatasetFiles.CIFAR10_CLASSES);
    }

    @ParameterizedTest
    @EnumSource(ImageDataSetIterator.Layout.class)
    void shapesScalingAndOneHotLabels(ImageDataSetIterator.Layout layout) {
        ImageDataSetIterator it = ImageDataSetIterator.builder(cifarLike(23)).batchSize(10).layout(layout).build();
        List<DataSet> batches = new ArrayList<>();
        while (it.hasNext()) {
            batches.add(it.next());
        }
        assertEquals(3, batches.size());
        assertEquals(3, it.batchesPerPass());
        long[] expected = layout == ImageDataSetIterator.Layout.FLAT ? new long[] {10, 3072} : new long[] {10, 3, 32, 32};
        assertArrayEquals(expected, batches.get(0).getFeatures().shape());
        assertEquals(3, batches.get(2).getFeatures().size(0), "last batch holds the remaining 3");
        INDArray f = batches.get(1).getFeatures().reshape(10, 3072);
        // Example 12, green channel (plane 1), row 3, column 4: CHW index 1024 + 3 * 32 + 4.
        int j = 1024 + 3 * 32 + 4;
        assertEquals(Fixtures.pixel(12, j) / 255.0, f.getDouble(2, j), 1e-6);
        INDArray labels = batches.get(1).getLabels();
        assertArrayEquals(new long[] {10, 10}, labels.shape());
        for (int r = 0; r < 10; r++) {
            assertEquals(1.0, labels.getRow(r).sumNumber().doubleValue(), 0.0);
            assertEquals(1.0, labels.getDouble(r, (10 + r) % 10), 0.0);
        }
    }

    @Test
    void seededShuffleIsReproducibleAndVisitsEveryExampleOncePerPass() {
        LabeledImages images = cifarLike(23);
        int[] pass0 = order(ImageDataSetIterator.builder(images).batchSize(4).shuffle(7).build(), 0);
        int[] pass0again = order(ImageDataSetIterator.builder(images).batchSize(4).shuffle(7).build(), 0);
        int[] pass1 = order(ImageDataSetIterator.builder(images).batchSize(4).shuffle(7).build(), 1);
        int[] otherSeed = order(ImageDataSetIterator.builder(images).batchSize(4).shuffle(8).build(), 0);
        assertArrayEquals(pass0, pass0again);
        assertFalse(Arrays.equals(pass0, pass1), "a new order each pass");
        assertFalse(Arrays.equals(pass0, otherSeed));
        int[] sorted = pass0.clone();
        Arrays.sort(sorted);
        int[] all = new int[23];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, sorted);
        assertNotEquals(Arrays.toString(all), Arrays.toString(pass0), "shuffled");
    }

    @Test
    void passOrderIsTheOrderEachPassVisits() {
        LabeledImages images = cifarLike(23);
        ImageDataSetIterator shuffled = ImageDataSetIterator.builder(images).batchSize(4).shuffle(7).build();
        for (int pass : new int[] {0, 1, 5}) {
            int[] said = shuffled.passOrder(pass);
            assertArrayEquals(order(ImageDataSetIterator.builder(images).batchSize(4).shuffle(7).build(), pass), said,
                    "pass " + pass);
            assertArrayEquals(said, shuffled.passOrder(pass), "the same again: asking does not advance anything");
        }
        int[] identity = new int[23];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, ImageDataSetIterator.builder(images).build().passOrder(3), "unshuffled");
        assertThrows(IllegalArgumentException.class, () -> shuffled.passOrder(-1));
    }

    @Test
    void resetBeginsTheNextPassAndSetPassResumesIt() {
        LabeledImages images = cifarLike(23);
        ImageDataSetIterator it = ImageDataSetIterator.builder(images).batchSize(5).shuffle(3).build();
        it.reset(); // nothing taken yet: still pass 0
        assertEquals(0, it.pass());
        it.next();
        it.reset();
        assertEquals(1, it.pass());
        int[] viaReset = drain(it);
        ImageDataSetIterator resumed = ImageDataSetIterator.builder(images).batchSize(5).shuffle(3).build();
        resumed.setPass(1);
        assertArrayEquals(viaReset, drain(resumed));
    }

    @Test
    void batchLimitCapsEachPass() {
        ImageDataSetIterator it = ImageDataSetIterator.builder(cifarLike(23)).batchSize(4).batchLimit(2).build();
        assertEquals(2, drainBatches(it));
        it.reset();
        assertEquals(2, drainBatches(it));
        assertThrows(java.util.NoSuchElementException.class, it::next);
    }

    @Test
    void standardizationGivesZeroMeanUnitVariancePerChannel() {
        LabeledImages images = cifarLike(23);
        ChannelStats stats = ChannelStats.of(images);
        ImageDataSetIterator it = ImageDataSetIterator.builder(images).batchSize(23).standardize(stats)
                .layout(ImageDataSetIterator.Layout.NCHW).build();
        INDArray f = it.next().getFeatures();
        for (int c = 0; c < 3; c++) {
            INDArray channel = f.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(c)).dup();
            // float32 sums over 23 * 1024 values: agreement to ~1e-4 is what single precision allows.
            assertEquals(0.0, channel.meanNumber().doubleValue(), 1e-4);
            assertEquals(1.0, channel.stdNumber().doubleValue(), 1e-3);
        }
    }

    private static int[] order(ImageDataSetIterator it, int pass) {
        it.setPass(pass);
        return drain(it);
    }

    /** Recovers the example order from the first pixel, which is unique per example here (pixel(i,0) = 31 i). */
    private static int[] drain(ImageDataSetIterator it) {
        List<Integer> order = new ArrayList<>();
        while (it.hasNext()) {
            INDArray f = it.next().getFeatures();
            for (int r = 0; r < f.size(0); r++) {
                int p0 = (int) Math.round(f.getDouble(r, 0) * 255);
                for (int i = 0; i < 256; i++) {
                    if (Fixtures.pixel(i, 0) == p0) {
                        order.add(i);
                        break;
                    }
                }
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int drainBatches(ImageDataSetIterator it) {
        int n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        return n;
    }

    @Test
    void rejectsMismatchedStandardization() {
        LabeledImages images = cifarLike(3);
        ChannelStats oneChannel = new ChannelStats(new double[] {0.5}, new double[] {0.2});
        assertThrows(IllegalArgumentException.class,
                () -> ImageDataSetIterator.builder(images).standardize(oneChannel).build());
        assertTrue(ImageDataSetIterator.builder(images).build().getLabels().contains("truck"));
    }
}
