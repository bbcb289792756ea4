package org.expressivity4j.trainers.bench.trajreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.expressivity4j.trainers.models.Architectures.Normalization;
import org.junit.jupiter.api.Test;

class TrajectoryRegularizationBenchmarkTest {

    @Test
    void timesEveryVariantInEveryRound() {
        TrajectoryRegularizationBenchmark.Result r = new TrajectoryRegularizationBenchmark().run(
                new TrajectoryRegularizationBenchmark.Settings(2, 1, 4, 0.1, 1, 1), 5);
        assertEquals(TrajectoryRegularizationBenchmark.VARIANTS, r.timings().stream()
                .map(TrajectoryRegularizationBenchmark.Timing::variant).toList());
        for (TrajectoryRegularizationBenchmark.Timing t : r.timings()) {
            assertEquals(2, t.stepMs().size());
            assertEquals(2, t.inferenceMsPerExample().size());
            assertTrue(t.stepMs().stream().allMatch(ms -> ms > 0) && t.medianInferenceMsPerExample() > 0);
        }
        // Layer costs: batch norm and trajectory regularization at each of the four positions, one per round.
        assertEquals(8, r.layerCosts().size());
        assertEquals("[4, 6, 32, 32]", r.layerCost(Normalization.BATCH_NORM, 1).shape());
        assertEquals("[4, 38]", r.layerCost(Normalization.TRAJECTORY_REGULARIZATION, 3).shape());
        assertTrue(r.layerCosts().stream().allMatch(c -> c.ms().size() == 2 && c.inferenceMs().size() == 2));
        assertEquals(r.timing(Normalization.TRAJECTORY_REGULARIZATION).medianStepMs()
                / r.timing(Normalization.BATCH_NORM).medianStepMs(),
                r.stepRatio(Normalization.TRAJECTORY_REGULARIZATION, Normalization.BATCH_NORM), 0.0);
    }

    @Test
    void rejectsSettingsWithoutATrajectory() {
        assertThrows(IllegalArgumentException.class, () -> new TrajectoryRegularizationBenchmark.Settings(1, 1, 1,
                1.0, 0, 0));
    }
}
