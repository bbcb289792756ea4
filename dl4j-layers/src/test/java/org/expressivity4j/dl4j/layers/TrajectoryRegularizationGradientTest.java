package org.expressivity4j.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.backend.NativeBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization.Penalized;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * DL4J's own gradient check (central differences of the score, double precision) with the trajectory penalty on,
 * for dense and NCHW convolutional activations, in a MultiLayerNetwork and a ComputationGraph; each check is followed
 * by a JSON and ModelSerializer round trip. The penalty's coefficient is 1 (not the default 0.01) so that its share
 * of every gradient is large: a wrong penalty gradient cannot hide under the data loss's.
 */
class TrajectoryRegularizationGradientTest {

    private static final DataType DOUBLE = DataType.DOUBLE;
    // DL4J's gradient checks use epsilon 1e-6; with smooth (tanh, softmax) double-precision nets the relative
    // error of central differences is O(epsilon^2 |f'''| / |f'|) + O(machine eps / epsilon) ~ 1e-8 .. 1e-6:
    // 1e-5 leaves a margin while catching any systematic error (a missing factor N or sign gives O(1)).
    private static final double MAX_REL_ERROR = 1e-5;
    // Gradients below this are compared absolutely: rounding of a score ~ 1 gives ~ 1e-16 / 1e-6 = 1e-10.
    private static final double MIN_ABS_ERROR = 1e-9;

    private static DataType previousType;

    @BeforeAll
    static void doublePrecisionOneThread() {
        previousType = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DOUBLE, DOUBLE);
        // Thousands of forward passes of tiny nets: one native thread avoids OpenMP start-up per op (and is faster).
        NativeBackend.configure(NativeBackend.Settings.withThreads(1));
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(previousType, previousType);
        NativeBackend.configureDefaults();
    }

    private static TrajectoryRegularization.Builder penalty(boolean measured, Penalized penalized) {
        TrajectoryRegularization.Builder b = new TrajectoryRegularization.Builder().coefficient(1.0).initialLambda(1.3)
                .penalized(penalized);
        // Measured: two warm-up batches (done before the check); configured: a constant of the activations' order.
        return measured ? b.warmupBatches(2) : b.originalChordLength(0.8);
    }

    private static DataSet data(boolean convolutional, long seed) {
        return convolutional ? TestNets.data(DOUBLE, seed, 5, 2, 6, 6) : TestNets.data(DOUBLE, seed, 5, 4);
    }

    @ParameterizedTest(name = "MultiLayerNetwork, convolutional={0}, measured original length={1}, penalized {2}")
    @CsvSource({"false,true,OUTPUT", "false,false,OUTPUT", "true,true,OUTPUT", "true,false,OUTPUT",
        "false,true,INPUT", "true,false,INPUT"})
    void multiLayerNetwork(boolean convolutional, boolean measured, Penalized penalized) {
        var conf = convolutional ? TestNets.conv(DOUBLE, new NoOp(), penalty(measured, penalized), 12)
                : TestNets.dense(DOUBLE, new NoOp(), penalty(measured, penalized), 12);
        MultiLayerNetwork net = TestNets.init(conf);
        Set<String> exclude = new HashSet<>();
        if (measured) {
            // Finish the warm-up without changing parameters: backprop commits the measurement, nothing updates.
            for (long seed = 1; seed <= 2; seed++) {
                DataSet warm = data(convolutional, 100 + seed);
                net.setInput(warm.getFeatures());
                net.setLabels(warm.getLabels());
                net.computeGradientAndScore();
            }
            for (int i : new int[] {1, 3}) {
                TrajectoryRegularizationLayer tr = (TrajectoryRegularizationLayer) net.getLayer(i);
                assertTrue(tr.isWarmedUp(), "warm-up done before the check");
                // The state is not a trainable parameter (no gradient; its perturbation moves the reference).
                exclude.add(i + "_" + TrajectoryRegularizationParamInitializer.ORIGINAL_CHORD_LENGTH);
                exclude.add(i + "_" + TrajectoryRegularizationParamInitializer.WARMUP_SEEN);
            }
        }
        DataSet ds = data(convolutional, 7);
        assertPenaltyShapesTheGradient(net, ds, penalized);

        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(ds.getFeatures()).labels(ds.getLabels()).maxRelError(MAX_REL_ERROR)
                .minAbsoluteError(MIN_ABS_ERROR).excludeParams(exclude).exitOnFirstError(false));
        assertTrue(ok, "gradient check failed (set org.deeplearning4j to INFO in logback-test.xml for details)");

        MultiLayerNetwork restored = TestNets.roundTrip(net);
        assertEquals(net.output(ds.getFeatures()), restored.output(ds.getFeatures()));
        assertEquals(net.score(ds, true), restored.score(ds, true), 0.0, "same score, penalty included");
    }

    /**
     * Graphs: a dense net with the measured original length (every parameter checked), a convolutional one with a
     * configured original length (up to 30 entries of each parameter: a graph's score is several times slower to
     * evaluate). The other two combinations would need DL4J's subset mode together with excluded parameters, which
     * in M2.1 falls back to checking every entry after the first excluded parameter.
     */
    @ParameterizedTest(name = "ComputationGraph, convolutional={0}, penalized {1}")
    @CsvSource({"false,OUTPUT", "true,OUTPUT", "false,INPUT"})
    void computationGraph(boolean convolutional, Penalized penalized) {
        boolean measured = !convolutional;
        ComputationGraph net = TestNets.init(TestNets.graph(convolutional, DOUBLE, new NoOp(),
                penalty(measured, penalized), 13));
        Set<String> exclude = new HashSet<>();
        if (measured) {
            for (long seed = 1; seed <= 2; seed++) {
                DataSet warm = data(convolutional, 200 + seed);
                net.setInputs(warm.getFeatures());
                net.setLabels(warm.getLabels());
                net.computeGradientAndScore();
            }
            for (String name : new String[] {"tr1", "tr2"}) {
                assertTrue(((TrajectoryRegularizationLayer) net.getLayer(name)).isWarmedUp());
                exclude.add(name + "_" + TrajectoryRegularizationParamInitializer.ORIGINAL_CHORD_LENGTH);
                exclude.add(name + "_" + TrajectoryRegularizationParamInitializer.WARMUP_SEEN);
            }
        }
        DataSet ds = data(convolutional, 8);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {ds.getFeatures()}).labels(new INDArray[] {ds.getLabels()})
                .maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR).excludeParams(exclude)
                .subset(convolutional).maxPerParam(30).exitOnFirstError(false));
        assertTrue(ok, "gradient check failed (set org.deeplearning4j to INFO in logback-test.xml for details)");

        ComputationGraph restored = TestNets.roundTrip(net);
        assertEquals(net.outputSingle(ds.getFeatures()), restored.outputSingle(ds.getFeatures()));
    }

    /**
     * The check is only meaningful if the penalty moves the gradient of the layers below (and, penalizing the
     * output, of lambda): compare with the same network and coefficient 0. Penalizing the input leaves lambda's
     * gradient exactly as without the penalty.
     */
    private static void assertPenaltyShapesTheGradient(MultiLayerNetwork net, DataSet ds, Penalized penalized) {
        MultiLayerNetwork without = net.clone();
        for (Layer l : without.getLayers()) {
            if (l.conf().getLayer() instanceof TrajectoryRegularization t) {
                t.setCoefficient(0.0);
            }
        }
        INDArray with = gradient(net, ds);
        INDArray plain = gradient(without, ds);
        String[] keys = {"0_W", "1_lambda", "2_W", "3_lambda"};
        for (String key : keys) {
            INDArray a = slice(net, with, key);
            INDArray b = slice(without, plain, key);
            if (penalized == Penalized.INPUT && key.equals("3_lambda")) {
                // tr2's penalty does not depend on its own lambda, and no penalty sits above it. (tr1's lambda
                // still feels tr2's penalty: it scales the trajectory tr2 measures.)
                assertEquals(b.getDouble(0), a.getDouble(0), 1e-12 * Math.abs(b.getDouble(0)),
                        key + ": penalizing the input adds nothing to the top layer's lambda gradient");
                continue;
            }
            double difference = a.sub(b).norm2Number().doubleValue();
            assertTrue(difference > 0.05 * b.norm2Number().doubleValue() && difference > 1e-6,
                    () -> key + ": the penalty changes the gradient by only " + difference);
        }
    }

    private static INDArray gradient(MultiLayerNetwork net, DataSet ds) {
        net.setInput(ds.getFeatures());
        net.setLabels(ds.getLabels());
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }

    private static INDArray slice(MultiLayerNetwork net, INDArray flatGradient, String key) {
        long offset = 0;
        for (var e : net.paramTable().entrySet()) {
            long n = e.getValue().length();
            if (e.getKey().equals(key)) {
                return flatGradient.reshape(flatGradient.length()).get(
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + n)).dup();
            }
            offset += n;
        }
        throw new AssertionError("no parameter " + key);
    }
}
