package org.expressivity4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class AugmentationTest {

    /** A 2-channel 3 x 4 image: channel c, row y, column x holds 100 c + 10 y + x + 1. */
    private static byte[] image() {
        byte[] b = new byte[2 * 3 * 4];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    b[c * 12 + y * 4 + x] = (byte) (100 * c + 10 * y + x + 1);
                }
            }
        }
        return b;
    }

    private static int[] apply(Augmentation.Draw d) {
        int[] out = new int[24];
        Augmentation.apply(d, image(), 0, 2, 3, 4, out, 0);
        return out;
    }

    @Test
    void identityDrawCopiesTheImage() {
        int[] out = apply(new Augmentation.Draw(0, 0, false));
        byte[] in = image();
        for (int i = 0; i < in.length; i++) {
            assertEquals(in[i] & 0xFF, out[i]);
        }
    }

    @Test
    void flipMirrorsEveryRowOfEveryChannel() {
        int[] out = apply(new Augmentation.Draw(0, 0, true));
        assertArrayEquals(new int[] {4, 3, 2, 1, 14, 13, 12, 11, 24, 23, 22, 21,
                104, 103, 102, 101, 114, 113, 112, 111, 124, 123, 122, 121}, out);
    }

    @Test
    void cropShiftsAndPadsWithBlack() {
        // Output (y, x) = input (y + 1, x - 1): the top row comes from row 1, the left column is padding.
        int[] out = apply(new Augmentation.Draw(1, -1, false));
        assertArrayEquals(new int[] {0, 11, 12, 13, 0, 21, 22, 23, 0, 0, 0, 0,
                0, 111, 112, 113, 0, 121, 122, 123, 0, 0, 0, 0}, out);
    }

    @Test
    void flipAppliesAfterTheCrop() {
        // Cropped (y, x) = input (y, x + 1): rows 2 3 4 0; flipped: 0 4 3 2.
        int[] out = apply(new Augmentation.Draw(0, 1, true));
        assertArrayEquals(new int[] {0, 4, 3, 2}, java.util.Arrays.copyOf(out, 4));
    }

    @Test
    void drawsCoverEveryOffsetAndFlipAboutHalfTheTime() {
        Augmentation a = Augmentation.CIFAR10_STANDARD;
        SplittableRandom random = new SplittableRandom(7);
        Set<Integer> dys = new HashSet<>();
        Set<Integer> dxs = new HashSet<>();
        int flips = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            Augmentation.Draw d = a.draw(random);
            dys.add(d.dy());
            dxs.add(d.dx());
            flips += d.flipped() ? 1 : 0;
        }
        Set<Integer> expected = new HashSet<>();
        for (int k = -4; k <= 4; k++) {
            expected.add(k);
        }
        assertEquals(expected, dys);
        assertEquals(expected, dxs);
        // Binomial(4000, 1/2): standard deviation about 32; 5 of them.
        assertEquals(n / 2.0, flips, 160);
    }

    @Test
    void noneChangesNothingAndNegativePaddingIsRejected() {
        assertFalse(Augmentation.NONE.isActive());
        assertTrue(new Augmentation(0, true).isActive());
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(-1, false));
    }

    private static LabeledImages images(int n) {
        byte[] pixels = new byte[n * 3 * 8 * 8];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            for (int j = 0; j < 192; j++) {
                pixels[i * 192 + j] = (byte) Fixtures.pixel(i, j);
            }
        }
        return new LabeledImages("tiny", 3, 8, 8, pixels, labels, DatasetFiles.CIFAR10_CLASSES);
    }

    private static ImageDataSetIterator augmented(LabeledImages images, long seed) {
        return ImageDataSetIterator.builder(images).batchSize(5).shuffle(3).augment(Augmentation.CIFAR10_STANDARD, seed)
                .layout(ImageDataSetIterator.Layout.NCHW).build();
    }

    @Test
    void augmentedBatchesRepeatForTheSameSeedPassAndBatch() {
        LabeledImages images = images(20);
        ImageDataSetIterator a = augmented(images, 11);
        ImageDataSetIterator b = augmented(images, 11);
        INDArray a0 = a.next().getFeatures();
        INDArray a1 = a.next().getFeatures();
        assertEquals(a0, b.next().getFeatures());
        // A resumed run positions the iterator by skipping batches: the third batch must match too.
        b.next();
        INDArray a2 = a.next().getFeatures();
        assertEquals(a2, b.next().getFeatures());
        // Another seed, or the next pass, draws differently (the pixels vary, so a different draw shows).
        assertFalse(a0.equals(augmented(images, 12).next().getFeatures()), "another seed, other draws");
        assertFalse(a0.equals(a1));
        ImageDataSetIterator c = augmented(images, 11);
        c.setPass(1);
        ImageDataSetIterator plainPass1 = ImageDataSetIterator.builder(images).batchSize(5).shuffle(3)
                .layout(ImageDataSetIterator.Layout.NCHW).build();
        plainPass1.setPass(1);
        assertFalse(c.next().getFeatures().equals(plainPass1.next().getFeatures()),
                "augmentation changes the batch");
    }

    @Test
    void withoutAugmentationTheIteratorServesTheRawImages() {
        LabeledImages images = images(10);
        ImageDataSetIterator plain = ImageDataSetIterator.builder(images).batchSize(10)
                .layout(ImageDataSetIterator.Layout.FLAT).build();
        assertEquals(Augmentation.NONE, plain.augmentation());
        INDArray f = plain.next().getFeatures();
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 192; j += 17) {
                assertEquals(Fixtures.pixel(i, j) / 255.0, f.getDouble(i, j), 1e-6);
            }
        }
    }

    @Test
    void augmentedPixelsAreTheDrawnCropAndFlipOfTheExample() {
        // One example, batch 1: recompute the draw the iterator makes and compare every pixel.
        LabeledImages images = images(1);
        ImageDataSetIterator it = ImageDataSetIterator.builder(images).batchSize(1)
                .augment(Augmentation.CIFAR10_STANDARD, 5).layout(ImageDataSetIterator.Layout.FLAT).build();
        INDArray f = it.next().getFeatures();
        int[] expected = new int[192];
        boolean matched = false;
        // The draw is unknown from outside; find the one (of 9 x 9 x 2) that reproduces the batch exactly.
        for (int dy = -4; dy <= 4 && !matched; dy++) {
            for (int dx = -4; dx <= 4 && !matched; dx++) {
                for (boolean flip : new boolean[] {false, true}) {
                    Augmentation.apply(new Augmentation.Draw(dy, dx, flip), images.pixelArray(), 0, 3, 8, 8, expected,
                            0);
                    boolean all = true;
                    for (int j = 0; j < 192 && all; j++) {
                        all = Math.abs(expected[j] / 255.0 - f.getDouble(0, j)) < 1e-6;
                    }
                    matched |= all;
                }
            }
        }
        assertTrue(matched, "the batch is a crop-and-flip of the example");
    }
}
