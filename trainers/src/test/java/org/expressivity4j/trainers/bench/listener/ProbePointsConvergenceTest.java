package org.expressivity4j.trainers.bench.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbePointsConvergenceTest {

    private static ProbePointsConvergence.Row row(String net, String state, int points, double change) {
        return new ProbePointsConvergence.Row(net, state, points, change, "h1", 1.0, Map.of());
    }

    @Test
    void theChosenResolutionIsTheSmallestConvergedInEveryState() {
        List<ProbePointsConvergence.Row> rows = List.of(
                row("mlp", "init", 33, 0.001), row("mlp", "init", 65, 0.0005), row("mlp", "init", 129, Double.NaN),
                row("conv", "init", 33, 0.05), row("conv", "init", 65, 0.02), row("conv", "init", 129, 0.008),
                row("conv", "init", 257, Double.NaN));
        assertEquals(129, ProbePointsConvergence.choose(rows, 0.01));
        assertEquals(33, ProbePointsConvergence.choose(rows.subList(0, 3), 0.01));
        assertEquals(0, ProbePointsConvergence.choose(rows, 0.001), "conv never reaches 0.1%");
    }
}
