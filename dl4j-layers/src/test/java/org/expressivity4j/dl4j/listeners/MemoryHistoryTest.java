package org.expressivity4j.dl4j.listeners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class MemoryHistoryTest {

    private static final List<TrajectoryRecord> RECORDS = List.of(
            new TrajectoryRecord(0, 0, 0, "input", "Input", TrajectoryMetric.LENGTH, 2.0),
            new TrajectoryRecord(0, 0, 1, "h1", "DenseLayer", TrajectoryMetric.LENGTH, 3.0),
            new TrajectoryRecord(0, 0, 1, "h1", "DenseLayer", TrajectoryMetric.TRANSITIONS, 7),
            new TrajectoryRecord(0, 0, 2, "out", "OutputLayer", TrajectoryMetric.LENGTH, 1.0),
            new TrajectoryRecord(100, 1, 0, "input", "Input", TrajectoryMetric.LENGTH, 2.0),
            new TrajectoryRecord(100, 1, 1, "h1", "DenseLayer", TrajectoryMetric.LENGTH, 5.0),
            new TrajectoryRecord(100, 1, 2, "out", "OutputLayer", TrajectoryMetric.LENGTH, 4.0));

    @Test
    void queriesByIterationLayerAndMetric() {
        MemoryHistory h = new MemoryHistory();
        h.accept(RECORDS.subList(0, 4));
        h.accept(RECORDS.subList(4, 7));
        assertEquals(List.of(0L, 100L), h.iterations());
        assertEquals(List.of(new MemoryHistory.Layer(0, "input", "Input"),
                new MemoryHistory.Layer(1, "h1", "DenseLayer"), new MemoryHistory.Layer(2, "out", "OutputLayer")),
                h.layers());
        assertArrayEquals(new double[] {2, 5, 4}, h.lengths(100), 0.0);
        assertEquals(List.of(new MemoryHistory.Point(0, 0, 3.0), new MemoryHistory.Point(100, 1, 5.0)),
                h.series("h1", TrajectoryMetric.LENGTH));
        assertEquals(7.0, h.value(0, 1, TrajectoryMetric.TRANSITIONS).orElseThrow(), 0.0);
        assertTrue(h.value(100, 1, TrajectoryMetric.TRANSITIONS).isEmpty(), "absent, not 0");
        assertTrue(Double.isNaN(h.values(100, TrajectoryMetric.TRANSITIONS)[1]));
        assertEquals(RECORDS, h.records());
        assertThrows(IllegalArgumentException.class, () -> h.series("nope", TrajectoryMetric.LENGTH));
    }

    @Test
    void fromCsvEqualsTheRecordsWritten(@TempDir Path dir) {
        Path csv = dir.resolve("h.csv");
        try (CsvSink sink = new CsvSink(csv)) {
            sink.accept(RECORDS);
        }
        assertEquals(RECORDS, MemoryHistory.fromCsv(csv).records());
    }

    @Test
    void runStartsWhereIterationsGoBackOrARecordRepeats() {
        List<TrajectoryRecord> oneRun = RECORDS;
        assertEquals(List.of(0), MemoryHistory.runStarts(oneRun));
        List<TrajectoryRecord> again = new ArrayList<>(RECORDS);
        again.addAll(RECORDS);
        assertEquals(List.of(0, 7), MemoryHistory.runStarts(again), "iteration 0 after 100");
        // A second run that starts where the first ended (a network restored from an earlier checkpoint, say):
        // iteration 100 does not go back, but its records repeat.
        List<TrajectoryRecord> overlap = new ArrayList<>(RECORDS);
        overlap.addAll(RECORDS.subList(4, 7));
        assertEquals(List.of(0, 7), MemoryHistory.runStarts(overlap));
        assertEquals(List.of(), MemoryHistory.runStarts(List.of()));
    }

    @Test
    void fromCsvRefusesAFileWithTwoRuns(@TempDir Path dir) {
        Path csv = dir.resolve("h.csv");
        try (CsvSink sink = new CsvSink(csv, ExistingRecords.APPEND)) {
            sink.accept(RECORDS);
            sink.accept(RECORDS.subList(0, 4));
        }
        var e = assertThrows(IllegalStateException.class, () -> MemoryHistory.fromCsv(csv));
        assertTrue(e.getMessage().contains("holds 2 runs, not one: at record 8 (line 9) iteration 0 follows "
                + "iteration 100; 11 records in all") && e.getMessage().contains("(records 1, 8)"), e.getMessage());
        assertEquals(11, CsvSink.read(csv).size(), "the raw records are still readable");
    }

    @Test
    void logSinkWritesOneSummaryLinePerProbe() {
        String line = LogSink.summary(RECORDS.subList(0, 4));
        assertEquals("trajectory at iteration 0 (epoch 0): length input 2.000 | h1 3.000 | out 1.000; "
                + "transitions 7", line);
    }

    @Test
    void aFailingSinkIsLoggedOnceAndTheOthersStillReceive() {
        Logger logger = (Logger) LoggerFactory.getLogger(TrajectoryListener.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            List<List<TrajectoryRecord>> received = new ArrayList<>();
            MemoryHistory history = new MemoryHistory();
            TrajectoryListener listener = new TrajectoryListener.Builder().probe(TrainingUnchangedTest.probe(false))
                    .points(10).everyIterations(1)
                    .sink(records -> {
                        throw new IllegalStateException("disk full");
                    })
                    .sink(received::add).history(history).build();
            ComputationGraph graph = ListenerNets.graph(ListenerNets.graphConf(2));
            graph.addListeners(listener);
            graph.fit(ListenerNets.data(false, 2, 6, 3), 1);
            assertEquals(3, received.size(), "start and two iterations");
            assertEquals(List.of(0L, 1L, 2L), history.iterations());
            assertEquals(1, appender.list.stream().filter(e -> e.getLevel() == Level.ERROR).count());
            // The graph's vertices in topological order, the merge vertex without growth (two inputs).
            List<String> names = history.layers().stream().map(MemoryHistory.Layer::name).toList();
            assertEquals("in", names.get(0));
            assertTrue(names.containsAll(List.of("a", "b", "bn", "merge", "h", "out")), names.toString());
            // value() takes DL4J's vertex index, which is not the position in forward order.
            java.util.function.ToIntFunction<String> index = name -> history.layers().get(names.indexOf(name)).index();
            assertEquals(graph.getVertex("merge").getVertexIndex(), index.applyAsInt("merge"));
            int merge = index.applyAsInt("merge");
            assertTrue(history.value(2, merge, TrajectoryMetric.GROWTH).isEmpty());
            assertTrue(history.value(2, merge, TrajectoryMetric.LENGTH).isPresent());
            assertEquals("MergeVertex", history.layers().get(names.indexOf("merge")).type());
            int h = index.applyAsInt("h");
            assertTrue(history.value(2, h, TrajectoryMetric.TRANSITIONS).isPresent(), "hard tanh");
            assertTrue(history.value(2, index.applyAsInt("b"), TrajectoryMetric.TRANSITIONS).isEmpty(), "tanh");
        } finally {
            logger.detachAppender(appender);
        }
    }
}
