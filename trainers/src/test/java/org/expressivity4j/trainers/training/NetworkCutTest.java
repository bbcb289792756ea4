package org.expressivity4j.trainers.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.dl4j.freeze.LayerFreezing;
import org.expressivity4j.trainers.models.Architectures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Cutting a network: the top computes what the whole network computes above the cut, the training top with fixed
 * frozen layers trains bit for bit like the plain top, and joining gives back the whole network with the top's
 * parameters, updater state and counts.
 */
class NetworkCutTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure(NativeBackend.Settings.withThreads(1));
    }

    @AfterAll
    static void restore() {
        NativeBackend.configureDefaults();
    }

    static MultiLayerNetwork mlp() {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.mlp(20, 4, 12, 5, Activation.HARDTANH, 1.0,
                new Adam(0.05), 9));
        net.init();
        return net;
    }

    static DataSet batch(int seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, 20);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 5);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, (i * 7 + seed) % 5, 1);
        }
        return new DataSet(x, y);
    }

    static float[] values(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    @Test
    void theTopComputesWhatTheWholeNetworkComputesAboveTheCut() {
        MultiLayerNetwork whole = mlp();
        INDArray x = batch(1).getFeatures();
        for (int from = 0; from < whole.getnLayers(); from++) {
            INDArray below = CachedActivations.below(whole, from, x);
            assertArrayEquals(values(whole.output(x, false)), values(NetworkCut.topForInference(whole, from)
                    .output(below, false)), "cut at " + from);
            assertArrayEquals(values(whole.output(x, false)), values(NetworkCut.trainingTop(
                    LayerFreezing.trainOnly(whole, from), from).output(below, false)), "training top at " + from);
        }
    }

    @Test
    void theTrainingTopTrainsLikeThePlainTopAndJoinsBackIntoTheWholeNetwork() {
        MultiLayerNetwork base = mlp();
        int from = 1;
        MultiLayerNetwork frozen = LayerFreezing.trainOnly(base, from);
        MultiLayerNetwork plain = NetworkCut.top(frozen, from);
        MultiLayerNetwork fixed = NetworkCut.trainingTop(frozen, from);
        assertTrue(fixed.numParams() < plain.numParams(), "the fixed layers hold no parameters");
        assertTrue(fixed.getLayer(1).conf().getLayer() instanceof FixedDense);
        for (int step = 0; step < 5; step++) {
            DataSet d = batch(10 + step);
            DataSet below = new DataSet(CachedActivations.below(base, from, d.getFeatures()), d.getLabels());
            plain.fit(below);
            fixed.fit(below);
            assertEquals(plain.score(), fixed.score(), 0.0, "step " + step);
        }
        assertArrayEquals(values(plain.getLayer(0).params()), values(fixed.getLayer(0).params()));
        assertArrayEquals(values(plain.getUpdater().getStateViewArray()),
                values(fixed.getUpdater().getStateViewArray()));
        MultiLayerConfiguration conf = frozen.getLayerWiseConfigurations();
        MultiLayerNetwork fromPlain = NetworkCut.join(conf, base, plain);
        MultiLayerNetwork fromFixed = NetworkCut.join(conf, base, fixed);
        assertArrayEquals(values(fromPlain.params()), values(fromFixed.params()));
        assertArrayEquals(values(fromPlain.getUpdater().getStateViewArray()),
                values(fromFixed.getUpdater().getStateViewArray()));
        assertEquals(5, fromFixed.getLayerWiseConfigurations().getIterationCount());
        for (int i = 0; i < base.getnLayers(); i++) {
            boolean same = java.util.Arrays.equals(values(base.getLayer(i).params()),
                    values(fromFixed.getLayer(i).params()));
            assertEquals(i != from, same, "only layer " + from + " trained; layer " + i);
        }
        // and cut again: the same top
        MultiLayerNetwork again = NetworkCut.trainingTop(fromFixed, from);
        assertArrayEquals(values(fixed.params()), values(again.params()));
        assertArrayEquals(values(fixed.getUpdater().getStateViewArray()),
                values(again.getUpdater().getStateViewArray()));
    }

    @Test
    void stochasticOrUnknownLayersBelowAreNamed() {
        MultiLayerConfiguration conf = mlp().getLayerWiseConfigurations().clone();
        assertEquals(Optional.empty(), NetworkCut.whyNotDeterministic(conf, 3));
        conf.getConf(1).getLayer().setIDropout(new Dropout(0.5));
        assertEquals(Optional.empty(), NetworkCut.whyNotDeterministic(conf, 1), "h2 is not below the cut at 1");
        Optional<String> why = NetworkCut.whyNotDeterministic(conf, 2);
        assertTrue(why.isPresent() && why.get().startsWith("h2 below has dropout"), why.toString());
        assertFalse(NetworkCut.whyNotDeterministic(Architectures.cifarConvNet(0.1, Architectures.Normalization.NONE,
                2.0, new Adam(1e-3), 1), 7).isPresent(), "convolution, pooling and dense layers are deterministic");
        Optional<String> bn = NetworkCut.whyNotDeterministic(Architectures.cifarConvNet(0.1,
                Architectures.Normalization.BATCH_NORM, 2.0, new Adam(1e-3), 1), 4);
        assertTrue(bn.isPresent() && bn.get().contains("BatchNormalization"), bn.toString());
    }
}
