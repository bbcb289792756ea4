package org.expressivity4j.core.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.RandomNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DichotomiesTest {

    /** Measures run many small matrix products: one native thread is several times faster than two here. */
    @BeforeAll
    static void oneNativeThread() {
        NativeBackend.configure(new NativeBackend.Settings(1, true));
    }

    private static RandomNetwork hardTanh(int k, int depth, double weightVariance, long seed) {
        return RandomNetwork.builder().inputDimension(20).width(k).depth(depth).weightVariance(weightVariance)
                .activation(Activation.HARD_TANH).seed(seed).build();
    }

    /**
     * Sweeping the readout: input i's score is a_i cos t + b_i sin t = R_i cos(t - phi_i), which changes sign exactly
     * twice around the circle, at diametrically opposite angles. Over half a turn every label flips once (in some
     * order), over the other half they flip back in the same order: 2s flips and 2s distinct labellings.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 15})
    void sweepingTheReadoutFlipsEveryLabelTwice(int s) {
        RandomNetwork net = hardTanh(16, 3, 4, 1);
        Dichotomies.Result r = Dichotomies.count(Dichotomies.Sweep.fullCircle(net, 4, s, 9));
        assertEquals(0, r.sweep().remainingDepth());
        assertTrue(r.resolved());
        assertEquals(2L * s, r.transitions());
        assertEquals(2L * s, r.dichotomies());
    }

    @Test
    void deepSweepsAreConsistentAndBoundedByTwoToTheS() {
        int s = 15;
        Dichotomies.Result r = Dichotomies.count(Dichotomies.Sweep.fullCircle(hardTanh(32, 6, 8, 2), 1, s, 3));
        assertEquals(6, r.sweep().remainingDepth());
        assertTrue(r.resolved(), "bisection separates the flips");
        assertTrue(r.dichotomies() <= 1L << s);
        // Around a closed loop, each flip enters at most one labelling not seen before.
        assertTrue(r.dichotomies() <= r.transitions());
        // On a full circle every label that flips must flip back: the total is even.
        assertEquals(0, r.transitions() % 2);
        assertTrue(r.transitions() > 2L * s, "a deep hard-tanh sweep flips labels many times: " + r.transitions());
        // The same seeds give the same sweep.
        assertEquals(r, Dichotomies.count(Dichotomies.Sweep.fullCircle(hardTanh(32, 6, 8, 2), 1, s, 3)));
    }

    @Test
    void moreRemainingDepthMeansMoreDichotomies() {
        // Fig. 15: what matters is the depth above the swept layer. Sweeping layer 1 of networks of depth 1, 3, 5
        // (same seed: the deeper networks extend the shallower ones): with sigma_w^2 = 8 each hard-tanh layer
        // multiplies transitions several-fold (Theorem 4), so both counts grow strictly.
        long previousTransitions = 0;
        long previousDichotomies = 0;
        for (int depth : new int[] {1, 3, 5}) {
            Dichotomies.Result r = Dichotomies.count(Dichotomies.Sweep.fullCircle(hardTanh(32, depth, 8, 4), 1, 10, 5));
            assertTrue(r.transitions() > previousTransitions, "depth " + depth + ": " + r);
            assertTrue(r.dichotomies() > previousDichotomies, "depth " + depth + ": " + r);
            previousTransitions = r.transitions();
            previousDichotomies = r.dichotomies();
        }
    }

    @Test
    void partialArcIsOpen() {
        RandomNetwork net = hardTanh(16, 2, 4, 6);
        Dichotomies.Sweep quarter = Dichotomies.Sweep.fullCircle(net, 3, 6, 1).withArc(Math.PI / 2);
        Dichotomies.Result r = Dichotomies.count(quarter);
        // Each readout score R cos(t - phi) changes sign at most once on a quarter turn (zeros are pi apart).
        assertTrue(r.transitions() <= 6);
        assertEquals(r.transitions() + 1, r.dichotomies(), "an open arc with single flips: a new labelling per flip");
    }

    @Test
    void randomWalkBaseline() {
        // 0 steps: the start; 1 step: always new. 2 steps: back to the start with probability 1/s, so the mean is
        // 3 - 1/s; with 20000 walks its standard error is sqrt((1/s)(1 - 1/s) / 20000) = 0.0035 for s = 4: 4 SE = 0.014.
        double[] m = Dichotomies.randomWalk(4, new long[] {2, 0, 1}, 20000, 7);
        assertEquals(1.0, m[1], 0.0);
        assertEquals(2.0, m[2], 0.0);
        assertEquals(3 - 0.25, m[0], 0.014);
        // Many steps on 3 labels: all 8 labellings. A walk misses a given one after 2000 steps with probability far
        // below 1e-100 (the walk mixes in a few steps), so the mean is 8 exactly.
        assertEquals(8.0, Dichotomies.randomWalk(3, new long[] {2000}, 50, 1)[0], 0.0);
        // Never more labellings than steps + 1.
        double[] few = Dichotomies.randomWalk(15, new long[] {10, 100}, 100, 3);
        assertTrue(few[0] <= 11 && few[1] <= 101);
        assertThrows(IllegalArgumentException.class, () -> Dichotomies.randomWalk(0, new long[] {1}, 1, 1));
    }

    @Test
    void rejectsBadSweeps() {
        RandomNetwork net = hardTanh(8, 2, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> Dichotomies.Sweep.fullCircle(net, 0, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> Dichotomies.Sweep.fullCircle(net, 4, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> Dichotomies.Sweep.fullCircle(net, 1, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> Dichotomies.Sweep.fullCircle(net, 1, 5, 1).withArc(7));
    }
}
