package org.expressivity4j.trainers.bench.trajreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.expressivity4j.trainers.models.Architectures.Normalization;
import org.expressivity4j.trainers.models.Architectures;
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
        // tr3 follows fc1: the SVCCA net's 512 units at width 0.1.
        assertEquals("[4, " + Math.round(Architectures.ConvSizes.SVCCA.fc1() * 0.1) + "]",
                r.layerCost(Normalization.TRAJECTORY_REGULARIZATION, 3).shape());
        assertTrue(r.layerCosts().stream().allMatch(c -> c.ms().size() == 2 && c.inferenceMs().size() == 2));
        // With two rounds the median is the mean of the two: the ratio from the raw per-round times.
        List<Double> tr = r.timing(Normalization.TRAJECTORY_REGULARIZATION).stepMs();
        List<Double> bn = r.timing(Normalization.BATCH_NORM).stepMs();
        double expected = (tr.get(0) + tr.get(1)) / (bn.get(0) + bn.get(1));
        assertEquals(expected, r.stepRatio(Normalization.TRAJECTORY_REGULARIZATION, Normalization.BATCH_NORM),
                1e-12 * expected);
        assertEquals(1 / expected, r.stepRatio(Normalization.BATCH_NORM, Normalization.TRAJECTORY_REGULARIZATION),
                1e-12 / expected);
        List<Double> trInference = r.timing(Normalization.TRAJECTORY_REGULARIZATION).inferenceMsPerExample();
        List<Double> bnInference = r.timing(Normalization.BATCH_NORM).inferenceMsPerExample();
        double expectedInference = (trInference.get(0) + trInference.get(1))
                / (bnInference.get(0) + bnInference.get(1));
        assertEquals(expectedInference, r.inferenceRatio(Normalization.TRAJECTORY_REGULARIZATION,
                Normalization.BATCH_NORM), 1e-12 * expectedInference);
    }

    @Test
    void rejectsSettingsWithoutATrajectory() {
        assertThrows(IllegalArgumentException.class, () -> new TrajectoryRegularizationBenchmark.Settings(1, 1, 1,
                1.0, 0, 0));
    }
}
