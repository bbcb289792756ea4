package org.expressivity4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SubsetsTest {

    /** 1000 examples with a skewed class distribution: label = i % 10 for i < 500, else 0. */
    private static LabeledImages skewed() {
        byte[] labels = new byte[1000];
        for (int i = 0; i < 1000; i++) {
            labels[i] = (byte) (i < 500 ? i % 10 : 0);
        }
        return new LabeledImages("skewed", 1, 1, 1, new byte[1000], labels, DatasetFiles.MNIST_CLASSES);
    }

    @Test
    void balancedTakesEqualCountsPerClass() {
        LabeledImages images = skewed();
        int[] chosen = Subsets.balanced(images, 103, 1);
        assertEquals(103, chosen.length);
        assertEquals(103, Arrays.stream(chosen).distinct().count());
        int[] counts = images.select(chosen, "s").classCounts();
        assertArrayEquals(new int[] {11, 11, 11, 10, 10, 10, 10, 10, 10, 10}, counts);
        assertArrayEquals(chosen, Subsets.balanced(images, 103, 1));
        assertFalse(Arrays.equals(chosen, Subsets.balanced(images, 103, 2)));
    }

    @Test
    void balancedFailsWhenAClassIsTooSmall() {
        assertThrows(IllegalArgumentException.class, () -> Subsets.balanced(skewed(), 600, 1));
    }

    @Test
    void randomIsSeededSortedAndDistinct() {
        int[] a = Subsets.random(skewed(), 50, 9);
        assertArrayEquals(a, Subsets.random(skewed(), 50, 9));
        assertEquals(50, Arrays.stream(a).distinct().count());
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, a);
        assertArrayEquals(new int[] {0, 1, 2}, Subsets.first(skewed(), 3));
        assertThrows(IllegalArgumentException.class, () -> Subsets.first(skewed(), 0));
    }
}
