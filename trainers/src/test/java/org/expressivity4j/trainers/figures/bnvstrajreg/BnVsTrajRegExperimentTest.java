package org.expressivity4j.trainers.figures.bnvstrajreg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.datasets.LabeledImages;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.expressivity4j.dl4j.listeners.TrajectoryMetric;
import org.expressivity4j.dl4j.listeners.TrajectoryRecord;
import org.expressivity4j.trainers.figures.bnvstrajreg.BnVsTrajRegExperiment.Variant;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.report.ResumableMetrics;
import org.expressivity4j.trainers.training.ModelFiles;
import org.expressivity4j.trainers.training.TrainingData;
import org.expressivity4j.trainers.training.TrainingRecipe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bn-vs-trajreg on a tiny conv net and synthetic CIFAR-shaped images: the variants share their initial weights, every
 * variant records its curves and trajectory measures, and a run killed after any checkpoint and resumed records
 * exactly what an uninterrupted run records (one native thread: DL4J's training is then deterministic).
 */
public class BnVsTrajRegExperimentTest {

    private static final BnVsTrajRegSettings SETTINGS = new BnVsTrajRegSettings(
            List.of(Variant.NONE, Variant.BATCH_NORM, Variant.TRAJECTORY_REGULARIZATION), Architectures.ConvSizes.SVCCA,
            0.08, 2.0, 8, TrainingRecipe.adam(1e-3), 2, 0, 3, 6, 9, 4, 0.05, TrajectoryRegularization.Penalized.OUTPUT,
            11);

    @TempDir
    Path tmp;

    @BeforeAll
    static void oneThread() {
        NativeBackend.configure(new NativeBackend.Settings(1, NativeBackend.Settings.defaults().helpers()));
    }

    @AfterAll
    static void restoreBackend() {
        NativeBackend.configureDefaults();
    }

    /** CIFAR-shaped images whose class is marked by a bright band of rows. */
    public static TrainingData data() {
        return TrainingData.of("cifar10", images("train", 40, 5), images("test", 16, 6), 0, 0, 0, 3);
    }

    private static LabeledImages images(String name, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * 3 * 32 * 32];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
            for (int p = 0; p < 3 * 32 * 32; p++) {
                int row = (p / 32) % 32;
                pixels[i * 3 * 32 * 32 + p] = (byte) (row / 3 == i % 10 ? 200 + random.nextInt(56)
                        : random.nextInt(30));
            }
        }
        return new LabeledImages(name, 3, 32, 32, pixels, labels,
                IntStream.range(0, 10).mapToObj(k -> "c" + k).toList());
    }

    private List<MetricsCsv.Row> run(Path folder, BnVsTrajRegExperiment.Observer observer) {
        return attempt(folder, observer).rows();
    }

    /** What one attempt returned and the metrics file after it. */
    private record Attempt(BnVsTrajRegExperiment.Result result, List<MetricsCsv.Row> rows) {
    }

    private Attempt attempt(Path folder, BnVsTrajRegExperiment.Observer observer) {
        try (ResumableMetrics metrics = new ResumableMetrics(MetricsCsv.open(folder.resolve("metrics.csv"),
                List.of("variant")))) {
            BnVsTrajRegExperiment.Result result = new BnVsTrajRegExperiment(folder, data(), SETTINGS, metrics,
                    observer).run();
            return new Attempt(result, metrics.rows());
        }
    }

    @Test
    void theVariantsStartFromTheSameWeightsAndDifferOnlyInTheirNormalizationLayers() {
        BnVsTrajRegExperiment experiment = new BnVsTrajRegExperiment(tmp, data(), SETTINGS,
                new ResumableMetrics(MetricsCsv.open(tmp.resolve("m.csv"), List.of("variant"))),
                BnVsTrajRegExperiment.Observer.NONE);
        MultiLayerNetwork none = experiment.initial(Variant.NONE);
        for (Variant v : List.of(Variant.BATCH_NORM, Variant.TRAJECTORY_REGULARIZATION)) {
            MultiLayerNetwork net = experiment.initial(v);
            List<String> extra = new ArrayList<>();
            for (Layer layer : net.getLayers()) {
                String name = layer.conf().getLayer().getLayerName();
                if (!hasLayer(none, name)) {
                    extra.add(name);
                    continue;
                }
                for (Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> p : layer.paramTable().entrySet()) {
                    assertEquals(none.getLayer(name).getParam(p.getKey()), p.getValue(), v + " " + name + " "
                            + p.getKey());
                }
            }
            String prefix = v == Variant.BATCH_NORM ? "bn" : "tr";
            assertEquals(List.of(prefix + "1", prefix + "2", prefix + "3", prefix + "4"), extra);
            if (v == Variant.TRAJECTORY_REGULARIZATION) {
                for (String tr : extra) {
                    assertEquals(0.05, ((TrajectoryRegularization) net.getLayer(tr).conf().getLayer())
                            .getCoefficient(), tr + ": the settings' coefficient, not the default");
                }
            }
        }
        // The shared weights are random, not a constant that would make the comparison trivial.
        assertNotEquals(0.0, none.getLayer("c1").getParam("W").stdNumber().doubleValue());
    }

    private static boolean hasLayer(MultiLayerNetwork net, String name) {
        for (Layer layer : net.getLayers()) {
            if (layer.conf().getLayer().getLayerName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyVariantRecordsItsCurvesProbesAndInferenceTime() {
        List<MetricsCsv.Row> rows = run(tmp.resolve("run"), BnVsTrajRegExperiment.Observer.NONE);
        // 40 images, batch 8: 5 steps per epoch, 10 in all; segments of 3 steps: records at 0, 3, 6, 9, 10.
        for (Variant v : SETTINGS.variants()) {
            List<Long> accuracySteps = rows.stream().filter(r -> r.run().get(0).equals(v.id())
                    && r.metric().equals("test_accuracy")).map(MetricsCsv.Row::step).toList();
            assertEquals(List.of(0L, 3L, 6L, 9L, 10L), accuracySteps, v.id());
            // Probes every 6 steps and at the end.
            List<Long> probeSteps = rows.stream().filter(r -> r.run().get(0).equals(v.id())
                    && r.layer().equals("c1") && r.metric().equals(TrajectoryMetric.LENGTH.id()))
                    .map(MetricsCsv.Row::step).toList();
            assertEquals(List.of(0L, 6L, 10L), probeSteps, v.id());
            assertTrue(rows.stream().anyMatch(r -> r.run().get(0).equals(v.id())
                    && r.metric().equals("inference_ms_per_example") && r.value() > 0), v.id());
            assertTrue(Files.exists(tmp.resolve("run/models/" + v.id() + ".zip")), v.id());
            assertFalse(Files.exists(tmp.resolve("run/checkpoints/" + v.id() + ".zip")), v.id());
        }
        // The normalization layers are probed too.
        assertTrue(rows.stream().anyMatch(r -> r.layer().equals("bn2") && r.metric().equals("growth")));
        assertTrue(rows.stream().anyMatch(r -> r.layer().equals("tr4") && r.metric().equals("length")));
        // At step 0 the none and trajreg nets compute the same function (lambda = 1): same test accuracy.
        assertEquals(value(rows, "none", 0, "", "test_accuracy"), value(rows, "trajreg", 0, "", "test_accuracy"));
        assertEquals(value(rows, "none", 0, "fc2", "length"), value(rows, "trajreg", 0, "fc2", "length"), 1e-9);
    }

    @Test
    void aRunKilledAfterAnyCheckpointAndResumedRecordsWhatAnUninterruptedRunRecords() {
        Map<String, Double> expected = deterministic(run(tmp.resolve("whole"), BnVsTrajRegExperiment.Observer.NONE));
        Path folder = tmp.resolve("killed");
        // Killed after batch norm's checkpoint at step 6 (none is at 6, trajreg still at 3), then again at the end.
        assertThrows(Killed.class, () -> run(folder, (variant, step) -> {
            if (variant == Variant.BATCH_NORM && step == 6) {
                throw new Killed();
            }
        }));
        assertThrows(Killed.class, () -> run(folder, (variant, step) -> {
            if (variant == Variant.TRAJECTORY_REGULARIZATION && step == 10) {
                throw new Killed();
            }
        }));
        Attempt last = attempt(folder, BnVsTrajRegExperiment.Observer.NONE);
        List<MetricsCsv.Row> rows = last.rows();
        Map<String, Double> resumed = deterministic(rows);
        assertEquals(expected, resumed);
        // The resumed run's records hold every attempt's probes, as the metrics do.
        for (Variant v : SETTINGS.variants()) {
            assertEquals(probes(rows, v), records(last.result().trajectories().get(v)), v.id());
        }
        long keys = rows.stream().map(r -> r.run() + "/" + r.step() + "/" + r.layer() + "/" + r.metric()).distinct()
                .count();
        assertEquals(rows.size(), keys, "no row written twice");
        for (Variant v : SETTINGS.variants()) {
            MultiLayerNetwork a = ModelFiles.restore(tmp.resolve("whole/models/" + v.id() + ".zip"));
            MultiLayerNetwork b = ModelFiles.restore(folder.resolve("models/" + v.id() + ".zip"));
            assertArrayEquals(a.params().data().asFloat(), b.params().data().asFloat(), v.id() + ": parameters");
        }
    }

    @Test
    void aRunsTrajectoryRecordsAreTheProbesItsMetricsHold() {
        Attempt whole = attempt(tmp.resolve("records"), BnVsTrajRegExperiment.Observer.NONE);
        for (Variant v : SETTINGS.variants()) {
            List<TrajectoryRecord> records = whole.result().trajectories().get(v);
            assertEquals(probes(whole.rows(), v), records(records), v.id());
            // Each layer's index and type as the listener gave them.
            assertEquals(BnVsTrajRegExperiment.trajectoryFromRows(whole.rows(), v, records).stream()
                    .map(r -> r.layer() + " " + r.type()).toList(), records.stream()
                    .map(r -> r.layer() + " " + r.type()).toList(), v.id());
        }
    }

    /** A variant's trajectory rows: step, layer, metric and value, in the file's order. */
    private static List<String> probes(List<MetricsCsv.Row> rows, Variant v) {
        return rows.stream().filter(r -> r.run().get(0).equals(v.id()) && !r.layer().isEmpty())
                .map(r -> r.step() + " " + r.layer() + " " + r.metric() + " " + (r.value() + 0.0)).toList();
    }

    /** Records as {@link #probes} shows rows (-0 written as 0). */
    private static List<String> records(List<TrajectoryRecord> records) {
        return records.stream().map(r -> r.iteration() + " " + r.name() + " " + r.metric().id() + " " + (r.value() + 0.0))
                .toList();
    }

    /** Every row but the timings, keyed by variant, step, layer and metric. */
    private static Map<String, Double> deterministic(List<MetricsCsv.Row> rows) {
        return rows.stream().filter(r -> !r.metric().endsWith("_ms") && !r.metric().contains("_ms_"))
                .collect(Collectors.toMap(r -> r.run() + "/" + r.step() + "/" + r.layer() + "/" + r.metric(),
                        MetricsCsv.Row::value));
    }

    private static double value(List<MetricsCsv.Row> rows, String variant, long step, String layer, String metric) {
        return rows.stream().filter(r -> r.run().get(0).equals(variant) && r.step() == step
                && r.layer().equals(layer) && r.metric().equals(metric)).findFirst().orElseThrow().value();
    }

    private static final class Killed extends RuntimeException {
    }
}
