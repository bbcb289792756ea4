package org.expressivity4j.trainers.bench.propagation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.expressivity4j.core.bench.PropagationBenchmark;
import org.expressivity4j.core.network.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class PropagationComparisonTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheScriptsJsonLine() {
        PropagationComparison.TorchRun r = PropagationComparison.parse("a warning\n{\"impl\": \"torch\", \"torch\": "
                + "\"1.13.0\", \"prop_s\": [0.5, 0.25], \"gemm_s\": [0.2, 0.1, 0.3]}\n");
        assertEquals("1.13.0", r.version());
        assertArrayEquals(new double[] {0.5, 0.25}, r.propagationSeconds(), 0.0);
        assertArrayEquals(new double[] {0.2, 0.1, 0.3}, r.gemmSeconds(), 0.0);
        assertThrows(IllegalStateException.class, () -> PropagationComparison.parse("Traceback ...\n"));
        assertThrows(IllegalStateException.class, () -> PropagationComparison.parse("{\"prop_s\": []}"));
    }

    @Test
    void aMissingInterpreterIsReportedNotThrown() {
        PropagationComparison.Settings s = new PropagationComparison.Settings(
                new PropagationBenchmark.Settings(8, 1, 4, Activation.RELU,
                        DataType.FLOAT, 1, 0, 1, 0),
                1, tmp.resolve("no-python"), tmp.resolve("script.py"), null, 10);
        String problem = PropagationComparison.torchProblem(s);
        assertNotNull(problem);
        assertTrue(problem.contains("no-python"), problem);
    }

    @Test
    void ratesUseTheMedianOfAllPasses() {
        PropagationBenchmark.Settings b = new PropagationBenchmark.Settings(10, 2, 5,
                Activation.RELU, DataType.FLOAT, 1, 0, 1, 0);
        PropagationComparison.Result r = new PropagationComparison.Result(
                new PropagationComparison.Settings(b, 2, null, null, null, 10), List.of(),
                List.of(new PropagationComparison.TorchRun("x", new double[] {1, 3}, new double[] {2}),
                        new PropagationComparison.TorchRun("x", new double[] {2}, new double[] {4, 6})), null);
        // flops per pass 2 * 10 * 25 * 2 = 1000; median of {1, 3, 2} = 2 s; of {2, 4, 6} = 4 s.
        assertEquals(1000 / 2.0 / 1e9, r.torchPropagationGflops(), 1e-18);
        assertEquals(1000 / 4.0 / 1e9, r.torchGemmGflops(), 1e-18);
        assertTrue(Double.isNaN(r.nd4jPropagationGflops()));
    }
}
