package org.expressivity4j.trainers.figures.onelayer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.run.RunDirectory;
import org.expressivity4j.trainers.training.ActivationCaching;
import org.expressivity4j.trainers.training.CheckpointedTraining;
import org.expressivity4j.trainers.training.ExperimentRuns.Killed;
import org.expressivity4j.trainers.training.ExperimentRuns;
import org.expressivity4j.trainers.training.LogCapture;
import org.expressivity4j.trainers.training.SyntheticImages;
import org.expressivity4j.trainers.training.TrainingData;
import org.expressivity4j.trainers.training.TrainingLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Train-one-layer (Fig. 7) on small synthetic images: the run's files, frozen layers left bit-identical, and a
 * resumed run after a kill producing exactly the rows and models of an uninterrupted one.
 */
class TrainOneLayerExperimentTest {

    private static final long SEED = 17;
    private static final TrainingData DATA = SyntheticImages.mnistLike(200, 100, 3);

    @TempDir
    Path tmp;

    @BeforeAll
    static void nativeBackend() {
        // One native thread: DL4J's training is then deterministic, which bit-identical resumption relies on.
        NativeBackend.configure(NativeBackend.Settings.withThreads(1));
    }

    @AfterAll
    static void restore() {
        NativeBackend.configureDefaults();
    }

    /** 784 -> 3 x 16 hard tanh -> 10; h2 and h3 trained; 4 batches of 20 per epoch. */
    static TrainOneLayerSettings settings(int epochs) {
        return new TrainOneLayerSettings(Dataset.MNIST, 3, 16, 1.0, List.of("h2", "h3"), epochs, 20,
                0.05, 0, 0, 0, 4);
    }

    static float[] flat(org.nd4j.linalg.api.ndarray.INDArray a) {
        return a.dup('c').reshape(a.length()).toFloatVector();
    }

    @Test
    void smokeRunWritesCurvesModelsPlotsAndSummary() throws Exception {
        Path folder = tmp.resolve("run");
        RunContext context = ExperimentRuns.start(folder, "train-one-layer", SEED);
        TrainOneLayerExperiment.Result r = new TrainOneLayerExperiment().run(context, settings(2), DATA);
        assertFalse(Files.exists(folder.resolve(RunDirectory.SUMMARY)), "the experiment writes no prose");
        TrainOneLayerReport.write(context, r, DATA);
        assertEquals(List.of("h2", "h3"), r.layers().stream().map(TrainOneLayerExperiment.LayerResult::layer)
                .toList());
        for (TrainOneLayerExperiment.LayerResult layer : r.layers()) {
            assertEquals(3, layer.trainAccuracy().length, "epochs 0, 1, 2");
            assertEquals(16 * 16 + 16, layer.trainedParameters());
            // Both start from the same untrained network.
            assertEquals(r.layers().get(0).trainAccuracy()[0], layer.trainAccuracy()[0]);
            // The bands are easy: a few steps of one layer lift train accuracy far above chance (0.1).
            assertTrue(layer.finalTrain() > 0.3, layer.layer() + " reached " + layer.finalTrain());
        }
        // Per layer: epoch 0 has 4 rows (no training loss), epochs 1 and 2 have 5.
        List<MetricsCsv.Row> rows = MetricsCsv.read(folder.resolve(RunDirectory.METRICS), 1);
        assertEquals(2 * (4 + 5 + 5), rows.size());
        for (String file : List.of("models/h2.zip", "models/h3.zip", "plots/fig7-train-accuracy.png",
                "plots/fig7-test-accuracy.png", "plots/final-accuracy-by-layer.png", "summary.md", "settings.json")) {
            assertTrue(Files.isRegularFile(folder.resolve(file)), file);
        }
        try (Stream<Path> left = Files.list(folder.resolve("checkpoints"))) {
            assertEquals(0, left.count(), "checkpoints become models");
        }
        // Spearman's rho of depth against final accuracy: two layers, so +1 or -1 (or NaN on a tie).
        assertTrue(Double.isNaN(r.rhoTest()) || Math.abs(Math.abs(r.rhoTest()) - 1) < 1e-12, "rho " + r.rhoTest());
        double expected = Math.signum(r.layers().get(1).finalTest() - r.layers().get(0).finalTest());
        if (expected != 0) {
            assertEquals(expected, r.rhoTest(), 1e-12, "h3 deeper than h2: rho has the sign of the difference");
        }
    }

    @Test
    void onlyTheChosenLayerTrainsTheOthersStayAtTheirInitialization() throws Exception {
        Path folder = tmp.resolve("frozen");
        new TrainOneLayerExperiment().run(ExperimentRuns.start(folder, "train-one-layer", SEED), settings(2), DATA);
        MultiLayerNetwork initial = new MultiLayerNetwork(TrainOneLayerExperiment.network(settings(2), DATA, SEED));
        initial.init();
        for (String trained : List.of("h2", "h3")) {
            MultiLayerNetwork model = CheckpointedTraining.restore(folder.resolve("models/" + trained + ".zip"));
            for (Layer layer : model.getLayers()) {
                String name = layer.conf().getLayer().getLayerName();
                for (String key : layer.paramTable().keySet()) {
                    float[] now = flat(layer.getParam(key));
                    float[] before = flat(initial.getLayer(name).getParam(key));
                    if (name.equals(trained)) {
                        assertFalse(java.util.Arrays.equals(before, now), trained + ": " + name + "/" + key
                                + " should have trained");
                    } else {
                        assertArrayEquals(before, now, trained + " trained: " + name + "/" + key + " must be frozen");
                    }
                }
            }
        }
    }

    static Stream<Arguments> killPoints() {
        return Stream.of(
                Arguments.of("h2", 1, false),  // the rows of epoch 1 written, its checkpoint not
                Arguments.of("h2", 1, true),   // epoch 1 complete
                Arguments.of("h3", 0, true),   // second layer, before its first training epoch
                Arguments.of("h3", 2, true));  // last checkpoint written, not yet renamed to the model
    }

    @ParameterizedTest
    @MethodSource("killPoints")
    void aResumedRunEqualsAnUninterruptedOne(String unit, int epoch, boolean atCheckpoint) throws Exception {
        Path whole = tmp.resolve("whole");
        new TrainOneLayerExperiment().run(ExperimentRuns.start(whole, "train-one-layer", SEED), settings(2), DATA);

        Path killed = tmp.resolve("killed");
        TrainingLoop.Observer kill = new TrainingLoop.Observer() {
            @Override
            public void checkpointWritten(String u, long e) {
                if (atCheckpoint && u.equals(unit) && e == epoch) {
                    throw new Killed("after checkpoint " + u + " " + e);
                }
            }

            @Override
            public void recorded(String u, long e) {
                if (!atCheckpoint && u.equals(unit) && e == epoch) {
                    throw new Killed("after the rows of " + u + " " + e);
                }
            }
        };
        assertThrows(Killed.class, () -> new TrainOneLayerExperiment(kill).run(
                ExperimentRuns.start(killed, "train-one-layer", SEED), settings(2), DATA));
        new TrainOneLayerExperiment().run(ExperimentRuns.resume(killed, "train-one-layer", SEED), settings(2), DATA);

        List<MetricsCsv.Row> expected = ExperimentRuns.rowsWithoutTimes(whole, 1);
        List<MetricsCsv.Row> actual = ExperimentRuns.rowsWithoutTimes(killed, 1);
        assertEquals(expected, actual, "same rows, same order, bit-identical values");
        List<MetricsCsv.Row> all = MetricsCsv.read(killed.resolve(RunDirectory.METRICS), 1);
        Set<List<Object>> keys = new HashSet<>();
        for (MetricsCsv.Row row : all) {
            assertTrue(keys.add(List.of(row.run(), row.step(), row.layer(), row.metric())), "duplicate " + row);
        }
        assertEquals(MetricsCsv.read(whole.resolve(RunDirectory.METRICS), 1).size(), all.size());
        for (String layer : List.of("h2", "h3")) {
            assertArrayEquals(CheckpointedTraining.restore(whole.resolve("models/" + layer + ".zip")).params()
                            .toFloatVector(),
                    CheckpointedTraining.restore(killed.resolve("models/" + layer + ".zip")).params().toFloatVector(),
                    layer + "'s trained model");
        }
    }

    @Test
    void theCachedRunWritesTheRowsAndModelsOfTheWholeNetworkRun() {
        TrainOneLayerSettings s = settings(2).withBatchSize(1).withBatchLimit(30);
        Path whole = tmp.resolve("uncached");
        TrainOneLayerExperiment.Result uncached = new TrainOneLayerExperiment(ActivationCaching.OFF).run(
                ExperimentRuns.start(whole, "train-one-layer", SEED), s, DATA);
        Path cachedRun = tmp.resolve("cached");
        TrainOneLayerExperiment.Result cached = new TrainOneLayerExperiment(ActivationCaching.within(Long.MAX_VALUE))
                .run(ExperimentRuns.start(cachedRun, "train-one-layer", SEED), s, DATA);
        assertTrue(cached.caching().get("h2").startsWith("cached"), cached.caching().toString());
        assertTrue(cached.caching().get("h3").startsWith("cached"), cached.caching().toString());
        assertTrue(uncached.caching().get("h2").startsWith("not cached"), uncached.caching().toString());
        assertEquals(ExperimentRuns.rowsWithoutTimes(whole, 1), ExperimentRuns.rowsWithoutTimes(cachedRun, 1),
                "same rows, bit-identical values");
        for (String layer : List.of("h2", "h3")) {
            MultiLayerNetwork a = CheckpointedTraining.restore(whole.resolve("models/" + layer + ".zip"));
            MultiLayerNetwork b = CheckpointedTraining.restore(cachedRun.resolve("models/" + layer + ".zip"));
            assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), layer + "'s parameters");
            assertArrayEquals(a.getUpdater().getStateViewArray().toFloatVector(),
                    b.getUpdater().getStateViewArray().toFloatVector(), layer + "'s updater state");
            assertEquals(a.getLayerWiseConfigurations().getIterationCount(),
                    b.getLayerWiseConfigurations().getIterationCount());
            assertEquals(a.getLayerWiseConfigurations().toJson(), b.getLayerWiseConfigurations().toJson());
        }
    }

    /**
     * With more than one example per batch, the cached activations differ from the ones the whole network computes
     * in a training batch by the rounding of float32 matrix products (a row's result depends on its position in the
     * batch: see {@code CachedTrainingBatchesTest}, which bounds it). Over this run's 16 steps of Adam the
     * differences grow to about 1e-7 of the losses (measured); allowed here: 1e-4 of each loss, and one example of
     * each accuracy. Wrong batches, labels or order would move the losses by far more.
     */
    @Test
    void withLargerBatchesTheCachedRunAgreesWithTheWholeNetworkRunToRounding() {
        Path whole = tmp.resolve("uncached");
        new TrainOneLayerExperiment(ActivationCaching.OFF).run(ExperimentRuns.start(whole, "train-one-layer", SEED),
                settings(2), DATA);
        Path cachedRun = tmp.resolve("cached");
        new TrainOneLayerExperiment(ActivationCaching.within(Long.MAX_VALUE)).run(
                ExperimentRuns.start(cachedRun, "train-one-layer", SEED), settings(2), DATA);
        List<MetricsCsv.Row> expected = ExperimentRuns.rowsWithoutTimes(whole, 1);
        List<MetricsCsv.Row> actual = ExperimentRuns.rowsWithoutTimes(cachedRun, 1);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            MetricsCsv.Row e = expected.get(i);
            MetricsCsv.Row a = actual.get(i);
            assertEquals(List.of(e.run(), e.step(), e.layer(), e.metric()), List.of(a.run(), a.step(), a.layer(),
                    a.metric()));
            double tolerance = e.metric().endsWith("accuracy") ? 1.0 / DATA.test().count() + 1e-12
                    : 1e-4 * Math.abs(e.value());
            assertEquals(e.value(), a.value(), tolerance, e.toString());
        }
    }

    @Test
    void aCachedRunResumedWithoutTheCacheEqualsAnUncachedRun() {
        TrainOneLayerSettings s = settings(2).withBatchSize(1).withBatchLimit(30);
        Path whole = tmp.resolve("uncached");
        new TrainOneLayerExperiment(ActivationCaching.OFF).run(ExperimentRuns.start(whole, "train-one-layer", SEED),
                s, DATA);
        Path killed = tmp.resolve("killed");
        TrainingLoop.Observer kill = new TrainingLoop.Observer() {
            @Override
            public void checkpointWritten(String u, long e) {
                if (u.equals("h2") && e == 1) {
                    throw new Killed("after checkpoint h2 1");
                }
            }
        };
        assertThrows(Killed.class, () -> new TrainOneLayerExperiment(kill, ActivationCaching.within(Long.MAX_VALUE))
                .run(ExperimentRuns.start(killed, "train-one-layer", SEED), s, DATA));
        new TrainOneLayerExperiment(ActivationCaching.OFF).run(ExperimentRuns.resume(killed, "train-one-layer",
                SEED), s, DATA);
        assertEquals(ExperimentRuns.rowsWithoutTimes(whole, 1), ExperimentRuns.rowsWithoutTimes(killed, 1));
        assertArrayEquals(CheckpointedTraining.restore(whole.resolve("models/h2.zip")).params().toFloatVector(),
                CheckpointedTraining.restore(killed.resolve("models/h2.zip")).params().toFloatVector());
    }

    @Test
    void aLayerWithDropoutBelowIsTrainedOnTheWholeNetworkAndTheLogSaysWhy() {
        MultiLayerConfiguration conf = TrainOneLayerExperiment.network(settings(1), DATA, SEED);
        conf.getConf(0).getLayer().setIDropout(new Dropout(0.8));
        TrainOneLayerExperiment.Result r;
        try (LogCapture log = LogCapture.of(TrainOneLayerExperiment.class)) {
            r = new TrainOneLayerExperiment(ActivationCaching.within(Long.MAX_VALUE)).run(
                    ExperimentRuns.start(tmp.resolve("dropout"), "train-one-layer", SEED), settings(1), DATA, conf);
            for (String layer : List.of("h2", "h3")) {
                assertTrue(log.messages().contains(layer + ": not cached, the whole network computes every step: "
                        + "h1 below has dropout (" + new Dropout(0.8) + ")"), log.messages().toString());
            }
        }
        assertTrue(r.caching().get("h2").startsWith("not cached: h1 below has dropout"), r.caching().toString());
        assertEquals(2, r.layers().size());
    }

    @Test
    void aCacheOverItsBudgetIsRefusedWithItsSizeAndTheRunGoesOnUncached() {
        // 200 training examples (counted twice), 200 train-accuracy and 100 test examples of 16 values and 10 labels:
        // 700 x 26 x 4 = 72,800 bytes
        Path whole = tmp.resolve("uncached");
        new TrainOneLayerExperiment(ActivationCaching.OFF).run(ExperimentRuns.start(whole, "train-one-layer", SEED),
                settings(1), DATA);
        Path small = tmp.resolve("small");
        TrainOneLayerExperiment.Result r;
        try (LogCapture log = LogCapture.of(TrainOneLayerExperiment.class)) {
            r = new TrainOneLayerExperiment(ActivationCaching.within(72_799)).run(
                    ExperimentRuns.start(small, "train-one-layer", SEED), settings(1), DATA);
            String expected = "h2: not cached, the whole network computes every step: the outputs of h1 for 200 "
                    + "training, 200 train-accuracy and 100 test examples (16 values each) would take 72.8 kB, more "
                    + "than the cache's budget of 72.8 kB (half the free native memory; raise the JVM's -Xmx or "
                    + "-Dorg.bytedeco.javacpp.maxbytes, or give --no-cache)";
            assertTrue(log.messages().contains(expected), log.messages().toString());
        }
        assertTrue(r.caching().get("h3").startsWith("not cached: the outputs of h1..h2 for"), r.caching().toString());
        assertEquals(ExperimentRuns.rowsWithoutTimes(whole, 1), ExperimentRuns.rowsWithoutTimes(small, 1));
        TrainOneLayerExperiment.Result fits = new TrainOneLayerExperiment(ActivationCaching.within(72_800)).run(
                ExperimentRuns.start(tmp.resolve("fits"), "train-one-layer", SEED), settings(1), DATA);
        assertTrue(fits.caching().get("h2").startsWith("cached"), fits.caching().toString());
    }

    @Test
    void resumingWithOtherSettingsIsRefused() {
        Path folder = tmp.resolve("run");
        new TrainOneLayerExperiment().run(ExperimentRuns.start(folder, "train-one-layer", SEED), settings(1), DATA);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TrainOneLayerExperiment().run(
                ExperimentRuns.resume(folder, "train-one-layer", SEED), settings(2), DATA));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }

    @Test
    void aDamagedMetricsRowIsNamedOnResume() throws Exception {
        Path folder = tmp.resolve("run");
        new TrainOneLayerExperiment().run(ExperimentRuns.start(folder, "train-one-layer", SEED), settings(1), DATA);
        Path metrics = folder.resolve(RunDirectory.METRICS);
        List<String> lines = Files.readAllLines(metrics);
        int row = lines.indexOf(lines.stream().filter(l -> l.contains(",1,h2,train_accuracy,")).findFirst()
                .orElseThrow());
        // A row whose step was edited: the resume writes the lost epoch's row again from the model's saved record,
        // and the edited row is named as one the run cannot have, not the epochs present.
        List<String> moved = new java.util.ArrayList<>(lines);
        moved.set(row, lines.get(row).replace(",1,h2,train_accuracy,", ",7,h2,train_accuracy,"));
        Files.write(metrics, moved);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TrainOneLayerExperiment().run(
                ExperimentRuns.resume(folder, "train-one-layer", SEED), settings(1), DATA));
        assertTrue(e.getMessage().startsWith("metrics.csv, layer h2: train_accuracy rows for epoch(s) [7], not in "
                + "0 .. 1 (a row"), e.getMessage());
        // A value that is not a number: the file and line are named.
        List<String> garbled = new java.util.ArrayList<>(lines);
        garbled.set(row, lines.get(row).substring(0, lines.get(row).lastIndexOf(',') + 1) + "0.8x1");
        Files.write(metrics, garbled);
        e = assertThrows(IllegalStateException.class, () -> new TrainOneLayerExperiment().run(
                ExperimentRuns.resume(folder, "train-one-layer", SEED), settings(1), DATA));
        assertTrue(e.getMessage().startsWith(metrics + " line " + (row + 1) + ": value '0.8x1' is not a number"),
                e.getMessage());
    }

    @Test
    void settingsRejectUnknownOrRepeatedLayers() {
        assertThrows(IllegalArgumentException.class, () -> settings(1).withLayers(List.of("h4")));
        assertThrows(IllegalArgumentException.class, () -> settings(1).withLayers(List.of("h2", "h2")));
        assertEquals(List.of("h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9"), TrainOneLayerExperiment.defaultLayers(9));
        assertEquals(9, TrainOneLayerSettings.defaults(Dataset.MNIST, false).hiddenLayers());
        assertEquals(200, TrainOneLayerSettings.defaults(Dataset.CIFAR10, true).width());
    }
}
