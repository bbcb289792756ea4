package org.expressivity4j.trainers.figures.bninit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BnInitCounterexampleExperimentTest {

    private static final BnInitCounterexampleSettings SETTINGS =
            BnInitCounterexampleSettings.quick();

    @Test
    void reproducesThePapersNumbers() {
        BnInitCounterexampleExperiment.Result r = new BnInitCounterexampleExperiment().compute(42, SETTINGS);
        assertArrayEquals(new double[] {1, 3}, r.closedForm().wStar(), 1e-12);
        // Paper: (-0.34, 0.11), two decimals.
        assertArrayEquals(new double[] {-0.34, 0.11}, r.closedForm().gradientAtWStar(), 0.005);
        // Central differences with h = 1e-6 on a cost of ~174: rounding 1e-16 x 174 / 1e-6 ~ 2e-8.
        assertArrayEquals(r.closedForm().gradientAtWStar(), r.closedForm().finiteDifference(), 1e-7);
        assertEquals(4, r.descents().size());
        for (BnInitCounterexampleExperiment.Descent d : r.descents()) {
            assertTrue(d.minimization().converged());
            // |g| |w| <= 1e-10 pins the angle to ~1e-11 rad (see GradientDescentTest).
            assertEquals(0.6, d.ratio(), 1e-9);
            assertEquals(BnInitCounterexampleExperiment.RAY_ANGLE_DEGREES, d.angleDegrees(), 1e-7);
            assertEquals(201 - 2 * Math.sqrt(194), d.minimization().cost(), 1e-10);
        }
        assertFalse(r.lemma().get(0).evaluation().holds());
        assertEquals(72.0 / 17, r.lemma().get(0).evaluation().lhs(), 1e-13);
        // DL4J against the closed form with the same epsilon: rounding (see Dl4jBatchNormNeuronTest).
        assertTrue(r.dl4jWithEpsilon().maxGradientDifference() < 1e-12);
        assertTrue(r.dl4jWithoutEpsilon().maxGradientDifference() < 1e-12);
        // Without epsilon the cost is the same at every scale t; with it, C^(1e-4 W*) differs by more than 1.
        for (BnInitCounterexampleExperiment.ScaleRow s : r.scales()) {
            assertEquals(r.scales().get(0).costNoEpsilon(), s.costNoEpsilon(), 1e-10);
            assertEquals(s.costEpsilon(), s.dl4jSummedLoss(), 1e-9);
        }
        assertTrue(r.scales().get(r.scales().size() - 1).costEpsilon() - r.closedForm().costAtWStar() > 1);
    }

    @Test
    void sameSeedSameStarts() {
        BnInitCounterexampleExperiment e = new BnInitCounterexampleExperiment();
        BnInitCounterexampleExperiment.Result a = e.compute(7, SETTINGS.withStarts(2));
        BnInitCounterexampleExperiment.Result b = e.compute(7, SETTINGS.withStarts(2));
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(a.descents().get(i).minimization().end(), b.descents().get(i).minimization().end(), 0.0);
        }
        assertEquals(a.lemmaScan(), b.lemmaScan());
    }
}
