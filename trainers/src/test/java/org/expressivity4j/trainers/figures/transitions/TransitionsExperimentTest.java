package org.expressivity4j.trainers.figures.transitions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.measure.MeasureOptions;
import org.expressivity4j.core.measure.TrajectoryMeasures;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.trainers.figures.transitions.TransitionsExperiment.Series;
import org.expressivity4j.trainers.shared.Endpoints;
import org.expressivity4j.trainers.shared.NetConfig;
import org.expressivity4j.trainers.shared.SeedStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransitionsExperimentTest {

    private static final long SEED = 5;

    @BeforeAll
    static void oneNativeThread() {
        NativeBackend.configure(new NativeBackend.Settings(1, true));
    }

    @Test
    void aLinearNetworkHasNoTransitions() {
        TransitionsSettings s = new TransitionsSettings(Activation.LINEAR, List.of(8, 16), List.of(4.0), 0.0, 4, 2,
                                                        1000, List.of(2, 4), 40);
        TransitionsExperiment.Result r = new TransitionsExperiment().compute(SEED, s, Endpoints.random(10), null);
        for (Series ser : r.series()) {
            assertEquals(4, ser.depthReached(), "no transitions: nothing stops the depth search");
            for (double t : ser.meanTransitions()) {
                assertEquals(0.0, t);
            }
        }
    }

    @Test
    void hardTanhTransitionsAreProportionalToLength() {
        // Theorem 4: in the saturated regime (large sigma_w) transitions and length grow by the same factor per
        // layer, so log T_d against log l_d has slope 1. At sigma_w^2 = 64, k = 32 the units are mostly saturated;
        // 10% covers what 3 networks over 6 layers leave of the sampling noise.
        TransitionsSettings s = new TransitionsSettings(Activation.HARD_TANH, List.of(32), List.of(64.0), 0.0, 6, 3,
                                                        1_000_000, List.of(2, 6), 60);
        Series ser = new TransitionsExperiment().compute(SEED, s, Endpoints.random(32), null).series(32, 64.0);
        assertEquals(6, ser.depthReached());
        assertEquals(1.0, ser.lengthSlope(), 0.1);
        assertTrue(ser.depthGrowth() > 1.5, "exponential growth with depth: x" + ser.depthGrowth());
        assertTrue(ser.depthR2() > 0.95, "log T linear in depth: R^2 " + ser.depthR2());
        // Theorem 4's factor (k P(one saturated flip flips a unit), 3.6 here) is the rate once every unit is
        // saturated; units in their linear range flip less often, so the measured rate stays below it.
        assertTrue(ser.depthGrowth() < ser.theorem4Factor(), ser.depthGrowth() + " vs " + ser.theorem4Factor());
    }

    @Test
    void theDepthSearchStopsAtTheCapAndKeepsTheShallowLayers() {
        NetConfig c = new NetConfig(Activation.HARD_TANH, 16, 16.0, 0.0);
        Endpoints ends = Endpoints.random(16);
        long netSeed = SeededGaussians.derive(SEED, SeedStreams.NETWORK, 0);
        Curve curve = ends.quarterCircle(SeededGaussians.derive(SEED, SeedStreams.ENDPOINT, 0),
                Activation.HARD_TANH, 30);
        TrajectoryMeasures capped = TransitionsExperiment.searchDepth(c, 16, 30, 200, netSeed, curve);
        assertTrue(capped.depth() < 30, "stopped before depth 30 at depth " + capped.depth());
        assertTrue(capped.outputTransitions() >= 200, "stopped because of the cap: " + capped.outputTransitions());
        // Networks of one seed contain the shallower ones: the first 3 layers are those of the depth-3 network.
        TrajectoryMeasures shallow = TrajectoryMeasures.measure(c.network(16, 3, netSeed).create(), curve,
                MeasureOptions.defaults());
        assertArrayEquals(shallow.transitions(), Arrays.copyOf(capped.transitions(), 4));
        assertArrayEquals(shallow.lengths(), Arrays.copyOf(capped.lengths(), 4), 1e-9 * shallow.lengths()[3]);
    }
}
