package org.expressivity4j.core.linearity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.SeededGaussians;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SmallInputLimitsTest {

    @Test
    void kinkResidualsOfReluAndSelu() {
        // relu: sqrt((1 - 2/pi) / 4 / (1/2 - 1/(2 pi))) = sqrt((pi - 2) / (2 (pi - 1))).
        assertEquals(Math.sqrt((Math.PI - 2) / (2 * (Math.PI - 1))), SmallInputLimits.kinkResidual(0, 1), 1e-15);
        assertEquals(0.516265, SmallInputLimits.kinkResidual(0, 1), 1e-6);
        // selu: only the ratio of the slopes (alpha = 1.6733) matters.
        assertEquals(SmallInputLimits.kinkResidual(1.6732632423543772, 1),
                SmallInputLimits.unitResidual(Activation.SELU, 0.01), 1e-15);
        assertEquals(0.0, SmallInputLimits.kinkResidual(2, 2), 0.0);
    }

    /**
     * One unit {@code phi(sigma z)} over 100000 draws of z: the measured relative residual against the expansion.
     * The estimate is a ratio of sample second moments; its relative standard error is about
     * {@code sqrt(Var(e^2)) / (2 E[e^2] sqrt(N))}, at most 0.8 / sqrt(N) = 0.25% here (for tanh and sigmoid the
     * residual is He_3, E[He_3^4] / E[He_3^2]^2 = 3348 / 36^2), and the next term of the expansion is
     * O(sigma^2) = 4e-4 relative at sigma = 0.02; 2% covers both with room.
     */
    @ParameterizedTest
    @CsvSource({"TANH, 0.02", "SIGMOID, 0.02", "RELU, 0.02", "RELU, 3.0", "SELU, 0.0001"})
    void oneUnitMatchesTheExpansion(Activation activation, double sigma) {
        Network unit = Network.of(List.of(Nd4j.ones(DataType.DOUBLE, 1, 1)), List.of(Nd4j.zeros(DataType.DOUBLE, 1, 1)),
                activation);
        INDArray z = SeededGaussians.matrix(100_000, 1, 1.0, 17, DataType.DOUBLE);
        double measured = AffineFit.of(z).residual(unit.output(z.mul(sigma))).relative();
        double expected = SmallInputLimits.unitResidual(activation, sigma);
        assertEquals(expected, measured, 0.02 * expected);
    }
}
