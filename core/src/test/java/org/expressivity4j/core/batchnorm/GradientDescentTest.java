package org.expressivity4j.core.batchnorm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradientDescentTest {

    private static final GradientDescent DESCENT = new GradientDescent(100_000, 1e-10);

    @Test
    void fromRandomStartsTheBatchNormCostEndsOnTheRayThreeW1EqualsFiveW2() {
        BatchNormNeuron neuron = DannemannJunikeExample.neuron();
        double minimum = 201 - 2 * Math.sqrt(194);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 8; i++) {
            double[] start = {random.nextGaussian() * 3, random.nextGaussian() * 3};
            GradientDescent.Minimization m = DESCENT.minimize(neuron, start);
            assertTrue(m.converged(), "start " + start[0] + ", " + start[1]);
            assertTrue(m.end()[0] > 0, "on the half w1 > 0");
            // Stopped at |g| |w| <= 1e-10, i.e. |dC/dtheta| <= 1e-10; C'' along the circle is O(10), so the angle
            // is within ~1e-11 rad of atan(3/5): the ratio w2 / w1 within 1e-9 of 3/5.
            assertEquals(0.6, m.end()[1] / m.end()[0], 1e-9);
            assertEquals(Math.toDegrees(Math.atan2(3, 5)), m.angleDegrees(), 1e-7);
            // Quadratic near the minimum: cost error ~ C'' dtheta^2 ~ 1e-21, i.e. rounding.
            assertEquals(minimum, m.cost(), 1e-10);
        }
    }

    @Test
    void thePlainCostEndsAtTheLeastSquaresOptimum() {
        BatchNormNeuron neuron = DannemannJunikeExample.neuron();
        GradientDescent.Minimization m = DESCENT.minimize(neuron.plain(), new double[] {-4, 7});
        assertTrue(m.converged());
        // |g| <= 1e-10 and the Hessian 2 X^T X has smallest eigenvalue ~0.15: |w - W*| <= 1e-9.
        assertArrayEquals(DannemannJunikeExample.W_STAR, m.end(), 1e-8);
    }

    @Test
    void sameStartSameResult() {
        BatchNormNeuron neuron = DannemannJunikeExample.neuron();
        GradientDescent.Minimization a = DESCENT.minimize(neuron, new double[] {-1, 0.2});
        GradientDescent.Minimization b = DESCENT.minimize(neuron, new double[] {-1, 0.2});
        assertArrayEquals(a.end(), b.end(), 0.0);
        assertEquals(a.iterations(), b.iterations());
        assertEquals(a.iterations() + 1, a.path().size());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new GradientDescent(0, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new GradientDescent(10, 0));
        assertThrows(IllegalArgumentException.class,
                () -> DESCENT.minimize(DannemannJunikeExample.neuron(), new double[] {1}));
    }
}
