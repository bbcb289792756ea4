package org.expressivity4j.trainers.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.expressivity4j.dl4j.listeners.MemoryHistory;
import org.expressivity4j.dl4j.listeners.TrajectoryMetric;
import org.expressivity4j.dl4j.listeners.TrajectoryRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryPlotsTest {

    @Test
    void thinningKeepsTheFirstAndLastAndAtMostTheLimit() {
        List<Long> all = LongStream.range(0, 101).boxed().toList();
        List<Long> thinned = TrajectoryPlots.thin(all, 12);
        assertTrue(thinned.size() <= 12);
        assertEquals(0L, thinned.get(0));
        assertEquals(100L, thinned.get(thinned.size() - 1));
        assertEquals(List.of(3L, 4L), TrajectoryPlots.thin(List.of(3L, 4L), 12));
    }

    @Test
    void plotsWhatTheHistoryHoldsAndNothingForAnEmptyOne(@TempDir Path dir) throws Exception {
        List<TrajectoryRecord> records = new ArrayList<>();
        for (long it = 0; it <= 40; it += 10) {
            records.add(new TrajectoryRecord(it, 0, 0, "input", "Input", TrajectoryMetric.LENGTH, 2.0));
            records.add(new TrajectoryRecord(it, 0, 1, "h1", "DenseLayer", TrajectoryMetric.LENGTH, 3.0 + it));
            records.add(new TrajectoryRecord(it, 0, 1, "h1", "DenseLayer", TrajectoryMetric.SIGMA_W2, 1.0 + it / 100.0));
            // Zero and NaN lengths are left out of a log plot.
            records.add(new TrajectoryRecord(it, 0, 2, "out", "OutputLayer", TrajectoryMetric.LENGTH,
                    it == 0 ? 0.0 : Double.NaN));
        }
        MemoryHistory history = new MemoryHistory(records);
        Path lengths = dir.resolve("lengths.png");
        Path sigma = dir.resolve("sigma.png");
        assertTrue(TrajectoryPlots.lengthByLayer(history, "t", lengths));
        assertTrue(TrajectoryPlots.weightScaleOverTraining(history, "t", sigma));
        assertTrue(Files.size(lengths) > 1000 && Files.size(sigma) > 1000);
        assertFalse(TrajectoryPlots.lengthByLayer(new MemoryHistory(), "t", dir.resolve("none.png")));
        assertFalse(Files.exists(dir.resolve("none.png")));
    }
}
