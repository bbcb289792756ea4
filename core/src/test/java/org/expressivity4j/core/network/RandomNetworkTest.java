package org.expressivity4j.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.expressivity4j.core.backend.NativeBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RandomNetworkTest {

    @AfterEach
    void restoreThreads() {
        NativeBackend.configureDefaults();
    }

    @Test
    void weightsAndBiasesHaveThePapersScales() {
        RandomNetwork spec = RandomNetwork.builder().inputDimension(500).width(400).depth(2).sigmaW(3.0).sigmaB(0.5)
                .seed(11).build();
        Network net = spec.create();
        INDArray w1 = net.weights(1);
        INDArray w2 = net.weights(2);
        assertArrayEquals(new long[] {500, 400}, w1.shape());
        assertArrayEquals(new long[] {400, 400}, w2.shape());
        // n = 2e5 (1.6e5) i.i.d. normal entries: the sample variance has relative standard deviation sqrt(2 / n)
        // (0.32%, 0.35%); 2% is more than 5 standard deviations. The mean has standard deviation sigma / sqrt(n).
        assertEquals(9.0 / 500, w1.varNumber().doubleValue(), 0.02 * 9.0 / 500);
        assertEquals(9.0 / 400, w2.varNumber().doubleValue(), 0.02 * 9.0 / 400);
        assertEquals(0.0, w1.meanNumber().doubleValue(), 5 * Math.sqrt(9.0 / 500 / 2e5));
        // 800 biases: relative standard deviation of the variance sqrt(2/800) = 5%; 5 sigma = 25%.
        INDArray b = net.bias(1).reshape(400).add(net.bias(2).reshape(400));
        assertEquals(2 * 0.25, b.varNumber().doubleValue(), 0.25 * 2 * 0.25);
    }

    @Test
    void sameSeedSameNumbersWhateverTheThreadCount() {
        RandomNetwork spec = RandomNetwork.builder().inputDimension(30).width(64).depth(3).sigmaW(2).sigmaB(0.3)
                .activation(Activation.TANH).seed(5).build();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 200, 30);
        NativeBackend.configure(new NativeBackend.Settings(1, true));
        Network one = spec.create();
        INDArray outOne = one.output(x);
        NativeBackend.configure(new NativeBackend.Settings(2, true));
        Network two = spec.create();
        INDArray outTwo = two.output(x);
        for (int d = 1; d <= 3; d++) {
            assertEquals(one.weights(d), two.weights(d), "W_" + d);
            assertEquals(one.bias(d), two.bias(d), "b_" + d);
        }
        // Parameters are bit-identical; the products may be summed in another order by another thread split, so
        // outputs agree to rounding: |z| <= 1 (tanh), k = 64 terms of size ~1: 1e-12 is ~100x the double rounding.
        assertEquals(0.0, outOne.sub(outTwo).amaxNumber().doubleValue(), 1e-12);
        assertNotEquals(one.weights(1), spec.withSeed(6).create().weights(1));
    }

    @Test
    void deeperNetworkSharesLowerLayersAndFloatIsTheCastOfDouble() {
        RandomNetwork spec = RandomNetwork.builder().inputDimension(8).width(16).depth(2).seed(3).build();
        Network shallow = spec.create();
        Network deep = spec.withDepth(5).create();
        assertEquals(shallow.weights(2), deep.weights(2));
        Network single = spec.create(DataType.FLOAT);
        assertEquals(DataType.FLOAT, single.dataType());
        assertEquals(shallow.weights(1).castTo(DataType.FLOAT), single.weights(1));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void forwardMatchesAPlainComputation(Activation activation) {
        Network net = RandomNetwork.builder().inputDimension(5).width(7).depth(3).sigmaW(2).sigmaB(1)
                .activation(activation).seed(9).build().create();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 5).subi(0.5).muli(4);
        Forward f = net.forward(x);
        double[][] z = x.toDoubleMatrix();
        for (int d = 1; d <= 3; d++) {
            double[][] w = net.weights(d).toDoubleMatrix();
            double[] b = net.bias(d).toDoubleVector();
            double[][] h = new double[z.length][b.length];
            double[][] next = new double[z.length][b.length];
            for (int i = 0; i < z.length; i++) {
                for (int j = 0; j < b.length; j++) {
                    double s = b[j];
                    for (int q = 0; q < w.length; q++) {
                        s += z[i][q] * w[q][j];
                    }
                    h[i][j] = s;
                    next[i][j] = activation.apply(s);
                }
            }
            // Sums of 7 products of O(1) terms: rounding ~1e-15; 1e-12 leaves room for activations' ulps.
            for (int i = 0; i < z.length; i++) {
                assertArrayEquals(h[i], f.preActivation(d).getRow(i).toDoubleVector(), 1e-12, "h layer " + d);
                assertArrayEquals(next[i], f.output(d).getRow(i).toDoubleVector(), 1e-12, "z layer " + d);
            }
            z = next;
        }
        assertEquals(f.output(3), net.output(x));
        assertSame(f.input(), f.output(0));
    }

    @Test
    void linearNetworkIsOneAffineMap() {
        Network net = RandomNetwork.builder().inputDimension(6).width(6).depth(4).activation(Activation.LINEAR)
                .sigmaB(1).seed(2).build().create();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 6);
        INDArray expected = x;
        for (int d = 1; d <= 4; d++) {
            expected = expected.mmul(net.weights(d)).addRowVector(net.bias(d));
        }
        assertEquals(0.0, expected.sub(net.output(x)).amaxNumber().doubleValue(), 1e-12);
        net.propagate(x, true, (layer, h, z) -> assertSame(h, z));
        net.propagate(x, false, (layer, h, z) -> assertNull(h));
    }

    @Test
    void handBuiltNetworkIsCheckedAndCopied() {
        INDArray w = Nd4j.createFromArray(new double[][] {{1, -1}});
        INDArray b = Nd4j.createFromArray(0.0, 0.5);
        Network net = Network.of(List.of(w), List.of(b), Activation.RELU);
        w.putScalar(0, 0, 100.0);
        assertEquals(1.0, net.weights(1).getDouble(0, 0), 0.0, "parameters are copied in");
        assertEquals(1, net.inputDimension());
        assertEquals(2, net.width(1));
        assertThrows(IllegalArgumentException.class,
                () -> Network.of(List.of(w, w), List.of(b, b), Activation.RELU), "fan-in 1 after width 2");
        assertThrows(IllegalArgumentException.class,
                () -> Network.of(List.of(w), List.of(Nd4j.zeros(3)), Activation.RELU));
        assertThrows(IllegalArgumentException.class,
                () -> Network.of(List.of(w), List.of(b.castTo(DataType.FLOAT)), Activation.RELU));
        assertThrows(IllegalArgumentException.class, () -> net.forward(Nd4j.zeros(DataType.DOUBLE, 3, 2)));
    }

    @Test
    void rejectsBadDescriptions() {
        assertThrows(IllegalArgumentException.class, () -> RandomNetwork.builder().width(-1).build());
        assertThrows(IllegalArgumentException.class, () -> RandomNetwork.builder().depth(0).build());
        assertThrows(IllegalArgumentException.class, () -> RandomNetwork.builder().inputDimension(0).build());
        assertThrows(IllegalArgumentException.class, () -> RandomNetwork.builder().sigmaW(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> RandomNetwork.builder().sigmaB(-1).build());
        assertThrows(IllegalArgumentException.class, () -> RandomNetwork.builder().weightVariance(-1));
        assertThrows(IllegalArgumentException.class, () -> RandomNetwork.builder().build().create(DataType.INT));
        assertEquals(4.0, RandomNetwork.builder().weightVariance(16).build().sigmaW(), 0.0);
    }
}
