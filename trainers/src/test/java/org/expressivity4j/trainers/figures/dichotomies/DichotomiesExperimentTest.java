package org.expressivity4j.trainers.figures.dichotomies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.measure.Dichotomies;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.figures.dichotomies.DichotomiesExperiment.Point;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DichotomiesExperimentTest {

    @BeforeAll
    static void oneNativeThread() {
        NativeBackend.configure(new NativeBackend.Settings(1, true));
    }

    /** k = 2, 8; remaining depths 1, 2, 4; layers 1, 2 swept at k = 8; s = 8; 2 networks; 200 angles to start. */
    private static DichotomiesSettings small(long maxFlips) {
        return new DichotomiesSettings(Activation.HARD_TANH, List.of(2, 8), List.of(1, 2, 4), 8.0, 16.0, 8,
                                       List.of(1, 2), 0.0, 8, 10, 2, maxFlips, 200, 1L << 20);
    }

    @Test
    void countsRespectTheirCombinatorialLimits() {
        DichotomiesExperiment.Result r = new DichotomiesExperiment().compute(3, small(1_000_000), null);
        assertEquals(2 * 3 + 2 * 3 + 2 * 3, r.points().size());
        for (Point p : r.points()) {
            for (Dichotomies.Result one : p.perNetwork()) {
                // On a closed sweep every labelling but the first is entered by a flip: at most max(1, flips); and
                // there are only 2^s labellings.
                assertTrue(one.dichotomies() <= Math.max(1, one.transitions()), one.toString());
                assertTrue(one.dichotomies() <= 1L << 8, one.toString());
                assertTrue(one.resolved(), one.toString());
            }
        }
        // Fig. 15's layer-1 series is Fig. 14's series of the same width (same seeds): the same sweeps.
        List<Point> layer1 = r.part("layer").stream().filter(p -> p.sweptLayer() == 1).toList();
        List<Point> width8 = r.part("depth").stream().filter(p -> p.config().width() == 8).toList();
        assertEquals(width8.size(), layer1.size());
        for (int i = 0; i < layer1.size(); i++) {
            assertEquals(width8.get(i).dichotomies(), layer1.get(i).dichotomies(), 0.0);
            assertEquals(width8.get(i).flips(), layer1.get(i).flips(), 0.0);
        }
        // The random-walk baseline starts at one labelling, never decreases, and stays within 2^s.
        assertEquals(0, r.walkSteps()[0]);
        assertEquals(1.0, r.walkMeans()[0], 0.0);
        for (int i = 1; i < r.walkMeans().length; i++) {
            assertTrue(r.walkMeans()[i] >= r.walkMeans()[i - 1]);
            assertTrue(r.walkMeans()[i] <= 256);
        }
        assertEquals(r.walkMeans()[0], r.walk(0), 0.0);
    }

    @Test
    void aSeriesStopsDeepeningAtTheFlipsCap() {
        DichotomiesExperiment.Result r = new DichotomiesExperiment().compute(3, small(1), null);
        // With sigma_b = 0 the network is odd in the swept weights (hard tanh is odd): W(t + pi) = -W(t) flips every
        // label, so every sweep has at least s flips and each series keeps only its first remaining depth.
        for (Point p : r.points()) {
            assertEquals(1, p.remainingDepth(), p.part() + " " + p.config().label());
        }
    }
}
