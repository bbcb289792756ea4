package org.expressivity4j.trainers.bench.onelayer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.expressivity4j.datasets.LabeledImages;
import org.expressivity4j.datasets.LocatedDataset;
import org.expressivity4j.trainers.figures.onelayer.TrainOneLayerExperiment;
import org.expressivity4j.trainers.figures.onelayer.TrainOneLayerSettings;
import org.expressivity4j.trainers.training.SyntheticImages;
import org.expressivity4j.trainers.training.TrainingData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The inputs the PyTorch peer reads describe the project's experiment exactly: initial weights, standardization,
 * selected examples and batch order.
 */
class TrainOneLayerBenchmarkTest {

    static final long SEED = 5;

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

    /** 784 -> 3 x 16 hard tanh -> 10, h2 trained, 2 epochs of batch 20. */
    static TrainOneLayerSettings settings() {
        return new TrainOneLayerSettings(Dataset.MNIST, 3, 16, 1.0, List.of("h2"), 2, 20, 0.01, 120, 50, 40, 0);
    }

    /** MNIST-format IDX files (gzipped) of these images; returns the located dataset. */
    static LocatedDataset idxFiles(Path dir, LabeledImages train, LabeledImages test) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("train-images-idx3-ubyte", write(dir.resolve("train-images-idx3-ubyte.gz"), 2051, train, true));
        files.put("train-labels-idx1-ubyte", write(dir.resolve("train-labels-idx1-ubyte.gz"), 2049, train, false));
        files.put("t10k-images-idx3-ubyte", write(dir.resolve("t10k-images-idx3-ubyte.gz"), 2051, test, true));
        files.put("t10k-labels-idx1-ubyte", write(dir.resolve("t10k-labels-idx1-ubyte.gz"), 2049, test, false));
        return new LocatedDataset(Dataset.MNIST.spec(), dir, LocatedDataset.Source.DATA_DIR, files, false);
    }

    private static Path write(Path file, int magic, LabeledImages images, boolean pixels) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            ByteBuffer header = ByteBuffer.allocate(pixels ? 16 : 8);
            header.putInt(magic).putInt(images.count());
            if (pixels) {
                header.putInt(28).putInt(28);
            }
            out.write(header.array());
            if (pixels) {
                out.write(pixels(images));
            } else {
                for (int i = 0; i < images.count(); i++) {
                    out.write(images.label(i));
                }
            }
        }
        return file;
    }

    static byte[] pixels(LabeledImages images) {
        int size = images.featureSize();
        byte[] b = new byte[images.count() * size];
        for (int i = 0; i < images.count(); i++) {
            for (int j = 0; j < size; j++) {
                b[i * size + j] = (byte) images.pixel(i, j);
            }
        }
        return b;
    }

    static int[] ints(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int[] v = new int[b.remaining() / 4];
        b.asIntBuffer().get(v);
        return v;
    }

    @Test
    void thePeersInputsAreTheExperimentsWeightsDataAndOrder() throws IOException {
        LabeledImages fullTrain = SyntheticImages.of("train", 200, 1, 28, 1);
        LabeledImages fullTest = SyntheticImages.of("test", 80, 1, 28, 2);
        TrainOneLayerSettings s = settings();
        TrainingData data = TrainingData.of("mnist", fullTrain, fullTest, 120, 50, 40, SEED);
        TrainingData.Selection selection = TrainingData.select(fullTrain, fullTest, 120, 50, 40, SEED);
        LocatedDataset mnist = idxFiles(tmp.resolve("mnist"), fullTrain, fullTest);
        Path inputs = tmp.resolve("inputs");
        TrainOneLayerBenchmark.writeTorchInputs(inputs, s, data, mnist, selection, SEED);

        JsonNode meta = new ObjectMapper().readTree(inputs.resolve("meta.json").toFile());
        assertEquals(List.of(784, 16, 16, 16, 10), new ObjectMapper().convertValue(meta.get("sizes"), List.class));
        assertEquals(2, meta.get("epochs").asInt());
        assertEquals(20, meta.get("batch").asInt());
        // the selection is the data's: the selected images are those of the files at these indices
        assertArrayEquals(pixels(fullTrain.select(selection.train(), "x")), pixels(data.train()));
        assertArrayEquals(pixels(fullTest.select(selection.test(), "x")), pixels(data.test()));
        assertArrayEquals(pixels(data.train().select(selection.trainEval(), "x")), pixels(data.trainEval()));
        assertArrayEquals(selection.train(), ints(inputs.resolve("train.bin")));
        assertArrayEquals(selection.trainEval(), ints(inputs.resolve("train_eval.bin")));
        // pixel * scale - shift in float32 is what the iterator serves
        float scale = (float) meta.get("scale").asDouble();
        float shift = (float) meta.get("shift").asDouble();
        INDArray first = data.evalIterator(data.train(), 1, ImageDataSetIterator.Layout.FLAT).next().getFeatures();
        for (int j = 0; j < 784; j++) {
            assertEquals(first.getFloat(0, j), data.train().pixel(0, j) * scale - shift, 0f, "pixel " + j);
        }
        // each epoch's order is the training iterator's
        int[] order = ints(inputs.resolve("order.bin"));
        ImageDataSetIterator it = data.trainIterator(20, SEED, ImageDataSetIterator.Layout.FLAT, 0);
        for (int e = 0; e < 2; e++) {
            assertArrayEquals(it.passOrder(e), java.util.Arrays.copyOfRange(order, e * 120, (e + 1) * 120));
        }
        // the initial weights, W as [in, out] in C order then b, layer by layer
        MultiLayerNetwork net = new MultiLayerNetwork(TrainOneLayerExperiment.network(s, data, SEED));
        net.init();
        ByteBuffer w = ByteBuffer.wrap(Files.readAllBytes(inputs.resolve("weights.bin")))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(net.numParams() * 4, w.capacity());
        INDArray w1 = net.getLayer(0).getParam("W");
        for (int i = 0; i < 784; i += 97) {
            for (int j = 0; j < 16; j += 5) {
                assertEquals(w1.getFloat(i, j), w.getFloat((i * 16 + j) * 4), 0f);
            }
        }
        INDArray w2 = net.getLayer(1).getParam("W");
        long offset = 784 * 16 + 16;
        assertEquals(w2.getFloat(3, 7), w.getFloat((int) (offset + 3 * 16 + 7) * 4), 0f);
    }
}
