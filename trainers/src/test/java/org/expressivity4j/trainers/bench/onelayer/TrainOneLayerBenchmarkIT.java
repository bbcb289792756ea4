package org.expressivity4j.trainers.bench.onelayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.datasets.LabeledImages;
import org.expressivity4j.datasets.LocatedDataset;
import org.expressivity4j.trainers.bench.TorchPeer;
import org.expressivity4j.trainers.bench.onelayer.TrainOneLayerBenchmark.Way;
import org.expressivity4j.trainers.figures.onelayer.TrainOneLayerSettings;
import org.expressivity4j.trainers.training.ExperimentRuns;
import org.expressivity4j.trainers.training.SyntheticImages;
import org.expressivity4j.trainers.training.TrainingData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch peer does the project's experiment: on small MNIST-format files, the first batch's loss under the
 * initial weights agrees to float rounding (same weights, inputs, labels and loss), and the accuracies after
 * training agree closely (same order and updates, up to rounding and Adam's epsilon). Skipped, with a message,
 * where /usr/bin/python3 cannot import torch.
 */
class TrainOneLayerBenchmarkIT {

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

    @Test
    void thePyTorchPeerRunsTheSameExperiment() throws Exception {
        TorchPeer torch = new TorchPeer(TorchPeer.DEFAULT_PYTHON, TorchPeer.extract("torch_train_one_layer.py", tmp),
                tmp.resolve("torch-stderr.log"), 600);
        String problem = torch.problem();
        if (problem != null) {
            System.out.println("TrainOneLayerBenchmarkIT skipped: " + problem);
        }
        assumeTrue(problem == null, problem);
        LabeledImages fullTrain = SyntheticImages.of("train", 300, 1, 28, 1);
        LabeledImages fullTest = SyntheticImages.of("test", 100, 1, 28, 2);
        long seed = 5;
        TrainOneLayerSettings s = new TrainOneLayerSettings(org.expressivity4j.datasets.Dataset.MNIST, 3, 16, 1.0,
                List.of("h2", "h3"), 2, 20, 0.01, 0, 0, 0, 0);
        TrainingData data = TrainingData.of("mnist", fullTrain, fullTest, 0, 0, 0, seed);
        LocatedDataset mnist = TrainOneLayerBenchmarkTest.idxFiles(tmp.resolve("mnist"), fullTrain, fullTest);
        TrainOneLayerBenchmark.Result r = new TrainOneLayerBenchmark().run(new TrainOneLayerBenchmark.Settings(s, 1,
                List.of(Way.CACHED, Way.TORCH), torch), data, mnist, TrainingData.select(fullTrain, fullTest, 0, 0, 0,
                seed), ExperimentRuns.start(tmp.resolve("bench"), "bench train-one-layer", seed));
        TrainOneLayerBenchmark.Run project = r.last(Way.CACHED).orElseThrow();
        TrainOneLayerBenchmark.Run peer = r.last(Way.TORCH).orElseThrow();
        assertEquals(r.firstBatchLoss(), peer.firstBatchLoss(), 1e-5 * r.firstBatchLoss(), "first batch's loss");
        assertEquals(4, peer.epochs().size(), "2 layers x 2 epochs");
        for (int e = 0; e < 4; e++) {
            double[] a = project.epochs().get(e);
            double[] b = peer.epochs().get(e);
            // 100 test examples: a few may fall on the other side of a decision boundary after training
            assertEquals(a[1], b[1], 0.05, "train accuracy, epoch " + e);
            assertEquals(a[2], b[2], 0.05, "test accuracy, epoch " + e);
        }
        assertTrue(project.seconds() > 0 && peer.seconds() > 0);
    }
}
