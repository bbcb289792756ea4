package org.expressivity4j.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.constraint.NonNegativeConstraint;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.trajectory.ArcLength;
import org.expressivity4j.dl4j.init.GaussianFanInInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The trajectory-regularization layer's forward pass, penalty, warm-up, edge cases and configuration. */
class TrajectoryRegularizationTest {

    private static final DataType DOUBLE = DataType.DOUBLE;
    /** Relative rounding of sums of a few hundred double terms: far below this. */
    private static final double TIGHT = 1e-12;

    @BeforeAll
    static void oneThread() {
        NativeBackend.configure(NativeBackend.Settings.withThreads(1));
    }

    @AfterAll
    static void restore() {
        NativeBackend.configureDefaults();
    }

    private static MultiLayerNetwork denseNet(TrajectoryRegularization.Builder tr) {
        return TestNets.init(TestNets.dense(DOUBLE, new Sgd(0.1), tr, 3));
    }

    private static TrajectoryRegularizationLayer tr(MultiLayerNetwork net, int index) {
        return (TrajectoryRegularizationLayer) net.getLayer(index);
    }

    /** The input of layer {@code index} in a training forward pass (feedForward lists the input first). */
    private static INDArray inputOf(MultiLayerNetwork net, int index, INDArray x) {
        return net.feedForward(x, true).get(index).dup();
    }

    /** A copy of the network whose trajectory-regularization layers have coefficient 0: its score is the data loss. */
    private static MultiLayerNetwork withoutPenalty(MultiLayerNetwork net) {
        MultiLayerNetwork copy = net.clone();
        for (var l : copy.getLayers()) {
            if (l.conf().getLayer() instanceof TrajectoryRegularization t) {
                t.setCoefficient(0);
            }
        }
        return copy;
    }

    @Test
    void forwardIsOneScaleTheSameAtTrainAndTestTime() {
        MultiLayerNetwork net = TestNets.init(TestNets.conv(DataType.FLOAT, new Sgd(0.1),
                new TrajectoryRegularization.Builder().initialLambda(0.75), 4));
        INDArray x = TestNets.data(DataType.FLOAT, 1, 6, 2, 6, 6).getFeatures();
        for (boolean training : new boolean[] {true, false}) {
            List<INDArray> acts = net.feedForward(x, training);
            // feedForward lists the input, then each layer's output: layer 1 (tr1) maps acts[1] to acts[2].
            assertEquals(acts.get(1).mul(0.75), acts.get(2), "y = lambda x, training=" + training);
            assertArrayEquals(acts.get(1).shape(), acts.get(2).shape());
        }
        net.output(x);
        assertTrue(tr(net, 1).lastPenalty().isEmpty(), "inference computes no penalty by default");
    }

    @ParameterizedTest
    @EnumSource(TrajectoryRegularization.Penalized.class)
    void penaltyIsCoefficientTimesLengthOverOriginalLengthAndIsInTheScore(TrajectoryRegularization.Penalized penalized) {
        double c = 0.3;
        double l0 = 0.9;
        MultiLayerNetwork net = denseNet(new TrajectoryRegularization.Builder().coefficient(c).originalChordLength(l0)
                .initialLambda(-1.5).penalized(penalized));
        DataSet ds = TestNets.data(DOUBLE, 2, 9, 4);
        MultiLayerNetwork dataLossOnly = withoutPenalty(net);
        double dataLoss = dataLossOnly.score(ds, true);

        List<Double> listened = new ArrayList<>();
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                listened.add(model.score());
            }
        });
        INDArray in1 = inputOf(net, 1, ds.getFeatures());
        INDArray in3 = inputOf(net, 3, ds.getFeatures());
        net.fit(ds);

        double expected = 0;
        for (var entry : Map.of(1, in1, 3, in3).entrySet()) {
            TrajectoryPenalty p = tr(net, entry.getKey()).lastPenalty().orElseThrow();
            double scale = penalized == TrajectoryRegularization.Penalized.OUTPUT ? 1.5 : 1.0;
            double length = scale * ArcLength.of(entry.getValue());
            assertEquals(9, p.examples());
            assertEquals(length, p.length(), TIGHT * length, "L(y) = |lambda| L(x), or L(x) for the input");
            assertEquals(8 * l0, p.originalLength(), TIGHT, "L_orig = (N - 1) l0");
            assertEquals(c * length / (8 * l0), p.value(), TIGHT * p.value());
            expected += p.value();
        }
        assertEquals(List.of("tr1", "tr2"), List.copyOf(TrajectoryRegularizationLayer.lastPenalties(net.getLayers())
                .keySet()));
        // What ScoreIterationListener prints: the data loss plus both penalties (computed before the update).
        assertEquals(1, listened.size());
        assertEquals(dataLoss + expected, listened.get(0), TIGHT * (dataLoss + expected));
    }

    @Test
    void originalLengthIsTheMeanInputChordLengthOfTheWarmupBatchesThenFixed() {
        double c = 0.05;
        MultiLayerNetwork net = denseNet(new TrajectoryRegularization.Builder().coefficient(c).warmupBatches(3));
        TrajectoryRegularizationLayer tr1 = tr(net, 1);
        assertTrue(Double.isNaN(tr1.originalChordLength()));
        List<Double> chords = new ArrayList<>();
        int[] sizes = {6, 9, 4, 7, 5};
        for (int b = 0; b < sizes.length; b++) {
            DataSet ds = TestNets.data(DOUBLE, 10 + b, sizes[b], 4);
            INDArray in = inputOf(net, 1, ds.getFeatures());
            double chord = ArcLength.of(in) / (sizes[b] - 1);
            double lambda = tr1.lambda();
            net.fit(ds);
            TrajectoryPenalty p = tr1.lastPenalty().orElseThrow();
            if (b == 0) {
                // Nothing measured yet: the minibatch is its own reference, so the penalty is c |lambda|.
                assertEquals(c * Math.abs(lambda), p.value(), TIGHT);
            } else {
                double mean = chords.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                assertEquals((sizes[b] - 1) * mean, p.originalLength(), TIGHT * p.originalLength(),
                        "reference of minibatch " + b + " (size " + sizes[b] + ")");
            }
            if (chords.size() < 3) {
                chords.add(chord);
            }
            double mean = chords.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertEquals(Math.min(b + 1, 3), tr1.warmupSeen());
            assertEquals(mean, tr1.originalChordLength(), TIGHT * mean);
            assertEquals(b + 1 >= 3, tr1.isWarmedUp());
        }
        assertFalse(lambdaUnchanged(net), "lambda is trained");
    }

    private static boolean lambdaUnchanged(MultiLayerNetwork net) {
        return tr(net, 1).lambda() == TrajectoryRegularization.DEFAULT_INITIAL_LAMBDA;
    }

    @Test
    void aMinibatchOfOneExampleHasNoPenaltyAndNoError() {
        MultiLayerNetwork net = denseNet(new TrajectoryRegularization.Builder());
        DataSet one = TestNets.data(DOUBLE, 3, 1, 4);
        double dataLoss = withoutPenalty(net).score(one, true);
        net.fit(one);
        TrajectoryPenalty p = tr(net, 1).lastPenalty().orElseThrow();
        assertEquals(new TrajectoryPenalty(1, 0.0, 0.0, 0.0), p);
        assertFalse(p.active());
        assertEquals(dataLoss, net.score(), TIGHT * dataLoss);
        assertEquals(0, tr(net, 1).warmupSeen(), "no trajectory, nothing measured");
        assertFalse(lambdaUnchanged(net), "lambda still learns from the data loss");
        assertFalse(net.params().isInfinite().any() || net.params().isNaN().any());
    }

    @Test
    void aDegenerateTrajectoryGivesNoNaN() {
        MultiLayerNetwork net = denseNet(new TrajectoryRegularization.Builder().warmupBatches(1));
        INDArray row = TestNets.data(DOUBLE, 4, 1, 4).getFeatures();
        INDArray same = Nd4j.concat(0, row, row, row, row, row);
        DataSet degenerate = new DataSet(same, TestNets.data(DOUBLE, 4, 5, 4).getLabels());
        // Before any measurement the reference would be the degenerate path's own length, 0.
        net.fit(degenerate);
        assertEquals(0.0, tr(net, 1).lastPenalty().orElseThrow().value());
        assertEquals(0, tr(net, 1).warmupSeen(), "a zero-length minibatch is not a reference");
        assertTrue(Double.isFinite(net.score()));
        // After a measurement: length 0 over a positive reference, and a zero-chord gradient.
        net.fit(TestNets.data(DOUBLE, 5, 6, 4));
        assertEquals(1, tr(net, 1).warmupSeen());
        net.fit(degenerate);
        TrajectoryPenalty p = tr(net, 1).lastPenalty().orElseThrow();
        assertTrue(p.active());
        assertEquals(0.0, p.value());
        assertTrue(Double.isFinite(net.score()));
        assertFalse(net.params().isNaN().any() || net.gradient().gradient().isNaN().any());
    }

    @Test
    void penaltyAtInferenceIsOptional() {
        DataSet ds = TestNets.data(DOUBLE, 6, 7, 4);
        MultiLayerNetwork plain = denseNet(new TrajectoryRegularization.Builder().originalChordLength(0.5));
        MultiLayerNetwork scored = denseNet(new TrajectoryRegularization.Builder().originalChordLength(0.5)
                .penaltyAtInference(true));
        double dataLoss = withoutPenalty(plain).score(ds, false);
        assertEquals(dataLoss, plain.score(ds, false), TIGHT * dataLoss, "by default: the data loss at test time");
        double withPenalty = scored.score(ds, false);
        double penalties = TrajectoryRegularizationLayer.lastPenalties(scored.getLayers()).values().stream()
                .mapToDouble(TrajectoryPenalty::value).sum();
        assertTrue(penalties > 0);
        assertEquals(dataLoss + penalties, withPenalty, TIGHT * withPenalty);
        assertEquals(scored.score(ds, true), withPenalty, TIGHT * withPenalty,
                "with the option, test-time and training-time scores agree (no dropout here)");
    }

    /** The drop-in use: where batch norm goes in a small version of the paper's conv net, float, oneDNN on. */
    @Test
    void trainsInAConvNetWhereBatchNormGoes() {
        // Float, oneDNN helpers on (as in every test here): the convolution and pooling around the layer use them.
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(9).updater(new Adam(1e-2))
                .weightInit(new GaussianFanInInit(2.0)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU).build())
                .layer(new TrajectoryRegularization.Builder().name("tr1").build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build())
                .layer(new TrajectoryRegularization.Builder().name("tr2").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(10, 10, 3))
                .build();
        MultiLayerNetwork net = TestNets.init(conf);
        DataSet ds = TestNets.data(DataType.FLOAT, 7, 16, 3, 10, 10);
        double before = net.score(ds, true);
        for (int i = 0; i < 15; i++) {
            net.fit(ds);
        }
        double after = net.score(ds, true);
        assertTrue(after < before, "score on the training batch " + before + " -> " + after);
        assertTrue(tr(net, 1).isWarmedUp() && tr(net, 4).isWarmedUp());

        ComputationGraph graph = net.toComputationGraph();
        double graphBefore = graph.score(ds, true);
        assertEquals(after, graphBefore, 1e-5 * after, "the same network as a graph");
        for (int i = 0; i < 5; i++) {
            graph.fit(ds);
        }
        assertTrue(graph.score(ds, true) < graphBefore);
        Map<String, TrajectoryPenalty> penalties = TrajectoryRegularizationLayer.lastPenalties(graph.getLayers());
        assertEquals(2, penalties.size());
        assertTrue(penalties.values().stream().allMatch(TrajectoryPenalty::active));
    }

    @Test
    void jsonRoundTripKeepsEveryOption() {
        TrajectoryRegularization tr = new TrajectoryRegularization.Builder().name("tr").coefficient(0.2)
                .warmupBatches(4).originalChordLength(0.0).initialLambda(0.5).penaltyAtInference(true)
                .penalized(TrajectoryRegularization.Penalized.INPUT).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(3).build())
                .layer(tr)
                .layer(new OutputLayer.Builder().nIn(3).nOut(2).build())
                .build();
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, restored);
        assertEquals(tr, restored.getConf(1).getLayer());
        assertFalse(conf.toJson().contains("\"measured\""), "derived getters are not written");
        TrajectoryRegularization defaults = new TrajectoryRegularization();
        assertEquals(new TrajectoryRegularization.Builder().build(), defaults);
        assertEquals(TrajectoryRegularization.DEFAULT_COEFFICIENT, defaults.getCoefficient());
        assertEquals(TrajectoryRegularization.DEFAULT_WARMUP_BATCHES, defaults.getWarmupBatches());
        assertTrue(defaults.isMeasured());
        assertFalse(defaults.isPenaltyAtInference());
        assertEquals(TrajectoryRegularization.Penalized.OUTPUT, defaults.getPenalized());
        // A configuration written before the option existed reads back with the default.
        String old = conf.toJson().replace("\"penalized\" : \"INPUT\",", "");
        assertFalse(old.contains("penalized"), "the option was removed from the JSON");
        assertEquals(TrajectoryRegularization.Penalized.OUTPUT,
                ((TrajectoryRegularization) MultiLayerConfiguration.fromJson(old).getConf(1).getLayer())
                        .getPenalized());
    }

    @Test
    void configuredOriginalLengthLeavesOnlyLambdaAsParameter() {
        MultiLayerNetwork measured = denseNet(new TrajectoryRegularization.Builder());
        MultiLayerNetwork fixed = denseNet(new TrajectoryRegularization.Builder().originalChordLength(2.0));
        assertEquals(List.of("lambda", "origChordLength", "warmupSeen"),
                List.copyOf(measured.getLayer(1).paramTable().keySet()));
        assertEquals(List.of("lambda"), List.copyOf(fixed.getLayer(1).paramTable().keySet()));
        assertEquals(2.0, tr(fixed, 1).originalChordLength());
        assertTrue(tr(fixed, 1).isWarmedUp());
    }

    @Test
    void rejectsBadOptionsAndInputs() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new TrajectoryRegularization.Builder().coefficient(-0.1).build());
        assertTrue(e.getMessage().contains("coefficient"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrajectoryRegularization.Builder().warmupBatches(0)
                .build());
        assertThrows(IllegalArgumentException.class, () -> new TrajectoryRegularization.Builder()
                .originalChordLength(-1).build());
        assertThrows(IllegalArgumentException.class, () -> new TrajectoryRegularization.Builder()
                .originalChordLength(Double.POSITIVE_INFINITY).build());
        assertThrows(IllegalArgumentException.class, () -> new TrajectoryRegularization.Builder()
                .initialLambda(Double.NaN).build());
        var rnn = assertThrows(IllegalArgumentException.class, () -> new NeuralNetConfiguration.Builder().list()
                .layer(new LSTM.Builder().nOut(3).build())
                .layer(new TrajectoryRegularization.Builder().name("trx").build())
                .setInputType(InputType.recurrent(2)).build());
        assertTrue(rnn.getMessage().contains("\"trx\"") && rnn.getMessage().contains("dense"), rnn.getMessage());
    }

    static Stream<Arguments> ignoredOptions() {
        return Stream.of(
                Arguments.of("activation", (UnaryOperator<TrajectoryRegularization.Builder>) b ->
                        b.activation(Activation.RELU)),
                Arguments.of("weightInit", (UnaryOperator<TrajectoryRegularization.Builder>) b ->
                        b.weightInit(WeightInit.XAVIER)),
                Arguments.of("biasInit", (UnaryOperator<TrajectoryRegularization.Builder>) b -> b.biasInit(0.1)),
                Arguments.of("l1, l2 or weight decay", (UnaryOperator<TrajectoryRegularization.Builder>) b ->
                        b.l2(1e-4)),
                Arguments.of("l1, l2 or weight decay", (UnaryOperator<TrajectoryRegularization.Builder>) b ->
                        (TrajectoryRegularization.Builder) b.weightDecay(1e-4)),
                Arguments.of("biasUpdater", (UnaryOperator<TrajectoryRegularization.Builder>) b ->
                        b.biasUpdater(new Sgd(0.1))),
                Arguments.of("dropOut", (UnaryOperator<TrajectoryRegularization.Builder>) b -> b.dropOut(0.5)),
                Arguments.of("weightNoise", (UnaryOperator<TrajectoryRegularization.Builder>) b ->
                        b.weightNoise(new DropConnect(0.5))),
                Arguments.of("constraints", (UnaryOperator<TrajectoryRegularization.Builder>) b ->
                        b.constrainAllParameters(new NonNegativeConstraint())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredOptions")
    void optionsTheLayerWouldIgnoreAreErrors(String option, UnaryOperator<TrajectoryRegularization.Builder> set) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> set.apply(new TrajectoryRegularization.Builder().name("tr9")).build());
        assertTrue(e.getMessage().startsWith("trajectory regularization layer \"tr9\": " + option
                + " would be ignored"), e.getMessage());
    }

    @Test
    void theUpdaterAndNetworkWideDefaultsAreAccepted() {
        TrajectoryRegularization tr = new TrajectoryRegularization.Builder().updater(new Sgd(0.5))
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0).build();
        assertEquals(new Sgd(0.5), tr.getIUpdater());
        // Network-wide l2, dropout and activation reach every layer's configuration; this one ignores them.
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).l2(1e-3)
                .dropOut(0.5).activation(Activation.RELU).updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(4).build())
                .layer(tr)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(4)).build());
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray hidden = net.feedForwardToLayer(1, x, false).get(1);
        assertArrayEquals(hidden.mul(tr(net, 1).lambda()).toFloatMatrix(),
                net.feedForwardToLayer(1, x, false).get(2).toFloatMatrix(), "lambda * x, no activation");
    }
}
