package org.expressivity4j.core.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.core.trajectory.Trajectories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

class TrajectoryMeasuresTest {

    /** Measures run many small matrix products: one native thread is several times faster than two here. */
    @BeforeAll
    static void oneNativeThread() {
        NativeBackend.configure(new NativeBackend.Settings(1, true));
    }

    private static Curve curve(String kind, int m) {
        double[] x0 = Trajectories.randomPoint(m, 1, 11);
        double[] x1 = Trajectories.randomPoint(m, 1, 12);
        return switch (kind) {
            case "line" -> Trajectories.line(x0, x1);
            case "quarter" -> Trajectories.quarterCircle(x0, x1);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @CsvSource({"RELU, line, EXACT", "HARD_TANH, line, EXACT", "LINEAR, line, EXACT",
        "RELU, quarter, ADAPTIVE_SAMPLING", "TANH, line, ADAPTIVE_SAMPLING", "SELU, quarter, ADAPTIVE_SAMPLING",
        "SIGMOID, line, ADAPTIVE_SAMPLING"})
    void sameSeedGivesTheSameNumbers(Activation activation, String kind, TrajectoryMeasures.Method method) {
        RandomNetwork spec = RandomNetwork.builder().inputDimension(12).width(24).depth(4).weightVariance(4)
                .sigmaB(0.5).activation(activation).seed(99).build();
        TrajectoryMeasures a = TrajectoryMeasures.measure(spec.create(), curve(kind, 12));
        // A fresh network from the same description, in single precision: parameters are the casts of the same
        // double draws, and the measures compute in double either way.
        TrajectoryMeasures b = TrajectoryMeasures.measure(spec.create(DataType.FLOAT).withDataType(DataType.DOUBLE),
                curve(kind, 12));
        TrajectoryMeasures c = TrajectoryMeasures.measure(spec.create(), curve(kind, 12));
        assertEquals(method, a.method());
        assertEquals(a, c);
        assertArrayEquals(a.lengths(), c.lengths(), 0.0);
        assertArrayEquals(a.transitions(), c.transitions());
        assertArrayEquals(a.patterns(), c.patterns());
        assertEquals(a.depth(), b.depth());
        assertTrue(a.converged());
        assertEquals(0, a.layer(0).transitions());
        assertEquals(1, a.layer(0).patterns());
    }

    @Test
    void growthRatiosAreLengthQuotients() {
        RandomNetwork spec = RandomNetwork.builder().inputDimension(10).width(30).depth(3).weightVariance(8)
                .activation(Activation.RELU).seed(1).build();
        TrajectoryMeasures m = TrajectoryMeasures.measure(spec.create(), curve("line", 10));
        for (int d = 1; d <= 3; d++) {
            assertEquals(m.layer(d).length() / m.layer(d - 1).length(), m.growthRatio(d), 0.0);
        }
        assertEquals(m.layer(3).transitions(), m.outputTransitions());
        assertEquals(m.transitions()[1] + m.transitions()[2] + m.transitions()[3], m.totalTransitions());
        long[] perUnit = m.neuronTransitions(2);
        perUnit[0] = -1;
        assertTrue(m.neuronTransitions(2)[0] >= 0, "a copy");
        assertThrows(IllegalArgumentException.class, () -> m.layer(4));
        assertThrows(IllegalArgumentException.class, () -> m.growthRatio(0));
    }

    @Test
    void rejectsAMismatchedCurve() {
        RandomNetwork spec = RandomNetwork.builder().inputDimension(10).width(3).depth(1).build();
        assertThrows(IllegalArgumentException.class, () -> TrajectoryMeasures.measure(spec.create(), curve("line", 9)));
    }
}
