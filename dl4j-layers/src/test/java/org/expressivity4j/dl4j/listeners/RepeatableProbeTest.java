package org.expressivity4j.dl4j.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A probe's records depend on the network and the probe only, not on what the listener did before: the first probe
 * of a listener (e.g. the first after a resumed training) records exactly what a later one of the same network does,
 * also after the listener probed another network. (The points are propagated in chunks, and a length summed over
 * other chunks, or activations computed in other batch sizes, differ in their last bits.)
 */
class RepeatableProbeTest {

    @ParameterizedTest(name = "images: {0}")
    @ValueSource(booleans = {false, true})
    void aFirstProbeRecordsWhatALaterProbeRecords(boolean images) {
        MultiLayerNetwork net = ListenerNets.network(images ? ListenerNets.convConf(5) : ListenerNets.denseConf(5));
        MultiLayerNetwork other = ListenerNets.network(images ? ListenerNets.convConf(6) : ListenerNets.trajRegConf(6));
        Probe probe = TrainingUnchangedTest.probe(images);
        // Enough points for more than one chunk at first.
        TrajectoryListener used = new TrajectoryListener.Builder().probe(probe).points(129).build();
        List<TrajectoryRecord> first = used.measure(net);
        List<TrajectoryRecord> later = used.measure(net);
        assertEquals(first, later);
        TrajectoryListener shared = new TrajectoryListener.Builder().probe(probe).points(129).build();
        shared.measure(other);
        assertEquals(first, shared.measure(net), "after probing another network");
    }
}
