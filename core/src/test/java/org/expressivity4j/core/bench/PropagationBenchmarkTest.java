package org.expressivity4j.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Forward;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.SeededGaussians;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class PropagationBenchmarkTest {

    @AfterEach
    void restoreThreads() {
        NativeBackend.configureDefaults();
    }

    /** The timed pass computes what the plain forward computes (no timing is asserted). */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void benchmarkPropagationEqualsTheForwardPass(DataType type) {
        PropagationBenchmark.Settings s = new PropagationBenchmark.Settings(300, 5, 64, Activation.HARD_TANH, type,
                1, 0, 1, 3);
        Network net = PropagationBenchmark.network(s);
        INDArray x = SeededGaussians.matrix(300, 64, 1.0, 5, type);
        INDArray timed = PropagationBenchmark.propagate(net, x);
        // The forward pass that keeps every layer applies the same operations to a copy: identical values.
        assertEquals(net.forward(x).output(5), timed);
        INDArray diff = net.forward(x).output(5).sub(timed);
        assertEquals(0.0, diff.amaxNumber().doubleValue(), 0.0);
        Forward reference = net.withDataType(DataType.DOUBLE).forward(x.castTo(DataType.DOUBLE));
        double scale = reference.output(5).amaxNumber().doubleValue();
        // Same operations in the same order for double: identical. Float: each of 5 layers rounds sums of 64 terms
        // of size ~1 to 2^-24 relative; 1e-4 of the output scale covers the accumulated rounding.
        double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-4;
        assertEquals(0.0, timed.castTo(DataType.DOUBLE).sub(reference.output(5)).amaxNumber().doubleValue(),
                tolerance * scale);
    }

    @Test
    void smallRunReportsConsistentFigures() {
        PropagationBenchmark.Settings s = new PropagationBenchmark.Settings(200, 3, 32, Activation.RELU,
                DataType.FLOAT, 1, 1, 3, 0);
        NativeBackend.configure(new NativeBackend.Settings(s.threads(), true));
        PropagationBenchmark.Result r = PropagationBenchmark.run(s, "test backend");
        assertEquals("test backend", r.backend());
        assertEquals(3, r.propagationSeconds().length);
        assertEquals(3, r.gemmSeconds().length);
        assertTrue(r.propagationGflops() > 0 && r.gemmGflops() > 0);
        assertEquals(r.propagationGflops() / r.gemmGflops(), r.ratio(), 1e-12);
        assertEquals(2.0 * 200 * 32 * 32 * 3, s.flopsPerPass(), 0.0);
        assertEquals(2.0, PropagationBenchmark.median(new double[] {3, 1, 2}), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new PropagationBenchmark.Settings(0, 1, 1,
                Activation.RELU, DataType.FLOAT, 1, 0, 1, 0));
    }
}
