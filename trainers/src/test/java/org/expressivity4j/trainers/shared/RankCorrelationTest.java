package org.expressivity4j.trainers.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankCorrelationTest {

    @Test
    void monotoneRelationsGiveOneOrMinusOne() {
        double[] depth = {2, 3, 4, 5};
        assertEquals(-1, RankCorrelation.spearman(depth, new double[] {0.9, 0.8, 0.75, 0.1}), 1e-15);
        assertEquals(1, RankCorrelation.spearman(depth, new double[] {1, 10, 100, 1000}), 1e-15);
    }

    @Test
    void exactValuesWithoutAndWithTies() {
        // No ties: 1 - 6 sum d^2 / (n (n^2 - 1)) with d = (-1, 1, -1, 1, 0): 1 - 24 / 120 = 0.8.
        assertEquals(0.8, RankCorrelation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5}),
                1e-15);
        // Ties share their mean rank: y ranks (1, 2.5, 2.5, 4); Pearson with (1, 2, 3, 4) is 4.5 / sqrt(5 * 4.5).
        assertEquals(3 / Math.sqrt(10), RankCorrelation.spearman(new double[] {1, 2, 3, 4},
                new double[] {0.1, 0.5, 0.5, 0.9}), 1e-15);
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, RankCorrelation.ranks(new double[] {0.1, 0.5, 0.5, 0.9}));
    }

    @Test
    void degenerateInputs() {
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1}, new double[] {2})));
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1, 2}, new double[] {3, 3})));
        assertThrows(IllegalArgumentException.class,
                () -> RankCorrelation.spearman(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> RankCorrelation.spearman(new double[] {1, Double.NaN}, new double[] {1, 2}));
    }
}
