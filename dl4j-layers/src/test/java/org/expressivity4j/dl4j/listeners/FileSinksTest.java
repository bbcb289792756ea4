package org.expressivity4j.dl4j.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import org.slf4j.LoggerFactory;

/** CSV and JSON-lines sinks: long format, appended across a save and restore of the model, crash-tolerant. */
class FileSinksTest {

    @Test
    void reattachedAfterRestoreTheFilesContinueWithoutDuplicates(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("out/trajectory.csv");
        Path jsonl = dir.resolve("out/trajectory.jsonl");
        Probe probe = TrainingUnchangedTest.probe(false);

        MultiLayerNetwork net = ListenerNets.network(ListenerNets.denseConf(4));
        try (TrajectoryListener first = new TrajectoryListener.Builder().probe(probe).points(16).everyIterations(2)
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
        try (TrajectoryListener second = new TrajectoryListener.Builder().probe(probe).points(16).everyIterations(2)
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
        try (CsvSink sink = new CsvSink(csv)) {
            sink.accept(written);
        }
        assertEquals(written, CsvSink.read(csv));
    }

    @Test
    void refusesToAppendToAnotherKindOfFile(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("other.csv");
        Files.writeString(csv, "step,layer,metric,value\n1,a,b,2\n");
        try (CsvSink sink = new CsvSink(csv)) {
            var e = assertThrows(IllegalStateException.class, () -> sink.accept(List.of(RECORD)));
            assertTrue(e.getMessage().contains("refusing to append"), e.getMessage());
        }
        assertEquals("step,layer,metric,value\n1,a,b,2\n", Files.readString(csv), "left as it was");
        Path jsonl = dir.resolve("other.jsonl");
        Files.writeString(jsonl, "{\"step\":1}\n");
        try (JsonLinesSink sink = new JsonLinesSink(jsonl)) {
            assertThrows(IllegalStateException.class, () -> sink.accept(List.of(RECORD)));
        }
        assertEquals("{\"step\":1}\n", Files.readString(jsonl), "left as it was");
    }

    @Test
    void noFileIsCreatedBeforeTheFirstProbe(@TempDir Path dir) {
        Path out = dir.resolve("out");
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(TrainingUnchangedTest.probe(false))
                .csv(out.resolve("t.csv")).jsonLines(out.resolve("t.jsonl")).tensorBoard(out.resolve("tb")).build();
        listener.close();
        assertFalse(Files.exists(out), "nothing written, not even the folder");
        CsvSink sink = (CsvSink) listener.sinks().get(0);
        assertNull(sink.file());
        assertEquals(out.resolve("t.csv"), sink.path());
    }

    @Test
    void aNewRunOnAUsedFileGetsANewFileAndARestoredNetworkContinuesTheNewest(@TempDir Path dir)
            throws IOException {
        Path csv = dir.resolve("t.csv");
        Path jsonl = dir.resolve("t.jsonl");
        ListAppender<ILoggingEvent> log = captureListenerLog();
        try {
            train(ListenerNets.network(ListenerNets.denseConf(4)), csv, jsonl, ExistingRecords.CONTINUE_OR_NEW_FILE);
            String firstRun = Files.readString(csv);
            String firstRunJson = Files.readString(jsonl);
            assertEquals(List.of(0L, 2L, 3L), new MemoryHistory(CsvSink.read(csv)).iterations());
            assertTrue(warnings(log).isEmpty(), warnings(log).toString());

            // The same program again, on a fresh network: the first file is left as it was.
            MultiLayerNetwork second = ListenerNets.network(ListenerNets.denseConf(5));
            train(second, csv, jsonl, ExistingRecords.CONTINUE_OR_NEW_FILE);
            assertEquals(firstRun, Files.readString(csv));
            assertEquals(firstRunJson, Files.readString(jsonl));
            Path csv2 = dir.resolve("t-2.csv");
            assertEquals(List.of(0L, 2L, 3L), new MemoryHistory(CsvSink.read(csv2)).iterations());
            assertEquals(CsvSink.read(csv2).size(), Files.readAllLines(dir.resolve("t-2.jsonl")).size());
            List<String> warnings = warnings(log);
            assertEquals(2, warnings.size(), "one line per file: " + warnings);
            assertTrue(warnings.get(0).contains("t.csv already holds a run up to iteration 3")
                    && warnings.get(0).contains("t-2.csv"), warnings.get(0));

            // The second network, saved and restored, continues its own file (the newest), not the first run's.
            Path saved = dir.resolve("second.zip");
            ModelSerializer.writeModel(second, saved.toFile(), true);
            train(ModelSerializer.restoreMultiLayerNetwork(saved.toFile(), true), csv, jsonl,
                    ExistingRecords.CONTINUE_OR_NEW_FILE);
            assertEquals(firstRun, Files.readString(csv));
            assertEquals(List.of(0L, 2L, 3L, 4L, 6L), new MemoryHistory(CsvSink.read(csv2)).iterations());
            assertFalse(Files.exists(dir.resolve("t-3.csv")));
            assertEquals(2, warnings(log).size());
            assertNoDuplicateRows(CsvSink.read(csv2));
        } finally {
            release(log);
        }
    }

    @Test
    void appendAndOverwriteDoWhatTheySay(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("t.csv");
        Path jsonl = dir.resolve("t.jsonl");
        train(ListenerNets.network(ListenerNets.denseConf(4)), csv, jsonl, ExistingRecords.CONTINUE_OR_NEW_FILE);
        int oneRun = CsvSink.read(csv).size();

        train(ListenerNets.network(ListenerNets.denseConf(5)), csv, jsonl, ExistingRecords.APPEND);
        assertEquals(2 * oneRun, CsvSink.read(csv).size(), "asked for: two runs in one file");
        assertEquals(2 * oneRun, Files.readAllLines(jsonl).size());

        train(ListenerNets.network(ListenerNets.denseConf(6)), csv, jsonl, ExistingRecords.OVERWRITE);
        List<TrajectoryRecord> records = CsvSink.read(csv);
        assertEquals(oneRun, records.size(), "only the last run");
        assertNoDuplicateRows(records);
        assertEquals(oneRun, Files.readAllLines(jsonl).size());
        assertEquals(1, Files.readAllLines(csv).stream().filter(l -> l.startsWith("iteration,")).count());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no numbered files");
        }
    }

    @Test
    void aListenerReusedOnAFreshNetworkMovesOnToANewFile(@TempDir Path dir) {
        Path csv = dir.resolve("t.csv");
        try (TrajectoryListener listener = new TrajectoryListener.Builder().probe(TrainingUnchangedTest.probe(false))
                .points(8).everyIterations(2).csv(csv).build()) {
            MultiLayerNetwork a = ListenerNets.network(ListenerNets.denseConf(1));
            a.addListeners(listener);
            a.fit(ListenerNets.data(false, 3, 8, 1), 1);
            MultiLayerNetwork b = ListenerNets.network(ListenerNets.denseConf(2));
            b.addListeners(listener);
            b.fit(ListenerNets.data(false, 3, 8, 1), 1);
            assertEquals(dir.resolve("t-2.csv"), ((CsvSink) listener.sinks().get(0)).file());
        }
        assertEquals(List.of(0L, 2L, 3L), new MemoryHistory(CsvSink.read(csv)).iterations());
        assertEquals(List.of(0L, 2L, 3L), new MemoryHistory(CsvSink.read(dir.resolve("t-2.csv"))).iterations());
    }

    @Test
    void numberedNamesKeepTheExtension() {
        assertEquals(Path.of("a/t-2.csv"), RunFile.numbered(Path.of("a/t.csv"), 2));
        assertEquals(Path.of("a/t.x-3.jsonl"), RunFile.numbered(Path.of("a/t.x.jsonl"), 3));
        assertEquals(Path.of("trajectory-2"), RunFile.numbered(Path.of("trajectory"), 2));
        assertEquals(Path.of(".hidden-2"), RunFile.numbered(Path.of(".hidden"), 2));
    }

    private static final TrajectoryRecord RECORD = new TrajectoryRecord(0, 0, -1, "input", "Input",
            TrajectoryMetric.LENGTH, 1.0);

    /** One epoch of 3 minibatches, probed at the start, every 2 iterations and at the epoch's end. */
    private static void train(MultiLayerNetwork net, Path csv, Path jsonl, ExistingRecords mode) {
        try (TrajectoryListener listener = new TrajectoryListener.Builder().probe(TrainingUnchangedTest.probe(false))
                .points(8).everyIterations(2).csv(csv, mode).jsonLines(jsonl, mode).build()) {
            net.addListeners(listener);
            net.fit(ListenerNets.data(false, 3, 8, 1), 1);
            net.setListeners();
        }
    }

    private static void assertNoDuplicateRows(List<TrajectoryRecord> records) {
        Set<String> keys = new HashSet<>();
        for (TrajectoryRecord r : records) {
            assertTrue(keys.add(r.iteration() + "/" + r.layer() + "/" + r.metric()), "duplicate row " + r);
        }
    }

    static ListAppender<ILoggingEvent> captureListenerLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(TrajectoryListener.class)).addAppender(appender);
        return appender;
    }

    static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(TrajectoryListener.class)).detachAppender(appender);
    }

    static List<String> warnings(ListAppender<ILoggingEvent> appender) {
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void jsonLinesQuoteNonFiniteValuesAndEscapeNames(@TempDir Path dir) throws IOException {
        Path jsonl = dir.resolve("t.jsonl");
        try (JsonLinesSink sink = new JsonLinesSink(jsonl)) {
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
