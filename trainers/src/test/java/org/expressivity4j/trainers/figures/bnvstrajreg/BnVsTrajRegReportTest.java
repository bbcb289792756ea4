package org.expressivity4j.trainers.figures.bnvstrajreg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.TreeMap;
import org.expressivity4j.trainers.figures.bnvstrajreg.BnVsTrajRegExperiment.Variant;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.junit.jupiter.api.Test;

class BnVsTrajRegReportTest {

    private static MetricsCsv.Row row(String variant, long step, String metric, double value) {
        return new MetricsCsv.Row(List.of(variant), step, "", metric, value);
    }

    @Test
    void trainingTimeSumsEachSegmentsStepsTimesItsMeanStepTime() {
        // Segments end at steps 10, 20 and 25 with 60, 120 and 240 ms per step: 0.6 s, then 1.2 s, then 1.2 s.
        List<MetricsCsv.Row> rows = List.of(
                row("none", 0, "test_accuracy", 0.1),
                row("none", 10, "step_ms", 60), row("none", 10, "test_accuracy", 0.3),
                row("batchnorm", 10, "step_ms", 999),
                row("none", 20, "step_ms", 120), row("none", 20, "test_accuracy", 0.4),
                row("none", 25, "step_ms", 240), row("none", 25, "test_accuracy", 0.5));
        BnVsTrajRegReport.Curves c = BnVsTrajRegReport.curves(rows, Variant.NONE);
        TreeMap<Long, Double> minutes = c.trainingMinutesAt();
        assertEquals(0.0, minutes.get(0L));
        assertEquals(0.6 / 60, minutes.get(10L), 1e-12);
        assertEquals(1.8 / 60, minutes.get(20L), 1e-12);
        assertEquals(3.0 / 60, minutes.get(25L), 1e-12);
        assertEquals(120, c.medianStepMs(), 0.0);
        assertEquals(0.5, c.finalAccuracy(), 0.0);
    }
}
