package org.expressivity4j.dl4j.listeners;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Networks the listener cannot probe are refused with one WARN line at the first probe, and {@code fit} goes on with
 * no exception, no records and no file; {@link TrajectoryListener#check} throws the same reason. Recurrent networks
 * are probed.
 */
class RefusalTest {

    private static final int VOCABULARY = 50;
    private static final int BATCH = 8;

    private ListAppender<ILoggingEvent> log;

    @BeforeEach
    void captureLog() {
        log = FileSinksTest.captureListenerLog();
    }

    @AfterEach
    void releaseLog() {
        FileSinksTest.release(log);
    }

    /**
     * A refused case: the network, the probe, a way to train it three times with the listener attached, and what the
     * reason must say.
     */
    record Case(String label, Model model, Probe probe, Consumer<Model> train, String reason) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                new Case("embedding layer first", embeddingNet(), indexProbe(new long[] {1, 1}),
                        RefusalTest::fitIndices, "layer 'emb' (EmbeddingLayer) takes indices"),
                new Case("embedding sequence layer first", embeddingSequenceNet(), indexProbe(new long[] {1, 1, 5}),
                        RefusalTest::fitIndexSequences, "layer 'emb' (EmbeddingSequenceLayer) takes indices"),
                new Case("graph with an embedding vertex on its input", embeddingGraph(),
                        indexProbe(new long[] {1, 1}), RefusalTest::fitIndices,
                        "vertex 'emb' (EmbeddingLayer) takes indices"),
                new Case("graph with two inputs", twoInputGraph(), TrainingUnchangedTest.probe(false),
                        RefusalTest::fitTwoInputs, "the graph has 2 inputs (left, right)"),
                new Case("integer probe", ListenerNets.network(ListenerNets.denseConf(1)),
                        Probe.quarterCircle(Nd4j.createFromArray(new int[][] {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}),
                                Nd4j.createFromArray(new int[][] {{0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12}})),
                        RefusalTest::fitIterator, "the probe was made from INT examples"),
                new Case("probe of another shape", ListenerNets.network(ListenerNets.denseConf(1)),
                        Probe.quarterCircle(Nd4j.rand(DataType.FLOAT, 1, 5), Nd4j.rand(DataType.FLOAT, 1, 5)),
                        RefusalTest::fitIterator, "the probe's points (examples of shape [5]) do not fit")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedWithOneLineAndNoFileWhileTrainingGoesOn(Case c, @TempDir Path dir) {
        Path csv = dir.resolve("t.csv");
        MemoryHistory history = new MemoryHistory();
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(c.probe()).points(8).everyIterations(1)
                .csv(csv).history(history).build();
        var e = assertThrows(IllegalArgumentException.class, () -> listener.check(c.model()));
        assertTrue(e.getMessage().contains(c.reason()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> listener.measure(c.model()));

        // A listener that was not asked first: the same reason, logged once, at the first probe.
        TrajectoryListener fresh = new TrajectoryListener.Builder().probe(c.probe()).points(8).everyIterations(1)
                .csv(csv).history(history).build();
        c.model().setListeners(fresh);
        assertDoesNotThrow(() -> c.train().accept(c.model()));
        fresh.close();

        List<ILoggingEvent> lines = log.list.stream().filter(l -> l.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertEquals(1, lines.size(), "exactly one line: " + lines.stream().map(ILoggingEvent::getFormattedMessage)
                .toList());
        assertEquals(Level.WARN, lines.get(0).getLevel());
        String line = lines.get(0).getFormattedMessage();
        assertTrue(line.startsWith("trajectory listener off for this network: ") && line.contains(c.reason()), line);
        assertTrue(lines.get(0).getThrowableProxy() == null, "no stack trace");
        assertEquals(0, history.size(), "no records");
        assertFalse(Files.exists(csv), "no file");
        assertEquals(0, fresh.failedProbes());
    }

    @Test
    void anUninitializedNetworkIsNotRefusedForGood() {
        MultiLayerNetwork net = new MultiLayerNetwork(ListenerNets.denseConf(1));
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(TrainingUnchangedTest.probe(false))
                .points(8).build();
        var e = assertThrows(IllegalArgumentException.class, () -> listener.check(net));
        assertTrue(e.getMessage().endsWith("the network is not initialized: call init() first"), e.getMessage());
        net.init();
        assertDoesNotThrow(() -> listener.check(net));
        assertEquals(-1, listener.measure(net).get(0).layer());
    }

    @Test
    void anLstmIsProbedWithEachSequenceOnePoint(@TempDir Path dir) {
        int features = 3;
        int steps = 6;
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2)
                .updater(new Adam(0.01)).list()
                .layer(new LSTM.Builder().name("lstm").nOut(7).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(features, steps))
                .build());
        net.init();
        org.nd4j.linalg.api.rng.Random random = Nd4j.getRandomFactory().getNewRandomInstance(4);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 2, steps);
            for (int i = 0; i < BATCH; i++) {
                for (int t = 0; t < steps; t++) {
                    labels.putScalar(new long[] {i, (i + t) % 2, t}, 1.0);
                }
            }
            batches.add(new DataSet(Nd4j.rand(random, BATCH, features, steps).castTo(DataType.FLOAT), labels));
        }
        ListDataSetIterator<DataSet> data = new ListDataSetIterator<>(batches, 1);
        MemoryHistory history = new MemoryHistory();
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(Probe.quarterCircle(data, 1))
                .points(16).everyIterations(1).history(history).build();
        listener.check(net);
        net.setListeners(listener);
        net.fit(data, 1);

        assertEquals(List.of(0L, 1L, 2L, 3L), history.iterations());
        assertEquals(List.of("input", "lstm", "out"), history.layers().stream().map(MemoryHistory.Layer::name)
                .toList());
        for (long iteration : history.iterations()) {
            for (double length : history.lengths(iteration)) {
                assertTrue(length > 0 && Double.isFinite(length), iteration + ": " + length);
            }
        }
        assertTrue(log.list.stream().noneMatch(l -> l.getLevel().isGreaterOrEqual(Level.WARN)));
    }

    // ------------------------------------------------------------------------------------------------ the networks

    private static MultiLayerNetwork embeddingNet() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Adam(0.01)).list()
                .layer(new EmbeddingLayer.Builder().name("emb").nIn(VOCABULARY).nOut(6).build())
                .layer(new DenseLayer.Builder().name("d").nIn(6).nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    private static MultiLayerNetwork embeddingSequenceNet() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Adam(0.01)).list()
                .layer(new EmbeddingSequenceLayer.Builder().name("emb").nIn(VOCABULARY).nOut(6).inputLength(5)
                        .build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).name("pool").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    private static ComputationGraph embeddingGraph() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Adam(0.01)).graphBuilder()
                .addInputs("in")
                .addLayer("emb", new EmbeddingLayer.Builder().nIn(VOCABULARY).nOut(6).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "emb")
                .setOutputs("out")
                .build());
        graph.init();
        return graph;
    }

    private static ComputationGraph twoInputGraph() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Adam(0.01)).graphBuilder()
                .addInputs("left", "right")
                .addLayer("a", new DenseLayer.Builder().nIn(ListenerNets.FEATURES).nOut(4).build(), "left")
                .addLayer("b", new DenseLayer.Builder().nIn(ListenerNets.FEATURES).nOut(4).build(), "right")
                .addVertex("merge", new MergeVertex(), "a", "b")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "merge")
                .setOutputs("out")
                .build());
        graph.init();
        return graph;
    }

    /** A probe between two index inputs, as a user would draw it from an iterator of indices (float arrays). */
    private static Probe indexProbe(long[] shape) {
        return Probe.quarterCircle(Nd4j.zeros(DataType.FLOAT, shape).addi(3),
                Nd4j.zeros(DataType.FLOAT, shape).addi(40));
    }

    // ------------------------------------------------------------------------------------------------ the training

    private static INDArray labels() {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 3);
        for (int i = 0; i < BATCH; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        return labels;
    }

    private static INDArray indices(long... shape) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, shape);
        for (int i = 0; i < x.length(); i++) {
            x.putScalar(i, (i * 7) % VOCABULARY);
        }
        return x;
    }

    private static void fitIndices(Model model) {
        DataSet data = new DataSet(indices(BATCH, 1), labels());
        for (int i = 0; i < 3; i++) {
            if (model instanceof MultiLayerNetwork net) {
                net.fit(data);
            } else {
                ((ComputationGraph) model).fit(data);
            }
        }
    }

    private static void fitIndexSequences(Model model) {
        DataSet data = new DataSet(indices(BATCH, 1, 5), labels());
        for (int i = 0; i < 3; i++) {
            ((MultiLayerNetwork) model).fit(data);
        }
    }

    private static void fitTwoInputs(Model model) {
        MultiDataSet data = new MultiDataSet(new INDArray[] {Nd4j.rand(DataType.FLOAT, BATCH, ListenerNets.FEATURES),
                Nd4j.rand(DataType.FLOAT, BATCH, ListenerNets.FEATURES)}, new INDArray[] {labels()});
        for (int i = 0; i < 3; i++) {
            ((ComputationGraph) model).fit(data);
        }
    }

    /** {@code fit(iterator, epochs)}: epoch callbacks too. */
    private static void fitIterator(Model model) {
        ((MultiLayerNetwork) model).fit(ListenerNets.data(false, 3, BATCH, 1), 2);
    }
}
