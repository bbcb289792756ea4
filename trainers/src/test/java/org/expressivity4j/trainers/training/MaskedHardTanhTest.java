package org.expressivity4j.trainers.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.expressivity4j.core.backend.NativeBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationHardTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Masked hard tanh backpropagates exactly as DL4J's hard tanh, bit for bit, special values included. */
class MaskedHardTanhTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure(NativeBackend.Settings.withThreads(1));
    }

    @AfterAll
    static void restore() {
        NativeBackend.configureDefaults();
    }

    static int[] bits(INDArray a) {
        float[] f = a.dup('c').data().asFloat();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    @Test
    void theSameGradientBitForBit() {
        float[] special = {-1f, 1f, 0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Math.nextDown(1f), Math.nextUp(1f), Math.nextDown(-1f), Math.nextUp(-1f), 0.5f, -3f};
        int n = special.length;
        float[] z = new float[n * n];
        float[] e = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                z[i * n + j] = special[i];
                e[i * n + j] = special[j];
            }
        }
        INDArray eps = Nd4j.create(e, new long[] {n, n}, 'c');
        INDArray dl4j = new ActivationHardTanH().backprop(Nd4j.create(z, new long[] {n, n}, 'c'), eps).getFirst();
        INDArray masked = new MaskedHardTanh().backprop(Nd4j.create(z, new long[] {n, n}, 'c'), eps).getFirst();
        assertArrayEquals(bits(dl4j), bits(masked));
        Nd4j.getRandom().setSeed(4);
        INDArray r = Nd4j.randn(DataType.FLOAT, 128, 100).muli(2);
        INDArray re = Nd4j.randn(DataType.FLOAT, 128, 100);
        assertArrayEquals(bits(new ActivationHardTanH().backprop(r.dup(), re).getFirst()),
                bits(new MaskedHardTanh().backprop(r.dup(), re).getFirst()));
        INDArray x = Nd4j.create(z, new long[] {n, n}, 'c');
        assertArrayEquals(bits(new ActivationHardTanH().getActivation(x.dup(), true)),
                bits(new MaskedHardTanh().getActivation(x.dup(), true)), "the forward pass is hard tanh's");
        assertEquals(0, new MaskedHardTanh().numParams(100));
    }
}
