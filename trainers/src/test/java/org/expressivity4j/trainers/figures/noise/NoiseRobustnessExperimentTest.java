package org.expressivity4j.trainers.figures.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.dl4j.noise.LayerWeightNoise.Scale;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.run.RunDirectory;
import org.expressivity4j.trainers.training.ActivationCaching;
import org.expressivity4j.trainers.training.ExperimentRuns.Killed;
import org.expressivity4j.trainers.training.ExperimentRuns;
import org.expressivity4j.trainers.training.SyntheticImages;
import org.expressivity4j.trainers.training.TrainingData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Noise robustness (Fig. 6) on small synthetic images: the sweep's rows, a loaded model giving the same numbers as
 * the run that trained it, resumption after a kill in the sweep, and the conv net's path.
 */
class NoiseRobustnessExperimentTest {

    private static final long SEED = 23;
    private static final int RUN_COLUMNS = 5;
    private static final TrainingData MNIST_LIKE = SyntheticImages.mnistLike(200, 100, 5);

    @TempDir
    Path tmp;

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure(NativeBackend.Settings.withThreads(1));
    }

    @AfterAll
    static void restore() {
        NativeBackend.configureDefaults();
    }

    /** 784 -> 3 x 16 hard tanh -> 10, 2 epochs of 4 batches; noise 0, 0.5, 2 with 2 seeds on every layer. */
    static NoiseRobustnessSettings mlp(String model, Scale scale) {
        return new NoiseRobustnessSettings(Dataset.MNIST, model,
                model == null ? new NoiseRobustnessExperiment.Mlp(3, 16, 1.0) : null, 2, 20, 0.01, 0, 0, 0, 4,
                List.of(), List.of(0.0, 0.5, 2.0), 2, scale);
    }

    @Test
    void sweepMeasuresEveryLayerMagnitudeAndSeed() throws Exception {
        Path folder = tmp.resolve("run");
        RunContext context = ExperimentRuns.start(folder, "noise-robustness", SEED);
        NoiseRobustnessExperiment.Result r = new NoiseRobustnessExperiment().run(context, mlp(null, Scale.RELATIVE),
                MNIST_LIKE);
        assertTrue(Files.isRegularFile(folder.resolve("models/model.zip")));
        assertFalse(Files.exists(folder.resolve(RunDirectory.SUMMARY)), "the experiment writes no prose");
        NoiseRobustnessReport.write(context, r);
        assertEquals(List.of("h1", "h2", "h3", "out"), r.layers().stream()
                .map(NoiseRobustnessExperiment.LayerResult::layer).toList());
        assertEquals(List.of(1, 2, 3, 4), r.layers().stream().map(NoiseRobustnessExperiment.LayerResult::position)
                .toList());
        assertEquals(100, r.testExamples());
        assertTrue(r.cleanAccuracy() > 0.3, "trained above chance: " + r.cleanAccuracy());
        for (NoiseRobustnessExperiment.LayerResult l : r.layers()) {
            assertArrayEquals(new double[] {r.cleanAccuracy(), r.cleanAccuracy()}, l.accuracy()[0], 0,
                    "magnitude 0 is the clean network");
        }
        // Training: epoch 0 (4 rows) and epochs 1, 2 (5 each). Noise: clean accuracy, a weight std per layer, and
        // per (layer, magnitude, seed) the noise std and the accuracy.
        List<MetricsCsv.Row> rows = MetricsCsv.read(folder.resolve(RunDirectory.METRICS), RUN_COLUMNS);
        assertEquals(14 + 1 + 4 + 4 * 3 * 2 * 2, rows.size());
        for (MetricsCsv.Row row : rows) {
            if (row.metric().equals("noise_std")) {
                double m = Double.parseDouble(row.run().get(3));
                double weightStd = r.layers().stream().filter(l -> l.layer().equals(row.layer())).findFirst()
                        .orElseThrow().weightStd();
                assertEquals(m * weightStd, row.value(), 1e-12 * (1 + weightStd), row.toString());
            }
        }
        for (String file : List.of("plots/fig6-accuracy-vs-noise.png", "summary.md")) {
            assertTrue(Files.isRegularFile(folder.resolve(file)), file);
        }
        assertEquals(r.cleanAccuracy(), rows.stream().filter(x -> x.metric().equals("clean_test_accuracy"))
                .findFirst().orElseThrow().value(), 0.0, "the clean accuracy row is the result's");
        // Halfway to chance: where the mean accuracy, interpolated linearly between the magnitudes 0, 0.5, 2, first
        // reaches (clean + 0.1) / 2; NaN where it never does.
        double target = (r.cleanAccuracy() + 0.1) / 2;
        double[] halfway = r.halfwayMagnitudes();
        assertEquals(r.layers().size(), halfway.length);
        for (int i = 0; i < halfway.length; i++) {
            double[] mean = r.layers().get(i).mean();
            if (Double.isNaN(halfway[i])) {
                assertTrue(mean[2] > target, "NaN only where even magnitude 2 stays above halfway");
            } else {
                assertTrue(halfway[i] > 0 && halfway[i] <= 2, "halfway " + halfway[i]);
                double[] ms = {0, 0.5, 2};
                int k = halfway[i] <= 0.5 ? 1 : 2;
                double interpolated = mean[k - 1] + (mean[k] - mean[k - 1]) * (halfway[i] - ms[k - 1])
                        / (ms[k] - ms[k - 1]);
                assertEquals(target, interpolated, 1e-9, "the accuracy at the halfway magnitude is halfway");
            }
        }
    }

    @Test
    void aLoadedModelGivesTheNumbersOfTheRunThatTrainedIt() {
        Path trained = tmp.resolve("trained");
        NoiseRobustnessExperiment.Result first = new NoiseRobustnessExperiment().run(
                ExperimentRuns.start(trained, "noise-robustness", SEED), mlp(null, Scale.RELATIVE), MNIST_LIKE);
        Path model = trained.resolve("models/model.zip");
        NoiseRobustnessExperiment.Result loaded = new NoiseRobustnessExperiment().run(
                ExperimentRuns.start(tmp.resolve("loaded"), "noise-robustness", SEED),
                mlp(model.toString(), Scale.RELATIVE), MNIST_LIKE);
        assertEquals(first.cleanAccuracy(), loaded.cleanAccuracy());
        for (int i = 0; i < first.layers().size(); i++) {
            for (int m = 0; m < 3; m++) {
                assertArrayEquals(first.layers().get(i).accuracy()[m], loaded.layers().get(i).accuracy()[m], 0);
            }
        }
        assertTrue(loaded.modelSource().startsWith("loaded from"), loaded.modelSource());
        NoiseRobustnessExperiment.Result absolute = new NoiseRobustnessExperiment().run(
                ExperimentRuns.start(tmp.resolve("absolute"), "noise-robustness", SEED),
                mlp(model.toString(), Scale.ABSOLUTE), MNIST_LIKE);
        assertEquals(first.cleanAccuracy(), absolute.cleanAccuracy());
    }

    @Test
    void aResumedSweepEqualsAnUninterruptedOne() {
        Path whole = tmp.resolve("whole");
        new NoiseRobustnessExperiment().run(ExperimentRuns.start(whole, "noise-robustness", SEED),
                mlp(null, Scale.RELATIVE), MNIST_LIKE);
        Path killed = tmp.resolve("killed");
        NoiseRobustnessExperiment.Observer kill = new NoiseRobustnessExperiment.Observer() {
            @Override
            public void noiseMeasured(String layer, int seed, double magnitude) {
                if (layer.equals("h2") && seed == 1 && magnitude == 0.5) {
                    throw new Killed("in the noise sweep");
                }
            }
        };
        assertThrows(Killed.class, () -> new NoiseRobustnessExperiment(kill).run(
                ExperimentRuns.start(killed, "noise-robustness", SEED), mlp(null, Scale.RELATIVE), MNIST_LIKE));
        new NoiseRobustnessExperiment().run(ExperimentRuns.resume(killed, "noise-robustness", SEED),
                mlp(null, Scale.RELATIVE), MNIST_LIKE);
        assertEquals(ExperimentRuns.rowsWithoutTimes(whole, RUN_COLUMNS),
                ExperimentRuns.rowsWithoutTimes(killed, RUN_COLUMNS));
    }

    @Test
    void convNetSmokeRun() {
        TrainingData cifarLike = SyntheticImages.cifarLike(60, 40, 9);
        NoiseRobustnessSettings s = new NoiseRobustnessSettings(Dataset.CIFAR10, null,
                new NoiseRobustnessExperiment.ConvNet(0.05, 2.0), 1, 20, 1e-3, 0, 0, 0, 2, List.of("c1", "fc2"),
                List.of(0.0, 1.0), 1, Scale.ABSOLUTE);
        NoiseRobustnessExperiment.Result r = new NoiseRobustnessExperiment().run(
                ExperimentRuns.start(tmp.resolve("conv"), "noise-robustness", SEED), s, cifarLike);
        assertEquals(List.of(1, 7), r.layers().stream().map(NoiseRobustnessExperiment.LayerResult::position)
                .toList(), "c1 is lay01, fc2 lay07");
        assertEquals(3 * 5 * 5 * 3, r.layers().get(0).weights(), "c1: 3 channels of 5x5x3 at width 0.05");
    }

    @Test
    void theCachedSweepEqualsTheUncachedOne() {
        Path uncached = tmp.resolve("uncached");
        NoiseRobustnessExperiment.Result whole = new NoiseRobustnessExperiment(ActivationCaching.OFF).run(
                ExperimentRuns.start(uncached, "noise-robustness", SEED), mlp(null, Scale.RELATIVE), MNIST_LIKE);
        Path cachedRun = tmp.resolve("cached");
        NoiseRobustnessExperiment.Result cached = new NoiseRobustnessExperiment(
                ActivationCaching.within(Long.MAX_VALUE)).run(ExperimentRuns.start(cachedRun, "noise-robustness",
                SEED), mlp(null, Scale.RELATIVE), MNIST_LIKE);
        assertEquals(List.of("h1", "h2", "h3", "out"), List.copyOf(new java.util.TreeSet<>(cached.caching().keySet())));
        cached.caching().values().forEach(v -> assertTrue(v.startsWith("cached"), v));
        whole.caching().values().forEach(v -> assertTrue(v.startsWith("not cached"), v));
        assertEquals(ExperimentRuns.rowsWithoutTimes(uncached, RUN_COLUMNS),
                ExperimentRuns.rowsWithoutTimes(cachedRun, RUN_COLUMNS), "every row, bit for bit");
        // the accuracies really vary with the noise: the comparison is not between constant curves
        assertTrue(cached.layers().stream().anyMatch(l -> l.mean()[2] < cached.cleanAccuracy() - 0.05),
                "magnitude 2 lowers the accuracy somewhere");
    }

    @Test
    void theCachedConvNetSweepEqualsTheUncachedOne() {
        TrainingData cifarLike = SyntheticImages.cifarLike(60, 40, 9);
        NoiseRobustnessSettings s = new NoiseRobustnessSettings(Dataset.CIFAR10, null,
                new NoiseRobustnessExperiment.ConvNet(0.05, 2.0), 1, 20, 1e-3, 0, 0, 0, 2, List.of("c1", "c3", "fc1",
                "out"), List.of(0.0, 0.5, 2.0), 1, Scale.RELATIVE);
        Path uncached = tmp.resolve("conv-uncached");
        new NoiseRobustnessExperiment(ActivationCaching.OFF).run(ExperimentRuns.start(uncached, "noise-robustness",
                SEED), s, cifarLike);
        Path cachedRun = tmp.resolve("conv-cached");
        NoiseRobustnessExperiment.Result cached = new NoiseRobustnessExperiment(
                ActivationCaching.within(Long.MAX_VALUE)).run(ExperimentRuns.start(cachedRun, "noise-robustness",
                SEED), s, cifarLike);
        cached.caching().values().forEach(v -> assertTrue(v.startsWith("cached"), v));
        assertEquals(ExperimentRuns.rowsWithoutTimes(uncached, RUN_COLUMNS),
                ExperimentRuns.rowsWithoutTimes(cachedRun, RUN_COLUMNS), "every row, bit for bit");
    }

    @Test
    void aCacheOverItsBudgetIsRefusedAndTheLayerMeasuredOnTheWholeNetwork() {
        // 100 test examples x 16 values x 4 bytes = 6,400 bytes at h2 and h3, 100 x 784 x 4 at h1: a budget of
        // 7,000 bytes takes h2, h3 and out and refuses h1
        Path uncached = tmp.resolve("uncached");
        new NoiseRobustnessExperiment(ActivationCaching.OFF).run(ExperimentRuns.start(uncached, "noise-robustness",
                SEED), mlp(null, Scale.RELATIVE), MNIST_LIKE);
        Path small = tmp.resolve("small");
        NoiseRobustnessExperiment.Result r = new NoiseRobustnessExperiment(ActivationCaching.within(7_000)).run(
                ExperimentRuns.start(small, "noise-robustness", SEED), mlp(null, Scale.RELATIVE), MNIST_LIKE);
        String h1 = r.caching().get("h1");
        assertTrue(h1.startsWith("not cached: the input of h1 for 100 test examples (784 values each) would take "
                + "314 kB, more than the cache's budget of 7.00 kB"), h1);
        for (String layer : List.of("h2", "h3", "out")) {
            assertTrue(r.caching().get(layer).startsWith("cached"), layer + ": " + r.caching().get(layer));
        }
        assertEquals(ExperimentRuns.rowsWithoutTimes(uncached, RUN_COLUMNS),
                ExperimentRuns.rowsWithoutTimes(small, RUN_COLUMNS));
    }

    @Test
    void unknownLayersAndBadMagnitudesAreRejected() {
        NoiseRobustnessSettings s = new NoiseRobustnessSettings(Dataset.MNIST, null,
                new NoiseRobustnessExperiment.Mlp(2, 8, 1.0), 1, 20, 0.01, 0, 0, 0, 1, List.of("p1"),
                List.of(0.0, 1.0), 1, Scale.RELATIVE);
        assertThrows(IllegalArgumentException.class, () -> new NoiseRobustnessExperiment().run(
                ExperimentRuns.start(tmp.resolve("bad"), "noise-robustness", SEED), s, MNIST_LIKE));
        assertThrows(IllegalArgumentException.class, () -> new NoiseRobustnessSettings(Dataset.MNIST,
                null, new NoiseRobustnessExperiment.Mlp(2, 8, 1.0), 1, 20, 0.01, 0, 0, 0, 1, List.of(),
                List.of(-0.5), 1, Scale.RELATIVE));
        assertEquals("0.25", NoiseRobustnessExperiment.magnitudeLabel(0.25));
        assertEquals("2", NoiseRobustnessExperiment.magnitudeLabel(2.0));
        assertEquals("0", NoiseRobustnessExperiment.magnitudeLabel(0.0));
    }
}
