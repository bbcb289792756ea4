package org.expressivity4j.core.linearity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.network.SeededGaussians;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LinearizationTest {

    @Test
    void oneSidedSlopesAtTheKinks() {
        assertArrayEquals(new double[] {0, 1}, Linearization.oneSidedSlopes(Activation.RELU, 0.0));
        assertArrayEquals(new double[] {1, 1}, Linearization.oneSidedSlopes(Activation.RELU, 0.5));
        assertArrayEquals(new double[] {1, 0}, Linearization.oneSidedSlopes(Activation.HARD_TANH, 1.0));
        assertArrayEquals(new double[] {0, 1}, Linearization.oneSidedSlopes(Activation.HARD_TANH, -1.0));
        // selu at 0: lambda alpha = 1.0507... x 1.6733... = 1.7581 on the left, lambda = 1.0507 on the right.
        double[] selu = Linearization.oneSidedSlopes(Activation.SELU, 0.0);
        assertEquals(1.7580993408473766, selu[0], 1e-15);
        assertEquals(1.0507009873554805, selu[1], 1e-15);
        assertArrayEquals(new double[] {0.25, 0.25}, Linearization.oneSidedSlopes(Activation.SIGMOID, 0.0), 0.0);
        assertArrayEquals(new double[] {1, 1}, Linearization.oneSidedSlopes(Activation.TANH, 0.0), 0.0);
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "SIGMOID", "SELU", "LINEAR"})
    void withBiasesTheLinearizationIsTheJacobianProduct(Activation activation) {
        Network net = RandomNetwork.builder().inputDimension(6).width(30).depth(4).weightVariance(2).biasVariance(0.3)
                .activation(activation).seed(9).build().create();
        double[] x0 = SeededGaussians.values(6, 0.5, 1);
        Linearization lin = Linearization.at(net, x0);
        assertTrue(lin.isLinear(), "biases put no unit exactly on a kink");
        INDArray v = SeededGaussians.matrix(3, 6, 1.0, 2, DataType.DOUBLE);
        INDArray dv = lin.apply(v);
        INDArray base = net.output(rows(x0, 3));
        double h = 1e-5;
        INDArray plus = net.output(rows(x0, 3).addi(v.mul(h)));
        INDArray minus = net.output(rows(x0, 3).subi(v.mul(h)));
        INDArray fd = plus.sub(minus).divi(2 * h);
        // Central differences: truncation h^2 |z'''| / 6 ~ 1e-10, rounding 1e-16 |z| / h ~ 1e-11.
        assertEquals(0.0, fd.sub(dv).amaxNumber().doubleValue(), 1e-7);
        assertEquals(3, base.rows());
    }

    @Test
    void aReluNetworkWithoutBiasesIsItsOwnLinearizationAtZero() {
        Network net = RandomNetwork.builder().inputDimension(5).width(40).depth(5).activation(Activation.RELU).seed(2)
                .build().create();
        Linearization lin = Linearization.at(net, new double[5]);
        assertFalse(lin.isLinear());
        assertEquals(5 * 40, lin.kinks(), "every unit has pre-activation exactly 0 at input 0");
        INDArray v = SeededGaussians.matrix(50, 5, 1.0, 3, DataType.DOUBLE);
        // Positive homogeneity: z(v) = D(v) for every v; the same products in the same order, up to rounding.
        assertEquals(0.0, net.output(v).sub(lin.apply(v)).amaxNumber().doubleValue(), 1e-12);
    }

    private static INDArray rows(double[] x, int n) {
        INDArray one = org.nd4j.linalg.factory.Nd4j.createFromArray(x).reshape(1, x.length);
        return org.nd4j.linalg.factory.Nd4j.repeat(one, n).reshape(n, x.length).dup();
    }
}
