package org.expressivity4j.trainers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.expressivity4j.trainers.models.Architectures.Normalization;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class ArchitecturesTest {

    private static List<String> names(MultiLayerConfiguration conf) {
        return conf.getConfs().stream().map(c -> c.getLayer().getLayerName()).toList();
    }

    @Test
    void trajectoryRegularizationTakesBatchNormsPlaces() {
        MultiLayerConfiguration none = Architectures.cifarConvNet(0.1, Normalization.NONE, 2.0, new Sgd(0.1), 1);
        MultiLayerConfiguration bn = Architectures.cifarConvNet(0.1, Normalization.BATCH_NORM, 2.0, new Sgd(0.1), 1);
        MultiLayerConfiguration tr = Architectures.cifarConvNet(0.1, Normalization.TRAJECTORY_REGULARIZATION, 2.0,
                new Sgd(0.1), 1);
        assertEquals(List.of("c1", "c2", "p1", "c3", "c4", "c5", "p2", "fc1", "fc2", "out"), names(none));
        assertEquals(List.of("c1", "c2", "bn1", "p1", "c3", "c4", "c5", "bn2", "p2", "fc1", "bn3", "fc2", "bn4", "out"),
                names(bn));
        assertEquals(names(bn).stream().map(n -> n.replace("bn", "tr")).toList(), names(tr));
        for (int i = 0; i < bn.getConfs().size(); i++) {
            if (bn.getConf(i).getLayer() instanceof BatchNormalization) {
                assertInstanceOf(TrajectoryRegularization.class, tr.getConf(i).getLayer());
            }
        }
        // The same network otherwise: 4 layers of 3 parameters (lambda and the warm-up state) added to NONE's.
        MultiLayerNetwork a = new MultiLayerNetwork(none);
        a.init();
        MultiLayerNetwork b = new MultiLayerNetwork(tr);
        b.init();
        assertEquals(a.numParams() + 4 * 3, b.numParams());
        assertArrayEquals(new long[] {7, 10}, b.output(Nd4j.rand(DataType.FLOAT, 7, 3, 32, 32)).shape());
    }
}
