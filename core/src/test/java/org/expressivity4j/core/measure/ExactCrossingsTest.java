package org.expressivity4j.core.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Forward;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.trajectory.ArcLength;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.core.trajectory.Trajectories;
import org.expressivity4j.core.trajectory.Trajectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ExactCrossingsTest {

    /** Measures run many small matrix products: one native thread is several times faster than two here. */
    @BeforeAll
    static void oneNativeThread() {
        NativeBackend.configure(new NativeBackend.Settings(1, true));
    }

    /**
     * The tent-map network (Montufar et al. 2014; Telgarsky 2015): width 2, layer 1 computes (x, x - 1/2), every
     * further layer (2 z1 - 4 z2, 2 z1 - 4 z2 - 1/2), so that z1 of layer d is the tent map T^(d-1)(x) on [0, 1],
     * T(u) = 2 relu(u) - 4 relu(u - 1/2). Along x from 0 to 1, unit 2 of layer d crosses 0 exactly where
     * T^(d-1)(x) = 1/2: at the 2^(d-1) points (2j + 1) / 2^d. Unit 1 never changes region: T^(d-1) >= 0 touches 0
     * at knots of lower layers without crossing (a touch is no transition). The 2^d - 1 crossing points of layers
     * 1 .. d are distinct, so there are 2^d linear pieces and, by Corollary 1, 2^d distinct patterns.
     */
    static Network tentNetwork(int depth) {
        List<INDArray> w = new ArrayList<>();
        List<INDArray> b = new ArrayList<>();
        w.add(Nd4j.createFromArray(new double[][] {{1, 1}}));
        b.add(Nd4j.createFromArray(0.0, -0.5));
        for (int d = 2; d <= depth; d++) {
            w.add(Nd4j.createFromArray(new double[][] {{2, 2}, {-4, -4}}));
            b.add(Nd4j.createFromArray(0.0, -0.5));
        }
        return Network.of(w, b, Activation.RELU);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 10})
    void handBuiltReluNetworkHasItsKnownBreakpoints(int depth) {
        Network net = tentNetwork(depth);
        Curve segment = Trajectories.line(new double[] {0}, new double[] {1});
        TrajectoryMeasures m = ExactCrossings.measure(net, segment, 1 << 16);
        for (int d = 1; d <= depth; d++) {
            assertArrayEquals(new long[] {0, 1L << (d - 1)}, m.neuronTransitions(d), "layer " + d);
            assertEquals(1L << d, m.layer(d).patterns(), "patterns of layers 1.." + d);
            // Layer d's image: 2^(d-1) sweeps of u = T^(d-1)(x) over [0, 1], each tracing (u, relu(u - 1/2)):
            // a segment of length 1/2 then one of length sqrt(2)/2. Dyadic arithmetic: exact up to summation.
            double expected = (1L << (d - 1)) * (1 + Math.sqrt(2)) / 2;
            assertEquals(expected, m.layer(d).length(), 1e-13 * expected, "length of layer " + d);
        }
        assertEquals(1L << (depth - 1), m.outputTransitions());
        assertEquals(1L << depth, m.samples() - 1, "linear pieces");
        double[] knots = ExactCrossings.breakPoints(net, segment, 1 << 16);
        assertEquals((1 << depth) + 1, knots.length);
        for (int j = 0; j < knots.length; j++) {
            assertEquals((double) j / (1 << depth), knots[j], 0.0, "break point " + j);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "HARD_TANH"})
    void exactCountsEqualDenseSamplingThatVisitsEveryPiece(Activation activation) {
        Network net = RandomNetwork.builder().inputDimension(4).width(10).depth(3).sigmaW(6).sigmaB(0.5)
                .activation(activation).seed(17).build().create();
        // A segment through the origin region, where the first layer's units switch.
        double[] end = Trajectories.randomPoint(4, 3, 1);
        Curve segment = Trajectories.line(negate(end), end);
        TrajectoryMeasures exact = ExactCrossings.measure(net, segment, 1 << 16);
        double[] knots = ExactCrossings.breakPoints(net, segment, 1 << 16);
        assertTrue(exact.totalTransitions() >= 20, "a test with transitions: " + exact.totalTransitions());
        assertEquals(knots.length, exact.samples());

        // No spurious break point: the plain forward pass at the midpoints of consecutive pieces shows different
        // patterns (along one segment every piece has its own pattern, Corollary 1).
        double[] mids = new double[knots.length - 1];
        for (int j = 0; j < mids.length; j++) {
            mids[j] = 0.5 * (knots[j] + knots[j + 1]);
        }
        assertEquals(mids.length, ActivationPatterns.distinct(net, segment.sample(mids))[2]);

        // No missed break point: a uniform grid of 2^16 points plus one point inside every piece. Every piece holds a
        // sample, so the region changes between consecutive samples are exactly the transitions; a crossing the exact
        // computation missed would show up as extra changes inside a piece.
        double[] grid = Trajectory.uniform(1 << 16);
        double[] t = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(grid), java.util.Arrays.stream(mids))
                .sorted().distinct().toArray();
        Forward f = net.forward(segment.sample(t));
        long[] patterns = ActivationPatterns.distinct(net, segment.sample(t));
        for (int d = 1; d <= 3; d++) {
            assertArrayEquals(exact.neuronTransitions(d), Transitions.perUnit(f.preActivation(d), activation),
                    "layer " + d);
            assertEquals(exact.layer(d).transitions(), Transitions.fromOutputs(f.output(d), activation));
            assertEquals(exact.layer(d).patterns(), patterns[d - 1], "patterns of layers 1.." + d);
            // The image is a polyline with its corners at the knots; a sampling cuts corners only, so the chord sum
            // is at most the exact length, and with a sample inside every piece it loses at most the corners'
            // neighbourhoods: relative loss below 2 (pieces) / (samples) for roughly uniform pieces; 10x that.
            double sampled = ArcLength.of(f.output(d));
            double exactLength = exact.layer(d).length();
            assertTrue(sampled <= exactLength * (1 + 1e-12), "chord sum " + sampled + " > exact " + exactLength);
            assertEquals(exactLength, sampled, exactLength * 20.0 * knots.length / t.length);
        }
    }

    private static double[] negate(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = -x[i];
        }
        return y;
    }

    @Test
    void unitsCrossingAtTheSameParameterShareOneBreakPoint() {
        // Two identical units relu(x - 0.3) cross at the same t; layer 2, relu(z1 + z2 - 0.5), crosses at x = 0.55.
        Network net = Network.of(
                List.of(Nd4j.createFromArray(new double[][] {{1, 1}}), Nd4j.createFromArray(new double[][] {{1}, {1}})),
                List.of(Nd4j.createFromArray(-0.3, -0.3), Nd4j.createFromArray(-0.5)), Activation.RELU);
        Curve segment = Trajectories.line(new double[] {0}, new double[] {1});
        TrajectoryMeasures m = ExactCrossings.measure(net, segment, 1024);
        assertArrayEquals(new long[] {1, 1}, m.neuronTransitions(1));
        assertArrayEquals(new long[] {1}, m.neuronTransitions(2));
        assertArrayEquals(new long[] {1, 2, 3}, m.patterns());
        assertEquals(4, m.samples(), "break points 0, 0.3, 0.55, 1");
        assertArrayEquals(new double[] {0, 0.3, 0.55, 1}, ExactCrossings.breakPoints(net, segment, 1024), 1e-15);
        // Layer 1 runs along the diagonal from (0, 0) to (0.7, 0.7); layer 2 from 0 to 2 * 0.7 - 0.5 = 0.9.
        assertEquals(0.7 * Math.sqrt(2), m.layer(1).length(), 1e-15);
        assertEquals(0.9, m.layer(2).length(), 1e-15);
    }

    @Test
    void linearNetworkHasNoTransitionsAndOnePattern() {
        Network net = RandomNetwork.builder().inputDimension(5).width(8).depth(4).sigmaW(3).sigmaB(1)
                .activation(Activation.LINEAR).seed(1).build().create();
        Curve segment = Trajectories.line(Trajectories.randomPoint(5, 1, 3), Trajectories.randomPoint(5, 1, 4));
        TrajectoryMeasures m = ExactCrossings.measure(net, segment, 1 << 16);
        for (int d = 1; d <= 4; d++) {
            assertEquals(0, m.layer(d).transitions());
            assertEquals(1, m.layer(d).patterns());
        }
        assertEquals(2, m.samples(), "one linear piece");
        // A linear image of a segment is the segment between the images of its ends.
        INDArray ends = net.output(segment.sample(new double[] {0, 1}));
        double expected = ends.getRow(1).sub(ends.getRow(0)).norm2Number().doubleValue();
        assertEquals(expected, m.layer(4).length(), 1e-12 * expected);
    }

    @Test
    void smallChunksGiveTheSameAnswer() {
        Network net = RandomNetwork.builder().inputDimension(10).width(20).depth(5).sigmaW(3)
                .activation(Activation.HARD_TANH).seed(4).build().create();
        Curve path = Trajectories.throughPoints(new double[][] {Trajectories.randomPoint(10, 1, 5),
                Trajectories.randomPoint(10, 1, 6), Trajectories.randomPoint(10, 1, 7)});
        TrajectoryMeasures whole = ExactCrossings.measure(net, path, 1 << 20);
        TrajectoryMeasures chunked = ExactCrossings.measure(net, path, 16);
        assertTrue(whole.samples() > 64, "enough pieces to force many chunks: " + whole.samples());
        assertArrayEquals(whole.transitions(), chunked.transitions());
        assertArrayEquals(whole.patterns(), chunked.patterns());
        assertEquals(whole.samples(), chunked.samples());
        for (int d = 0; d <= 5; d++) {
            // Same pieces, summed in another grouping: rounding only.
            assertEquals(whole.layer(d).length(), chunked.layer(d).length(), 1e-12 * whole.layer(d).length());
        }
    }

    @Test
    void patternsAlongAPathCanRepeat() {
        // Going out and back along the same segment visits the same patterns twice: transitions double, patterns
        // stay (Corollary 1 only holds for a single affine piece).
        Network net = RandomNetwork.builder().inputDimension(3).width(10).depth(3).sigmaW(3)
                .activation(Activation.RELU).seed(8).build().create();
        double[] x0 = Trajectories.randomPoint(3, 1, 9);
        double[] x1 = Trajectories.randomPoint(3, 1, 10);
        TrajectoryMeasures out = ExactCrossings.measure(net, Trajectories.line(x0, x1), 1 << 16);
        TrajectoryMeasures outAndBack = ExactCrossings.measure(net,
                Trajectories.throughPoints(new double[][] {x0, x1, x0}), 1 << 16);
        assertTrue(out.totalTransitions() > 0);
        for (int d = 1; d <= 3; d++) {
            assertEquals(2 * out.layer(d).transitions(), outAndBack.layer(d).transitions());
            assertEquals(out.layer(d).patterns(), outAndBack.layer(d).patterns());
            assertEquals(2 * out.layer(d).length(), outAndBack.layer(d).length(), 1e-12 * out.layer(d).length());
        }
    }

    @Test
    void rejectsWhatItCannotDoExactly() {
        Network tanh = RandomNetwork.builder().inputDimension(2).width(3).depth(1).activation(Activation.TANH)
                .build().create();
        Network relu = RandomNetwork.builder().inputDimension(2).width(3).depth(1).activation(Activation.RELU)
                .build().create();
        Curve line = Trajectories.line(new double[] {0, 0}, new double[] {1, 1});
        Curve arc = Trajectories.quarterCircle(new double[] {1, 0}, new double[] {0, 1});
        assertThrows(IllegalArgumentException.class, () -> ExactCrossings.measure(tanh, line, 1024));
        assertThrows(IllegalArgumentException.class, () -> ExactCrossings.measure(relu, arc, 1024));
        assertThrows(IllegalArgumentException.class, () -> ExactCrossings.measure(relu,
                Trajectories.line(new double[] {0}, new double[] {1}), 1024));
    }
}
