package org.expressivity4j.core.linearity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.expressivity4j.core.network.SeededGaussians;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class AffineFitTest {

    @Test
    void affineOutputsLeaveNoResidual() {
        INDArray x = SeededGaussians.matrix(200, 4, 1.0, 1, DataType.DOUBLE);
        INDArray a = SeededGaussians.matrix(4, 3, 1.0, 2, DataType.DOUBLE);
        INDArray y = x.mmul(a).addiRowVector(SeededGaussians.matrix(1, 3, 5.0, 3, DataType.DOUBLE));
        AffineFit.Residual r = AffineFit.of(x).residual(y);
        // Householder QR is backward stable: residual ~ 1e-16 x |Y| x small constant; |Y| / |Y - mean| <= ~5 here.
        assertEquals(0.0, r.relative(), 1e-13);
        assertEquals(1.0, r.explainedVariance(), 1e-13);
    }

    @Test
    void theResidualIsThePartOrthogonalToTheAffineFunctions() {
        // x on a grid symmetric about 0: e = x^2 - mean(x^2) is orthogonal to 1 and to x, so the fit of
        // y = 2 + 3x + e leaves exactly e, and the spread is |3x + e|^2 = 9|x|^2 + |e|^2 (cross term 0 by symmetry).
        int n = 101;
        double[][] x = new double[n][1];
        double meanSquare = 0;
        for (int i = 0; i < n; i++) {
            x[i][0] = -1 + 2.0 * i / (n - 1);
            meanSquare += x[i][0] * x[i][0] / n;
        }
        double[] y = new double[n];
        double ee = 0;
        double xx = 0;
        for (int i = 0; i < n; i++) {
            double e = x[i][0] * x[i][0] - meanSquare;
            y[i] = 2 + 3 * x[i][0] + e;
            ee += e * e;
            xx += x[i][0] * x[i][0];
        }
        AffineFit.Residual r = AffineFit.of(x).residual(y);
        assertEquals(Math.sqrt(ee), r.residualNorm(), 1e-12);
        assertEquals(Math.sqrt(9 * xx + ee), r.spreadNorm(), 1e-12);
    }

    @Test
    void scalingTheInputsChangesNothing() {
        INDArray u = SeededGaussians.matrix(300, 3, 1.0, 4, DataType.DOUBLE);
        INDArray y = u.mul(u).sum(true, 1).addi(u.getColumn(0).reshape(300, 1));
        double atOne = AffineFit.of(u).residual(y).relative();
        double atSmall = AffineFit.of(u.mul(1e-3)).residual(y).relative();
        // The columns of [1, sigma X] span the same space as those of [1, X]: equal up to rounding.
        assertEquals(atOne, atSmall, 1e-12);
    }

    @Test
    void tooFewSamplesOrCollinearInputsAreRejected() {
        INDArray x = SeededGaussians.matrix(4, 3, 1.0, 5, DataType.DOUBLE);
        assertThrows(IllegalArgumentException.class, () -> AffineFit.of(x));
        double[][] collinear = new double[10][2];
        for (int i = 0; i < 10; i++) {
            collinear[i][0] = i;
            collinear[i][1] = 2 * i + 1;
        }
        assertThrows(IllegalArgumentException.class, () -> AffineFit.of(collinear));
        AffineFit fit = AffineFit.of(SeededGaussians.matrix(10, 2, 1.0, 6, DataType.DOUBLE));
        assertThrows(IllegalArgumentException.class, () -> fit.residual(new double[9]));
    }
}
