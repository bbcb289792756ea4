package org.expressivity4j.dl4j.listeners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.dl4j.freeze.LayerFreezing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The listener must not change training: with it attached (probing after every update and at every epoch end), the
 * parameters (including batch-norm statistics), the updater state and the score after K iterations are bit-identical
 * to those of a run without it, for networks with dropout (random numbers at every step), batch norm (running
 * statistics) and trajectory regularization (an original length measured over the first minibatches).
 */
class TrainingUnchangedTest {

    private static final long SEED = 7;
    private static final int EPOCHS = 2;
    private static final int BATCHES = 3;

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("dense MultiLayerNetwork", false,
                        (Supplier<Model>) () -> ListenerNets.network(ListenerNets.denseConf(SEED))),
                Arguments.of("conv MultiLayerNetwork", true,
                        (Supplier<Model>) () -> ListenerNets.network(ListenerNets.convConf(SEED))),
                Arguments.of("dense MultiLayerNetwork with trajectory regularization", false,
                        (Supplier<Model>) () -> ListenerNets.network(ListenerNets.trajRegConf(SEED))),
                Arguments.of("dense ComputationGraph with merge", false,
                        (Supplier<Model>) () -> ListenerNets.graph(ListenerNets.graphConf(SEED))),
                Arguments.of("conv ComputationGraph", true,
                        (Supplier<Model>) () -> ListenerNets.network(ListenerNets.convConf(SEED))
                                .toComputationGraph()),
                Arguments.of("dense MultiLayerNetwork, all layers but d2 frozen", false,
                        (Supplier<Model>) () -> LayerFreezing.trainOnly(
                                ListenerNets.network(ListenerNets.denseConf(SEED)), "d2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void parametersAreBitIdenticalWithTheListener(String label, boolean images, Supplier<Model> factory) {
        MemoryHistory history = new MemoryHistory();
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(probe(images)).everyIterations(1)
                .points(40).history(history).build();

        Model without = train(factory.get(), null, images);
        Model with = train(factory.get(), listener, images);

        assertBitIdentical(without.params(), with.params(), label + ": parameters");
        assertBitIdentical(updaterState(without), updaterState(with), label + ": updater state");
        assertEquals(Double.doubleToLongBits(without.score()), Double.doubleToLongBits(with.score()),
                label + ": score");
        // It did probe: at the start, after every update and at the epoch ends (no duplicates).
        long iterations = (long) EPOCHS * BATCHES;
        assertEquals(iterations + 1, history.iterations().size());
        assertEquals(0L, history.iterations().get(0));
        assertEquals(iterations, history.iterations().get(history.iterations().size() - 1));
        assertEquals(0L, listener.failedProbes());
        assertFalse(Nd4j.getWorkspaceManager().anyWorkspaceActiveForCurrentThread(), "no workspace left open");
    }

    @Test
    void theLayerColumnIsDl4jsIndex() {
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(probe(false)).points(8).build();
        MultiLayerNetwork net = ListenerNets.network(ListenerNets.denseConf(SEED));
        List<TrajectoryRecord> records = listener.measure(net);
        assertEquals(-1, records.get(0).layer());
        assertEquals("input", records.get(0).name());
        for (TrajectoryRecord r : records.subList(1, records.size())) {
            if (r.layer() >= 0) {
                assertEquals(r.name(), net.getLayer(r.layer()).conf().getLayer().getLayerName(), r.toString());
            }
        }
        assertEquals(net.getnLayers() + 1, new MemoryHistory(records).layers().size());
        ComputationGraph graph = ListenerNets.graph(ListenerNets.graphConf(SEED));
        for (TrajectoryRecord r : listener.measure(graph)) {
            assertEquals(r.name(), graph.getVertices()[r.layer()].getVertexName(), r.toString());
        }
    }

    @Test
    void frozenLayersAreRecordedAsTheLayersInside() {
        MemoryHistory history = new MemoryHistory();
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(probe(false)).points(40)
                .history(history).build();
        MultiLayerNetwork frozen = LayerFreezing.trainOnly(ListenerNets.network(ListenerNets.denseConf(SEED)), "d2");
        List<TrajectoryRecord> records = listener.measure(frozen);
        List<TrajectoryRecord> plain = listener.measure(ListenerNets.network(ListenerNets.denseConf(SEED)));
        assertEquals(plain.size(), records.size());
        for (int i = 0; i < plain.size(); i++) {
            TrajectoryRecord a = plain.get(i);
            TrajectoryRecord b = records.get(i);
            assertEquals(List.of(a.layer(), a.name(), a.type(), a.metric()), List.of(b.layer(), b.name(), b.type(),
                    b.metric()), "frozen d1 is a DenseLayer with relu transitions");
            // The same float32 forward pass, up to the order of summation (about 1e-8 relative).
            assertEquals(a.value(), b.value(), 1e-6 * Math.abs(a.value()), a.toString());
        }
    }

    @Test
    void probingLeavesTheNetworksInputAndWorkspacesAlone() {
        MultiLayerNetwork net = ListenerNets.network(ListenerNets.denseConf(SEED));
        INDArray input = Nd4j.rand(5, ListenerNets.FEATURES);
        net.setInput(input);
        TrajectoryListener listener = new TrajectoryListener.Builder().probe(probe(false)).points(30).build();
        List<TrajectoryRecord> records = listener.measure(net);
        assertFalse(records.isEmpty());
        assertSame(input, net.getInput(), "the network's input is the one the user set");
        assertFalse(Nd4j.getWorkspaceManager().anyWorkspaceActiveForCurrentThread());
    }

    private static Model train(Model model, TrajectoryListener listener, boolean images) {
        if (listener != null) {
            model.addListeners(listener);
        }
        DataSetIterator data = ListenerNets.data(images, BATCHES, 10, 99);
        // Dropout draws from ND4J's global generator: both runs start from the same state.
        Nd4j.getRandom().setSeed(1234);
        if (model instanceof MultiLayerNetwork net) {
            net.fit(data, EPOCHS);
        } else {
            ((ComputationGraph) model).fit(data, EPOCHS);
        }
        return model;
    }

    static Probe probe(boolean images) {
        org.nd4j.linalg.api.rng.Random random = Nd4j.getRandomFactory().getNewRandomInstance(3);
        long[] shape = images ? new long[] {1, 2, ListenerNets.SIDE, ListenerNets.SIDE}
                : new long[] {1, ListenerNets.FEATURES};
        return Probe.quarterCircle(Nd4j.rand(random, shape), Nd4j.rand(random, shape));
    }

    private static INDArray updaterState(Model model) {
        return model instanceof MultiLayerNetwork net ? net.getUpdater().getStateViewArray()
                : ((ComputationGraph) model).getUpdater().getStateViewArray();
    }

    static void assertBitIdentical(INDArray expected, INDArray actual, String what) {
        assertEquals(expected.length(), actual.length(), what + ": length");
        assertTrue(expected.length() > 0, what + ": not empty");
        assertArrayEquals(expected.dup().data().asInt(), actual.dup().data().asInt(), what + " differ in their bits");
    }
}
