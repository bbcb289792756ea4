package org.expressivity4j.dl4j.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lengths, growth, transitions and weight scale on hand-built networks whose images of the probe are known exactly.
 * The networks run in double precision; tolerances are a few units of rounding.
 */
class KnownLengthsTest {

    private static final double ROUNDING = 1e-12;
    /** Float activations per probe point of {@link ListenerNets#denseConf}: 12 + 16 + 16 + 16 + 16 + 3, 4 bytes each. */
    private static final long DENSE_BYTES_PER_POINT = 79 * 4;

    /** The chord sum of a quarter circle of radius r sampled at n equally spaced angles: (n-1) 2r sin(pi / (4(n-1))). */
    private static double quarterCircleChordSum(double r, int n) {
        return (n - 1) * 2 * r * Math.sin(Math.PI / (4.0 * (n - 1)));
    }

    private static MultiLayerNetwork denseNet(int nIn, int nOut, Activation activation, double[][] w) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .weightInit(WeightInit.ZERO).list()
                .layer(new DenseLayer.Builder().name("h").nIn(nIn).nOut(nOut).activation(activation).hasBias(false)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getLayer(0).setParam("W", Nd4j.createFromArray(w));
        return net;
    }

    private static double value(List<TrajectoryRecord> records, int layer, TrajectoryMetric metric) {
        return records.stream().filter(r -> r.layer() == layer && r.metric() == metric).mapToDouble(
                TrajectoryRecord::value).findFirst().orElseThrow(() -> new AssertionError("no " + metric + " for layer "
                + layer));
    }

    private static boolean has(List<TrajectoryRecord> records, int layer, TrajectoryMetric metric) {
        return records.stream().anyMatch(r -> r.layer() == layer && r.metric() == metric);
    }

    @ParameterizedTest(name = "scale {0}")
    @ValueSource(doubles = {0.5, 3.0})
    void aLinearLayerScalesTheLengthByItsScaleFactor(double s) {
        // W = s * R, R a rotation by 30 degrees in the (e1, e2) plane and the identity on e3: an isometry times s.
        double c = Math.cos(Math.PI / 6);
        double sn = Math.sin(Math.PI / 6);
        double[][] w = {{s * c, s * sn, 0}, {-s * sn, s * c, 0}, {0, 0, s}};
        MultiLayerNetwork net = denseNet(3, 3, Activation.IDENTITY, w);
        double r = 2.0;
        Probe probe = Probe.quarterCircle(Nd4j.createFromArray(new double[][] {{r, 0, 0}}),
                Nd4j.createFromArray(new double[][] {{0, 0, r}}));
        int n = 101;
        List<TrajectoryRecord> records = new TrajectoryListener.Builder().probe(probe).points(n).build().measure(net);

        double input = quarterCircleChordSum(r, n);
        assertEquals(input, value(records, -1, TrajectoryMetric.LENGTH), input * ROUNDING);
        assertEquals(1.0, value(records, -1, TrajectoryMetric.LENGTH_RATIO), ROUNDING);
        assertEquals(s * input, value(records, 0, TrajectoryMetric.LENGTH), s * input * ROUNDING);
        assertEquals(s, value(records, 0, TrajectoryMetric.LENGTH_RATIO), s * ROUNDING);
        assertEquals(s, value(records, 0, TrajectoryMetric.GROWTH), s * ROUNDING);
        // Identity activation: no transitions recorded (not 0). The input has no growth and no weights.
        assertTrue(!has(records, 0, TrajectoryMetric.TRANSITIONS));
        assertTrue(!has(records, -1, TrajectoryMetric.GROWTH) && !has(records, -1, TrajectoryMetric.SIGMA_W2));
        // sigma_w^2 = fan_in * Var(W) over the 9 entries, computed here directly.
        double mean = 0;
        for (double[] row : w) {
            for (double v : row) {
                mean += v / 9;
            }
        }
        double var = 0;
        for (double[] row : w) {
            for (double v : row) {
                var += (v - mean) * (v - mean) / 9;
            }
        }
        assertEquals(3 * var, value(records, 0, TrajectoryMetric.SIGMA_W2), 3 * var * ROUNDING);
    }

    @Test
    void reluFoldsTheArcIntoTwoSegmentsWithTwoTransitions() {
        // h1 = x1 - x2 = cos - sin, h2 = -h1: each changes sign once, at t = 1/2 (a sample point for n odd). The relu
        // image runs from (1, 0) to (0, 0), then to (0, 1): length 2, exactly (collinear monotone chords).
        MultiLayerNetwork net = denseNet(2, 2, Activation.RELU, new double[][] {{1, -1}, {-1, 1}});
        Probe probe = Probe.quarterCircle(Nd4j.createFromArray(new double[] {1, 0}),
                Nd4j.createFromArray(new double[] {0, 1}));
        List<TrajectoryRecord> records = new TrajectoryListener.Builder().probe(probe).points(101).build().measure(net);
        assertEquals(2.0, value(records, 0, TrajectoryMetric.LENGTH), 1e-9);
        assertEquals(2.0, value(records, 0, TrajectoryMetric.TRANSITIONS), 0.0);
        assertEquals(2.0 / quarterCircleChordSum(1, 101), value(records, 0, TrajectoryMetric.GROWTH), 1e-9);
        // W entries are +-1: mean 0, variance 1, fan_in 2.
        assertEquals(2.0, value(records, 0, TrajectoryMetric.SIGMA_W2), ROUNDING);
    }

    @Test
    void hardTanhSaturatesAtBothEndsWithTwoTransitionsPerUnit() {
        // h1 = 2 (cos - sin) runs from 2 to -2: it enters the linear region and leaves it (2 transitions), h2 = -h1
        // likewise. The image is the segment from (1, -1) to (-1, 1), traversed once: length 2 sqrt 2.
        MultiLayerNetwork net = denseNet(2, 2, Activation.HARDTANH, new double[][] {{2, -2}, {-2, 2}});
        Probe probe = Probe.quarterCircle(Nd4j.createFromArray(new double[] {1, 0}),
                Nd4j.createFromArray(new double[] {0, 1}));
        List<TrajectoryRecord> records = new TrajectoryListener.Builder().probe(probe).points(200).build().measure(net);
        assertEquals(2 * Math.sqrt(2), value(records, 0, TrajectoryMetric.LENGTH), 1e-9);
        assertEquals(4.0, value(records, 0, TrajectoryMetric.TRANSITIONS), 0.0);
        assertEquals(2 * 4.0, value(records, 0, TrajectoryMetric.SIGMA_W2), ROUNDING);
    }

    @Test
    void convolutionActivationsAreFlattenedPerPoint() {
        // A 1x1 convolution with weight s per channel pair (diagonal) scales every pixel by s: length ratio s. Max
        // pooling 1x1 keeps it. The probe points are images [2, 3, 3].
        double s = 1.5;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .weightInit(WeightInit.ZERO).list()
                .layer(new ConvolutionLayer.Builder(1, 1).name("c").nOut(2).activation(Activation.IDENTITY)
                        .hasBias(false).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("p").kernelSize(1, 1)
                        .stride(1, 1).build())
                .setInputType(InputType.convolutional(3, 3, 2))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray kernel = Nd4j.zeros(DataType.DOUBLE, 2, 2, 1, 1);
        kernel.putScalar(new long[] {0, 0, 0, 0}, s);
        kernel.putScalar(new long[] {1, 1, 0, 0}, s);
        net.getLayer(0).setParam("W", kernel);
        org.nd4j.linalg.api.rng.Random random = Nd4j.getRandomFactory().getNewRandomInstance(11);
        INDArray x0 = Nd4j.rand(random, 1, 2, 3, 3).castTo(DataType.DOUBLE);
        INDArray x1 = Nd4j.rand(random, 1, 2, 3, 3).castTo(DataType.DOUBLE);
        Probe probe = Probe.quarterCircle(x0, x1);
        List<TrajectoryRecord> records = new TrajectoryListener.Builder().probe(probe).points(64).build().measure(net);

        double input = org.expressivity4j.core.trajectory.ArcLength.of(probe.points(64, DataType.DOUBLE));
        assertEquals(input, value(records, -1, TrajectoryMetric.LENGTH), input * ROUNDING);
        assertEquals(s, value(records, 0, TrajectoryMetric.GROWTH), ROUNDING);
        assertEquals(1.0, value(records, 1, TrajectoryMetric.GROWTH), ROUNDING);
        // fan_in = 1 * 1 * 2 = 2; the 4 kernel entries are s, 0, 0, s: mean s/2, variance s^2/4.
        assertEquals(2 * s * s / 4, value(records, 0, TrajectoryMetric.SIGMA_W2), ROUNDING);
        assertTrue(!has(records, 1, TrajectoryMetric.SIGMA_W2), "pooling has no weights");
        assertEquals("ConvolutionLayer", records.stream().filter(r -> r.layer() == 0).findFirst().orElseThrow().type());
    }

    /**
     * Chunks overlap by one point, so they give the same lengths and transitions as one pass. Budgets: 2-point
     * chunks; 16-point chunks (the second, [15, 31), a view of 16 rows: ND4J M2.1 returned an empty array
     * for an interval of such a view, offset by all but one of its rows, until the listener copied its chunks); 7.
     */
    @ParameterizedTest(name = "{0} bytes per chunk")
    @ValueSource(longs = {1, 16 * DENSE_BYTES_PER_POINT, 7 * DENSE_BYTES_PER_POINT})
    void chunkedPropagationGivesTheSameMeasures(long chunkBytes) {
        MultiLayerNetwork net = ListenerNets.network(ListenerNets.denseConf(5));
        Probe probe = TrainingUnchangedTest.probe(false);
        List<TrajectoryRecord> whole = new TrajectoryListener.Builder().probe(probe).points(65).build().measure(net);
        List<TrajectoryRecord> chunked = new TrajectoryListener.Builder().probe(probe).points(65).chunkBytes(chunkBytes)
                .build().measure(net);
        assertEquals(whole.size(), chunked.size());
        for (int i = 0; i < whole.size(); i++) {
            TrajectoryRecord a = whole.get(i);
            TrajectoryRecord b = chunked.get(i);
            assertEquals(a.metric(), b.metric());
            assertEquals(a.layer(), b.layer());
            // Float activations of one point may differ in the last bits between batch sizes (BLAS blocking).
            assertEquals(a.value(), b.value(), Math.abs(a.value()) * 1e-5, a.name() + " " + a.metric());
        }
    }

    @Test
    void chunkedConvolutionsGiveTheSameMeasures() {
        MultiLayerNetwork net = ListenerNets.network(ListenerNets.convConf(5));
        Probe probe = TrainingUnchangedTest.probe(true);
        List<TrajectoryRecord> whole = new TrajectoryListener.Builder().probe(probe).points(40).build().measure(net);
        List<TrajectoryRecord> pairs = new TrajectoryListener.Builder().probe(probe).points(40).chunkBytes(1).build()
                .measure(net);
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i).value(), pairs.get(i).value(), Math.abs(whole.get(i).value()) * 1e-4,
                    whole.get(i).name() + " " + whole.get(i).metric());
        }
    }
}
