package org.expressivity4j.dl4j.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV and JSON-lines sinks: long format, appended across a save and restore of the model, crash-tolerant. */
class FileSinksTest {

    @Test
    void reattachedAfterRestoreTheFilesContinueWithoutDuplicates(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("out/trajectory.csv");
        Path jsonl = dir.resolve("out/trajectory.jsonl");
        Probe probe = TrainingUnchangedTest.probe(false);

        MultiLayerNetwork net = ListenerNets.network(ListenerNets.denseConf(4));
        try (TrajectoryListener first = TrajectoryListener.builder().probe(probe).points(16).everyIterations(2)
                .csv(csv).jsonLines(jsonl).build()) {
            net.addListeners(first);
            net.fit(ListenerNets.data(false, 3, 8, 1), 2);
        }
        assertEquals(6, net.getIterationCount());
        Path saved = dir.resolve("model.zip");
        ModelSerializer.writeModel(net, saved.toFile(), true);
        // A crash while writing left half a row behind.
        Files.writeString(csv, "7,2,1,d1,DenseLayer,len", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(jsonl, "{\"iteration\":7,", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(saved.toFile(), true);
        try (TrajectoryListener second = TrajectoryListener.builder().probe(probe).points(16).everyIterations(2)
                .csv(csv).jsonLines(jsonl).build()) {
            restored.addListeners(second);
            restored.fit(ListenerNets.data(false, 3, 8, 2), 1);
        }

        List<String> lines = Files.readAllLines(csv);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("iteration,")).count(), "one header");
        assertEquals(String.join(",", CsvSink.COLUMNS), lines.get(0));
        List<TrajectoryRecord> records = CsvSink.read(csv);
        // First run: 0 (start), 2, 4, 6 (every 2; the epoch ends at 3 and 6). Second run: 8 and 9 (epoch end).
        // Epoch ends at 3: probed too.
        List<Long> iterations = new MemoryHistory(records).iterations();
        assertEquals(List.of(0L, 2L, 3L, 4L, 6L, 8L, 9L), iterations);
        Set<String> keys = new HashSet<>();
        for (TrajectoryRecord r : records) {
            assertTrue(keys.add(r.iteration() + "/" + r.layer() + "/" + r.metric()), "duplicate row " + r);
        }
        // Epochs continue too: the second run's rows are in epoch 2.
        assertTrue(records.stream().filter(r -> r.iteration() >= 8).allMatch(r -> r.epoch() == 2));
        // The JSON-lines file has one complete object per CSV row, and no partial line.
        List<String> json = Files.readAllLines(jsonl);
        assertEquals(records.size(), json.size());
        assertTrue(json.stream().allMatch(l -> l.startsWith("{\"iteration\":") && l.endsWith("}")));
        assertEquals(records.get(0).value(), Double.parseDouble(json.get(0).replaceAll(".*\"value\":", "")
                .replace("}", "")), 0.0);
    }

    @Test
    void csvRoundTripsEveryRecordIncludingNonFiniteValuesAndQuotedNames(@TempDir Path dir) {
        Path csv = dir.resolve("t.csv");
        List<TrajectoryRecord> written = List.of(
                new TrajectoryRecord(0, 0, 0, "input", "Input", TrajectoryMetric.LENGTH, 1.5707963267948966),
                new TrajectoryRecord(10, 1, 1, "a,\"b\"", "DenseLayer", TrajectoryMetric.TRANSITIONS, 12),
                new TrajectoryRecord(10, 1, 1, "a,\"b\"", "DenseLayer", TrajectoryMetric.GROWTH, Double.NaN),
                new TrajectoryRecord(10, 1, 2, "c", "OutputLayer", TrajectoryMetric.LENGTH,
                        Double.POSITIVE_INFINITY));
        try (CsvSink sink = CsvSink.open(csv)) {
            sink.accept(written);
        }
        assertEquals(written, CsvSink.read(csv));
    }

    @Test
    void refusesToAppendToAnotherKindOfCsv(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("other.csv");
        Files.writeString(csv, "step,layer,metric,value\n1,a,b,2\n");
        assertThrows(IllegalStateException.class, () -> CsvSink.open(csv));
        assertEquals("step,layer,metric,value\n1,a,b,2\n", Files.readString(csv), "left as it was");
    }

    @Test
    void jsonLinesQuoteNonFiniteValuesAndEscapeNames(@TempDir Path dir) throws IOException {
        Path jsonl = dir.resolve("t.jsonl");
        try (JsonLinesSink sink = JsonLinesSink.open(jsonl)) {
            sink.accept(List.of(new TrajectoryRecord(3, 0, 1, "q\"\\", "DenseLayer", TrajectoryMetric.LENGTH,
                    Double.NEGATIVE_INFINITY), new TrajectoryRecord(3, 0, 1, "x", "DenseLayer",
                    TrajectoryMetric.SIGMA_W2, 0.25)));
        }
        assertEquals(List.of(
                "{\"iteration\":3,\"epoch\":0,\"layer\":1,\"name\":\"q\\\"\\\\\",\"type\":\"DenseLayer\","
                        + "\"metric\":\"length\",\"value\":\"-Infinity\"}",
                "{\"iteration\":3,\"epoch\":0,\"layer\":1,\"name\":\"x\",\"type\":\"DenseLayer\","
                        + "\"metric\":\"sigma_w2\",\"value\":0.25}"), Files.readAllLines(jsonl));
    }
}
