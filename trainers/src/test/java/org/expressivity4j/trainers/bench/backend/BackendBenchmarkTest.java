package org.expressivity4j.trainers.bench.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.trainers.models.Architectures;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;

/** The PyTorch peer is asked for the networks DL4J times: same shapes, hence the same parameter counts. */
class BackendBenchmarkTest {

    /** Parameters of bench/torch_backend.py's conv net for these sizes (conv kernels + biases, dense layers). */
    static long torchConvParameters(int c12, int c345, int fc1, int fc2) {
        long conv = (5 * 5 * 3 * c12 + c12) + (5 * 5 * c12 * c12 + c12) + (3 * 3 * c12 * c345 + c345)
                + 2L * (3 * 3 * c345 * c345 + c345);
        return conv + (c345 * 8 * 8L * fc1 + fc1) + ((long) fc1 * fc2 + fc2) + (fc2 * 10L + 10);
    }

    @Test
    void theTorchScriptGetsTheShapesDl4jTimes() {
        for (double width : new double[] {1.0, 0.25}) {
            BackendBenchmark.Settings s = new BackendBenchmark.Settings(1, 5, 1, 16, width, false, null);
            List<String> args = BackendBenchmark.torchArgs(s, new BackendBenchmark.Config("torch", "conv", 2, true),
                    Architectures.ConvSizes.SVCCA, 3);
            int at = args.indexOf("--sizes");
            int[] sizes = args.subList(at + 1, at + 5).stream().mapToInt(Integer::parseInt).toArray();
            MultiLayerNetwork net = new MultiLayerNetwork(Architectures.cifarConvNet(width,
                    Architectures.Normalization.NONE, 2.0, new Sgd(0.01), 3));
            net.init();
            assertEquals(net.numParams(), torchConvParameters(sizes[0], sizes[1], sizes[2], sizes[3]), "width " + width);
            assertEquals("16", args.get(args.indexOf("--batch") + 1));
        }
        BackendBenchmark.Settings s = new BackendBenchmark.Settings(1, 5, 1, 16, 1.0, false, null);
        List<String> args = BackendBenchmark.torchArgs(s, new BackendBenchmark.Config("torch", "mlp", 1, true),
                Architectures.ConvSizes.SVCCA, 3);
        MultiLayerNetwork mlp = new MultiLayerNetwork(Architectures.mlp(784, 8, 100, 10, Activation.HARDTANH, 1.0,
                new Sgd(0.01), 3));
        mlp.init();
        int hidden = Integer.parseInt(args.get(args.indexOf("--hidden") + 1));
        int width = Integer.parseInt(args.get(args.indexOf("--width") + 1));
        assertEquals(mlp.numParams(), 784L * width + width + (hidden - 1L) * (width * width + width) + width * 10L + 10);
        assertEquals("128", args.get(args.indexOf("--batch") + 1));
        assertEquals("5", args.get(args.indexOf("--steps") + 1));
    }
}
