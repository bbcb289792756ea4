package org.expressivity4j.core.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.trajectory.ArcLength;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.core.trajectory.Trajectories;
import org.expressivity4j.core.trajectory.Trajectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdaptiveSamplingTest {

    /** Measures run many small matrix products: one native thread is several times faster than two here. */
    @BeforeAll
    static void oneNativeThread() {
        NativeBackend.configure(new NativeBackend.Settings(1, true));
    }

    private static final MeasureOptions SAMPLED = MeasureOptions.defaults().withExactWhenPossible(false);

    private static Curve segment(int m) {
        return Trajectories.line(Trajectories.randomPoint(m, 1, 1), Trajectories.randomPoint(m, 1, 2));
    }

    @Test
    void quarterCircleLengthConvergesFromACoarseStart() {
        double r = 2.0;
        double[] x0 = new double[3];
        double[] x1 = new double[3];
        x0[0] = r;
        x1[1] = r;
        Network net = RandomNetwork.builder().inputDimension(3).width(4).depth(1).activation(Activation.LINEAR)
                .build().create();
        double tol = 1e-4;
        TrajectoryMeasures m = AdaptiveSampling.measure(net, Trajectories.quarterCircle(x0, x1),
                SAMPLED.withInitialSamples(4).withTolerance(tol));
        double arc = Math.PI * r / 2;
        assertTrue(m.layer(0).converged());
        assertTrue(m.samples() > 7, "a 4-point start (error 1.1%) must be refined: " + m.samples());
        // Smooth curve: an interval's chord error scales as w^3, so halving leaves 1/4 of it and gains 3/4; the error
        // left is about a third of the last gains, which sum to at most tol / 2 of the length: tol has margin 6.
        assertEquals(arc, m.layer(0).length(), tol * arc);
        assertTrue(m.layer(0).length() < arc, "inscribed polygons are shorter than the arc");
        assertTrue(m.layer(0).relativeChange() <= tol / 2);
    }

    @ParameterizedTest
    @CsvSource({"RELU, 2", "RELU, 8", "HARD_TANH, 2", "HARD_TANH, 8"})
    void agreesWithTheExactComputation(Activation activation, double weightVariance) {
        Network net = RandomNetwork.builder().inputDimension(40).width(40).depth(6).weightVariance(weightVariance)
                .sigmaB(0.3).activation(activation).seed(21).build().create();
        Curve segment = segment(40);
        TrajectoryMeasures exact = ExactCrossings.measure(net, segment, 1 << 16);
        double tol = 1e-3;
        TrajectoryMeasures sampled = AdaptiveSampling.measure(net, segment, SAMPLED.withTolerance(tol));
        assertTrue(sampled.converged());
        for (int d = 0; d <= 6; d++) {
            double e = exact.layer(d).length();
            double s = sampled.layer(d).length();
            // Chords cut corners: never longer than the exact polyline.
            assertTrue(s <= e * (1 + 1e-12), "layer " + d + ": sampled " + s + " > exact " + e);
            // A piecewise-linear image: in an interval holding one corner, halving halves the cut, so the gain equals
            // the error left; the gains left sum to at most tol / 2 of the length: tol has margin 2.
            assertEquals(e, s, tol * e, "length of layer " + d);
        }
        for (int d = 1; d <= 6; d++) {
            long[] e = exact.neuronTransitions(d);
            long[] s = sampled.neuronTransitions(d);
            for (int i = 0; i < e.length; i++) {
                // A region change between two samples needs at least as many crossings between them.
                assertTrue(s[i] <= e[i], "layer " + d + " unit " + i + ": " + s[i] + " > " + e[i]);
            }
            // Every sampled pattern is a pattern of some piece.
            assertTrue(sampled.layer(d).patterns() <= exact.layer(d).patterns());
        }
    }

    @Test
    void fixedSamplingUnderestimatesAtLargeWeightScaleWhileAdaptiveConverges() {
        Network net = RandomNetwork.builder().inputDimension(30).width(30).depth(8).weightVariance(32)
                .activation(Activation.HARD_TANH).seed(3).build().create();
        Curve segment = segment(30);
        TrajectoryMeasures exact = ExactCrossings.measure(net, segment, 1 << 16);
        double fixed = ArcLength.of(net.output(Trajectory.sample(segment, 2000).points()));
        double deep = exact.layer(8).length();
        // With more corners (break points) than samples, many chords span corners, and every chord across a corner
        // is shorter than the path: the fixed estimate falls visibly short.
        assertTrue(exact.samples() > 2000, "break points: " + exact.samples());
        assertTrue(fixed < 0.95 * deep, "2000 points: " + fixed + " vs exact " + deep);
        double tol = 1e-3;
        TrajectoryMeasures sampled = AdaptiveSampling.measure(net, segment, SAMPLED.withTolerance(tol));
        assertTrue(sampled.converged());
        // As in agreesWithTheExactComputation: error about the last gains, at most tol / 2.
        assertEquals(deep, sampled.layer(8).length(), tol * deep);
    }

    @Test
    void smoothNetworkAlongAQuarterCircleMatchesADenseSampling() {
        Network net = RandomNetwork.builder().inputDimension(20).width(30).depth(5).weightVariance(4)
                .activation(Activation.TANH).seed(5).build().create();
        Curve arc = Trajectories.quarterCircle(Trajectories.randomPoint(20, 1, 6), Trajectories.randomPoint(20, 1, 7));
        double tol = 1e-4;
        TrajectoryMeasures m = AdaptiveSampling.measure(net, arc, SAMPLED.withTolerance(tol));
        assertTrue(m.converged());
        Trajectory dense = Trajectory.sample(arc, 1 << 17);
        double[] reference = new double[6];
        reference[0] = ArcLength.of(dense.points());
        net.propagate(dense.points(), false, (layer, h, z) -> reference[layer] = ArcLength.of(z));
        for (int d = 0; d <= 5; d++) {
            // Smooth images: the adaptive error is about a third of its last gains (<= tol / 2 of the length); the
            // dense reference with 2^17 equal steps is smaller by (steps ratio)^2. tol has margin > 4.
            assertEquals(reference[d], m.layer(d).length(), tol * reference[d], "layer " + d);
        }
    }

    @Test
    void linearNetworkHasNoTransitionsAlongACurve() {
        Network net = RandomNetwork.builder().inputDimension(6).width(9).depth(3).activation(Activation.LINEAR)
                .sigmaW(2).sigmaB(1).seed(2).build().create();
        TrajectoryMeasures m = TrajectoryMeasures.measure(net,
                Trajectories.greatCircle(Trajectories.randomPoint(6, 1, 1), Trajectories.randomPoint(6, 1, 2)));
        assertEquals(TrajectoryMeasures.Method.ADAPTIVE_SAMPLING, m.method());
        assertArrayEquals(new long[] {0, 0, 0, 0}, m.transitions());
        assertArrayEquals(new long[] {1, 1, 1, 1}, m.patterns());
    }

    @Test
    void sampleBudgetExhaustedMeansNotConverged() {
        Network net = RandomNetwork.builder().inputDimension(30).width(30).depth(8).weightVariance(32)
                .activation(Activation.HARD_TANH).seed(3).build().create();
        TrajectoryMeasures m = AdaptiveSampling.measure(net, segment(30),
                SAMPLED.withInitialSamples(100).withMaxSamples(150));
        assertFalse(m.converged());
        assertFalse(m.layer(8).converged());
        assertTrue(m.samples() <= 150);
    }

    @Test
    void memoryBudgetChangesOnlyTheOrderOfWork() {
        Network net = RandomNetwork.builder().inputDimension(20).width(60).depth(3).weightVariance(6)
                .activation(Activation.HARD_TANH).seed(8).build().create();
        Curve arc = Trajectories.quarterCircle(Trajectories.randomPoint(20, 1, 1), Trajectories.randomPoint(20, 1, 2));
        TrajectoryMeasures roomy = AdaptiveSampling.measure(net, arc, SAMPLED);
        TrajectoryMeasures tight = AdaptiveSampling.measure(net, arc, SAMPLED.withMemoryBudgetBytes(1 << 20));
        assertEquals(roomy.samples(), tight.samples());
        assertArrayEquals(roomy.transitions(), tight.transitions());
        assertArrayEquals(roomy.patterns(), tight.patterns());
        assertTrue(roomy.samples() > 4 * (1 << 20) / (9 * 8 * 203), "the tight budget must force several parts");
        for (int d = 0; d <= 3; d++) {
            // The same chords summed in another order: rounding only.
            assertEquals(roomy.layer(d).length(), tight.layer(d).length(), 1e-12 * roomy.layer(d).length());
        }
    }
}
