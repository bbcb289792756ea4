package org.expressivity4j.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ActivationTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void inPlaceArrayVersionMatchesTheScalarDefinition(Activation a) {
        double[] h = new double[801];
        for (int i = 0; i < h.length; i++) {
            h[i] = -8 + 0.02 * i;
        }
        INDArray x = Nd4j.createFromArray(h);
        INDArray y = a.applyInPlace(x);
        for (int i = 0; i < h.length; i++) {
            // Native exp/tanh and Java's agree to within a few ulps of values of magnitude <= lambda * 8.
            assertEquals(a.apply(h[i]), y.getDouble(i), 1e-14, a + "(" + h[i] + ")");
        }
        assertEquals(x.getDouble(0), y.getDouble(0), 0.0, "applied in place");
    }

    @Test
    void seluUsesTheStandardConstants() {
        assertEquals(Activation.SELU_LAMBDA, Activation.SELU.apply(1.0), 1e-15);
        assertEquals(-Activation.SELU_LAMBDA * Activation.SELU_ALPHA, Activation.SELU.apply(-1e9), 1e-15);
        // ND4J's own SELU op uses the same constants.
        INDArray x = Nd4j.createFromArray(1.0, -1.0);
        Activation.SELU.applyInPlace(x);
        assertEquals(Activation.SELU_LAMBDA, x.getDouble(0), 1e-15);
        assertEquals(Activation.SELU_LAMBDA * Activation.SELU_ALPHA * Math.expm1(-1.0), x.getDouble(1), 1e-15);
    }

    @Test
    void regionsCountTheBoundariesBelow() {
        assertEquals(0, Activation.RELU.region(0.0));
        assertEquals(1, Activation.RELU.region(1e-300));
        assertEquals(0, Activation.HARD_TANH.region(-1.0));
        assertEquals(1, Activation.HARD_TANH.region(-0.999));
        assertEquals(1, Activation.HARD_TANH.region(1.0));
        assertEquals(2, Activation.HARD_TANH.region(1.001));
        assertEquals(0, Activation.LINEAR.region(1e300));
        assertEquals(1, Activation.LINEAR.regionCount());
        assertEquals(3, Activation.SIGMOID.regionCount());
        assertEquals(2, Activation.SIGMOID.region(2.5));
    }

    @Test
    void parsesNames() {
        assertEquals(Activation.HARD_TANH, Activation.parse("hard-tanh"));
        assertEquals(Activation.HARD_TANH, Activation.parse("HardTanh"));
        assertEquals(Activation.HARD_TANH, Activation.parse("HARD_TANH"));
        assertEquals(Activation.SELU, Activation.parse(" selu "));
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("swish"));
        assertThrows(IllegalArgumentException.class, () -> Activation.parse(null));
    }

    @Test
    void worksInSinglePrecision() {
        INDArray x = Nd4j.createFromArray(-2f, -0.5f, 0.5f, 2f);
        Activation.HARD_TANH.applyInPlace(x);
        assertEquals(DataType.FLOAT, x.dataType());
        assertEquals(-1.0, x.getDouble(0), 0.0);
        assertEquals(0.5, x.getDouble(2), 0.0);
    }
}
