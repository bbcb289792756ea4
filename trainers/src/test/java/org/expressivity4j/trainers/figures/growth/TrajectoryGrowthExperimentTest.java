package org.expressivity4j.trainers.figures.growth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.core.trajectory.ArcLength;
import org.expressivity4j.core.trajectory.Trajectories;
import org.expressivity4j.core.trajectory.Trajectory;
import org.expressivity4j.trainers.figures.growth.TrajectoryGrowthExperiment.LengthSeries;
import org.expressivity4j.trainers.figures.growth.TrajectoryGrowthExperiment.PerturbationPoint;
import org.expressivity4j.trainers.shared.Endpoints;
import org.expressivity4j.trainers.shared.NetConfig;
import org.expressivity4j.trainers.shared.SeedStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrajectoryGrowthExperimentTest {

    private static final long SEED = 11;

    @BeforeAll
    static void oneNativeThread() {
        NativeBackend.configure(new NativeBackend.Settings(1, true));
    }

    /** Hard tanh and relu, k = 32, sigma_w^2 = 4, depth 6, 4 networks; perturbations k = 32, 5 layers, 6 probes. */
    private static TrajectoryGrowthSettings small(List<Activation> activations, int polygonVertices) {
        return TrajectoryGrowthSettings.quick().withActivations(activations).withBaseWidth(32)
                .withWeightVariances(List.of(4.0)).withWidths(List.of(32)).withRatioWidths(List.of(32))
                .withRatioWeightVariances(List.of(4.0)).withRatioDepth(5).withProbes(6)
                .withPolygonVertices(polygonVertices);
    }

    /** One configuration, k = 8 and sigma_w^2 = 2, through 2 layers (lengths), and 2 layers with 1 probe. */
    private static TrajectoryGrowthSettings one(Activation activation, int networks, int polygonVertices) {
        return TrajectoryGrowthSettings.quick().withActivations(List.of(activation)).withDepth(2).withBaseWidth(8)
                .withWeightVariances(List.of(2.0)).withBaseWeightVariance(2.0).withWidths(List.of(8))
                .withNetworks(networks).withRatioWidths(List.of(8)).withRatioWeightVariances(List.of(2.0))
                .withRatioDepth(2).withProbes(1).withPolygonVertices(polygonVertices);
    }

    @Test
    void layerZeroIsTheInputTrajectorysLength() {
        Endpoints ends = Endpoints.random(20);
        TrajectoryGrowthSettings s = one(Activation.RELU, 3, 40);
        TrajectoryGrowthExperiment.Result r = new TrajectoryGrowthExperiment().compute(SEED, s, ends, null);
        // The mean over networks of the polygon's own chord sum, computed directly.
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            double[][] p = ends.pair(SeededGaussians.derive(SEED, SeedStreams.ENDPOINT, i));
            expected += ArcLength.of(Trajectories.quarterCircle(p[0], p[1]).sample(Trajectory.uniform(40))) / 3;
        }
        LengthSeries series = r.series(new NetConfig(Activation.RELU, 8, 2.0, 0.0));
        assertEquals(expected, series.meanLength()[0], 1e-12 * expected);
    }

    @Test
    void adaptiveSamplingOfTheSmoothArcConvergesToItsLength() {
        Endpoints ends = Endpoints.random(20);
        TrajectoryGrowthSettings s = one(Activation.TANH, 2, 100);
        TrajectoryGrowthExperiment.Result r = new TrajectoryGrowthExperiment().compute(SEED, s, ends, null);
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            double[][] p = ends.pair(SeededGaussians.derive(SEED, SeedStreams.ENDPOINT, i));
            expected += ArcLength.of(Trajectories.quarterCircle(p[0], p[1]).sample(Trajectory.uniform(20_001))) / 2;
        }
        // The arc is smooth in the input: 20001 chords are within ~1e-9 of its length, and the adaptive estimate
        // converged to 1e-3 (relative change under one more halving).
        assertEquals(expected, r.series(new NetConfig(Activation.TANH, 8, 2.0, 0.0)).meanLength()[0],
                1e-3 * expected);
        assertTrue(r.allConverged());
    }

    @Test
    void measuredGrowthLiesBetweenTheExplicitBounds() {
        TrajectoryGrowthExperiment.Result r = new TrajectoryGrowthExperiment().compute(SEED,
                small(List.of(Activation.HARD_TANH, Activation.RELU), 100), Endpoints.random(32), null);
        // Theorem 3's explicit bounds hold for the expected growth; at k = 32, sigma_w^2 = 4 the measured values
        // (about 1.3 for hard tanh and 1.4 for relu) sit far inside [0.85, 1.98] and [0.98, 1.98]: many standard
        // errors from either bound, so the seeded sample cannot fall outside unless the measure is wrong.
        for (Activation a : List.of(Activation.HARD_TANH, Activation.RELU)) {
            NetConfig c = new NetConfig(a, 32, 4.0, 0.0);
            LengthSeries l = r.series(c);
            PerturbationPoint p = r.perturbation(c);
            for (double g : new double[] {l.growth(), p.growth()}) {
                assertTrue(g > l.bounds().lower() && g < l.bounds().upper(), a.id() + ": " + g + " not in ["
                        + l.bounds().lower() + ", " + l.bounds().upper() + "]");
            }
            assertEquals(4, l.converged());
            assertTrue(l.logLengthR2() > 0.9, "exponential in depth: R^2 " + l.logLengthR2());
        }
    }

    @Test
    void aLinearNetworkGrowsByTheChiMeanFactor() {
        // For a linear layer ||W u|| / ||u|| has mean sigma_w sqrt(2/k) Gamma((k+1)/2) / Gamma(k/2) whatever u, so
        // E l(n) / E l(1) is that factor to the power n - 1: the upper bound is the exact expectation. Per layer
        // and network the factor's relative spread is about 1/sqrt(2k) = 0.088 (k = 64); the estimate pools
        // 5 layers x 8 networks, about 0.014; 5% is 3.5 of those.
        TrajectoryGrowthSettings s = TrajectoryGrowthSettings.quick().withActivations(List.of(Activation.LINEAR))
                .withBaseWidth(64).withWeightVariances(List.of(1.0)).withBaseWeightVariance(1.0).withWidths(List.of(64))
                .withNetworks(8).withRatioWidths(List.of(64)).withRatioWeightVariances(List.of(1.0)).withRatioDepth(6)
                .withProbes(8);
        TrajectoryGrowthExperiment.Result r = new TrajectoryGrowthExperiment().compute(SEED, s, Endpoints.random(16),
                null);
        NetConfig c = new NetConfig(Activation.LINEAR, 64, 1.0, 0.0);
        double chi = r.series(c).bounds().upper();
        assertEquals(chi, r.series(c).growth(), 0.05 * chi);
        assertEquals(chi, r.perturbation(c).growth(), 0.05 * chi);
        // A linear network has no transitions.
        for (double t : r.series(c).meanTransitions()) {
            assertEquals(0.0, t);
        }
    }

    @Test
    void theProbeIsATinyChordAlongTheTangent() {
        double[] x0 = {3, 0, 0};
        double[] x1 = {0, 4, 0};
        double[][] chord = TrajectoryGrowthExperiment.probe(x0, x1, 0.0);
        // At t = 0: x = x0, tangent along x1 (pi/2 x1 direction).
        assertEquals(3, chord[0][0], 0.0);
        assertEquals(TrajectoryGrowthExperiment.PROBE_SIZE * 3, chord[1][1], 1e-18);
        assertEquals(0, chord[1][2], 0.0);
    }

    @Test
    void settingsRejectWhatCannotBeMeasured() {
        TrajectoryGrowthSettings base = one(Activation.RELU, 2, 100).withDepth(3);
        assertEquals(3, base.depth());
        assertEquals(List.of(8), base.widths(), "a with method changes only its own field");
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class, () -> base.withDepth(1));
        assertTrue(depth.getMessage().contains("depth") && depth.getMessage().contains("1"), depth.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.withWidths(List.of(0)));
        IllegalArgumentException networks = assertThrows(IllegalArgumentException.class, () -> base.withNetworks(1));
        assertTrue(networks.getMessage().contains("networks") && networks.getMessage().contains("got 1"),
                networks.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.withWeightVariances(List.of(-1.0)));
    }
}
