package org.expressivity4j.dl4j.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** NaN and infinite activations are recorded as such, warned about once per layer, and never stop training. */
class NonFiniteValuesTest {

    private ListAppender<ILoggingEvent> appender;
    private Logger logger;

    @BeforeEach
    void captureLog() {
        logger = (Logger) LoggerFactory.getLogger(TrajectoryListener.class);
        appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(appender);
    }

    @Test
    void nanWeightsGiveNanRecordsAndOneWarningPerLayer(@TempDir Path dir) {
        MultiLayerNetwork net = ListenerNets.network(ListenerNets.denseConf(3));
        MemoryHistory history = new MemoryHistory();
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(TrainingUnchangedTest.probe(false))
                .points(20).everyIterations(1).history(history).csv(dir.resolve("t.csv"))
                .jsonLines(dir.resolve("t.jsonl")).log().build();
        net.addListeners(listener);
        // A NaN weight in the first layer: every activation from there on is NaN, and so are the gradients.
        net.getLayer(0).getParam("W").putScalar(0, Double.NaN);

        net.fit(ListenerNets.data(false, 3, 10, 5), 1);

        assertEquals(0L, listener.failedProbes());
        assertEquals(List.of(0L, 1L, 2L, 3L), history.iterations());
        for (long iteration : history.iterations()) {
            double[] lengths = history.lengths(iteration);
            assertTrue(Double.isFinite(lengths[0]), "the input's length is finite");
            for (int layer = 1; layer < lengths.length; layer++) {
                assertTrue(Double.isNaN(lengths[layer]), "layer " + layer + " at " + iteration + ": " + lengths[layer]);
            }
        }
        List<String> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(5, warnings.size(), "one warning for each of the 5 layers: " + warnings);
        assertTrue(warnings.get(0).contains("'d1' is NaN"), warnings.get(0));
        // The files hold the same NaNs.
        MemoryHistory fromCsv = MemoryHistory.fromCsv(dir.resolve("t.csv"));
        assertTrue(Double.isNaN(fromCsv.lengths(3)[5]));
    }

    @Test
    void infiniteLengthsAreRecordedAsInfinity() {
        MultiLayerNetwork net = ListenerNets.network(ListenerNets.denseConf(3));
        // Weights of 1e30 in float: the first layer's outputs are finite (about 1e30) but their squared chord
        // lengths overflow float.
        net.getLayer(0).getParam("W").assign(1e30);
        List<TrajectoryRecord> records = new TrajectoryListener.Builder().probe(TrainingUnchangedTest.probe(false))
                .points(20).build().measure(net);
        double length = records.stream().filter(r -> r.layer() == 0 && r.metric() == TrajectoryMetric.LENGTH)
                .findFirst().orElseThrow().value();
        assertEquals(Double.POSITIVE_INFINITY, length);
        assertTrue(appender.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("'d1'")));
    }
}
