package org.expressivity4j.trainers.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {

    @TempDir
    Path tmp;

    @Test
    void appendsRowsThatReadBackExactly() {
        Path file = tmp.resolve("metrics.csv");
        try (MetricsCsv m = MetricsCsv.open(file, List.of("variant"))) {
            m.append(List.of("bn, with comma"), 3, "c1", "length", 0.1 + 0.2);
            m.append(List.of("plain \"quoted\""), 4, "", "accuracy", Double.NaN);
            m.append(List.of("x"), 5, "fc1", "ratio", 1e-300);
        }
        List<MetricsCsv.Row> rows = MetricsCsv.read(file, 1);
        assertEquals(3, rows.size());
        assertEquals(List.of("bn, with comma"), rows.get(0).run());
        assertEquals(0.1 + 0.2, rows.get(0).value(), 0.0, "full double precision survives");
        assertEquals("plain \"quoted\"", rows.get(1).run().get(0));
        assertTrue(Double.isNaN(rows.get(1).value()));
        assertEquals(1e-300, rows.get(2).value(), 0.0);
        assertEquals("", rows.get(1).layer());
    }

    @Test
    void lineBreaksInRunValuesAndLayerNamesSurviveTheRoundTripAndAResume() {
        Path file = tmp.resolve("metrics.csv");
        try (MetricsCsv m = MetricsCsv.open(file, List.of("variant"))) {
            m.append(List.of("two\nlines"), 1, "a\r\nb", "length", 2.5);
        }
        try (MetricsCsv m = MetricsCsv.open(file, List.of("variant"))) {
            m.append(List.of("plain"), 2, "c1", "length", 3);
            assertEquals(List.of(new MetricsCsv.Row(List.of("two\nlines"), 1, "a\r\nb", "length", 2.5),
                    new MetricsCsv.Row(List.of("plain"), 2, "c1", "length", 3)), m.rows());
        }
    }

    @Test
    void ordinaryRowsAreWrittenAsBefore() throws Exception {
        Path file = tmp.resolve("metrics.csv");
        try (MetricsCsv m = MetricsCsv.open(file, List.of("dataset"))) {
            m.append(List.of("mnist"), 0, "h2", "test_accuracy", 0.1);
            m.append(List.of("mnist"), 1, "", "seconds", 12);
        }
        assertEquals("dataset,step,layer,metric,value\nmnist,0,h2,test_accuracy,0.1\nmnist,1,,seconds,12\n",
                Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void reopeningAppendsAndDropsAPartialLastLine() throws Exception {
        Path file = tmp.resolve("metrics.csv");
        try (MetricsCsv m = MetricsCsv.open(file, List.of("run"))) {
            m.append(List.of("a"), 1, "", "loss", 2.5);
        }
        // A crash in the middle of writing a row.
        Files.writeString(file, "a,2,,lo", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (MetricsCsv m = MetricsCsv.open(file, List.of("run"))) {
            m.append(List.of("a"), 2, "", "loss", 2.25);
            assertEquals(List.of(1L, 2L), m.rows().stream().map(MetricsCsv.Row::step).toList());
        }
        assertEquals(3, Files.readAllLines(file).size(), "header + 2 rows, no fragment");
    }

    @Test
    void refusesAFileWithAnotherHeader() {
        Path file = tmp.resolve("metrics.csv");
        MetricsCsv.open(file, List.of("dataset")).close();
        assertThrows(IllegalStateException.class, () -> MetricsCsv.open(file, List.of("variant")));
    }

    @Test
    void rejectsRowsWithTheWrongRunColumns() {
        try (MetricsCsv m = MetricsCsv.open(tmp.resolve("m.csv"), List.of("a", "b"))) {
            assertThrows(IllegalArgumentException.class, () -> m.append(List.of("x"), 0, "", "v", 1));
        }
    }

    @Test
    void aDamagedRowIsNamedByFileAndLine() throws Exception {
        Path file = tmp.resolve("metrics.csv");
        try (MetricsCsv m = MetricsCsv.open(file, List.of("variant"))) {
            m.append(List.of("two\nlines"), 1, "c1", "length", 2.5);
            m.append(List.of("x"), 2, "c1", "length", 3);
            m.append(List.of("x"), 3, "c1", "length", 4);
        }
        // Line 1 the header, lines 2-3 the first row (a line break in its variant), line 4 the second row.
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, text.replace("x,3,c1,length,4", "x,3,c1,length"));
        IllegalStateException cells = assertThrows(IllegalStateException.class, () -> MetricsCsv.read(file, 1));
        assertTrue(cells.getMessage().startsWith(file + " line 5: 4 cells, expected 5 (variant,step,layer,metric,"
                + "value)"), cells.getMessage());
        Files.writeString(file, text.replace("x,2,c1", "x,2x,c1"));
        IllegalStateException step = assertThrows(IllegalStateException.class, () -> MetricsCsv.read(file, 1));
        assertTrue(step.getMessage().startsWith(file + " line 4: step '2x' is not an integer"), step.getMessage());
    }
}
