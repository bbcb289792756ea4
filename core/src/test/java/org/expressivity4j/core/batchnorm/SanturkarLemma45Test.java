package org.expressivity4j.core.batchnorm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SanturkarLemma45Test {

    @Test
    void failsAtDannemannJunikesInitialization() {
        double[] wStar = DannemannJunikeExample.W_STAR;
        SanturkarLemma45.Evaluation e = SanturkarLemma45.evaluate(wStar, wStar, DannemannJunikeExample.PAPER_RAY);
        assertTrue(e.premise(), "<W0, W*> = |W*|^2 = 10 > 0");
        // Right side: |W0 - W*|^2 - (|W*|^2 - <W*, W0>)^2 / |W*|^2 = 0 - 0 = 0 exactly.
        assertEquals(0.0, e.rhs(), 0.0);
        // Left side: the projection of (1, 3) on the ray (5, 3) is (14/34) (5, 3) = (35/17, 21/17), at squared
        // distance 10 - 14^2/34 = 72/17.
        assertArrayEquals(new double[] {35.0 / 17, 21.0 / 17}, e.wHatStar(), 1e-15);
        assertEquals(72.0 / 17, e.lhs(), 1e-14);
        assertFalse(e.holds());
        assertTrue(e.refutes());
    }

    @Test
    void holdsWhereTheInitializationIsOnTheRay() {
        // W0 = (5, 3) is itself a batch-norm optimum: left side 0; right side |(4, 0)|^2 - (10 - 14)^2 / 10 = 14.4.
        SanturkarLemma45.Evaluation e = SanturkarLemma45.evaluate(new double[] {5, 3}, DannemannJunikeExample.W_STAR,
                DannemannJunikeExample.PAPER_RAY);
        assertEquals(0.0, e.lhs(), 1e-14);
        assertEquals(14.4, e.rhs(), 1e-13);
        assertTrue(e.holds());
        assertFalse(e.refutes());
    }

    @Test
    void anInitializationFacingAwayFromTheRayHasNoClosestOptimum() {
        SanturkarLemma45.Evaluation e = SanturkarLemma45.evaluate(new double[] {-5, -3}, DannemannJunikeExample.W_STAR,
                DannemannJunikeExample.PAPER_RAY);
        assertFalse(e.attained());
        assertFalse(e.premise());
        assertEquals(34.0, e.lhs(), 1e-13);
    }
}
