package org.expressivity4j.core.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ProjectionsTest {

    /**
     * A circle of radius 3 in a random plane of R^D, shifted by an offset, plus a small wobble along a third
     * direction: the principal plane is the circle's plane, the projected points lie on a circle of radius 3 around
     * the origin (centring removes the offset), and the axis variances are r^2 / 2 each (uniform angles).
     * D = 200 exercises the covariance route, N < D the Gram-matrix route.
     */
    @ParameterizedTest
    @ValueSource(ints = {1000, 120})
    void recoversThePlaneOfACircle(int n) {
        int d = 200;
        double[][] frame = ArcLengthTest.orthonormalPair(d, 3);
        double[] third = Trajectories.randomPoint(d, 1, 99);
        double[] offset = Trajectories.randomPoint(d, 5, 100);
        double r = 3;
        double[][] pts = new double[n][d];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            for (int q = 0; q < d; q++) {
                pts[i][q] = offset[q] + r * (Math.cos(t) * frame[0][q] + Math.sin(t) * frame[1][q])
                        + 1e-3 * Math.sin(7 * t) * third[q] / Math.sqrt(d);
            }
        }
        Projections.Projection p = Projections.principalPlane(Nd4j.createFromArray(pts));
        assertArrayEquals(new long[] {n, 2}, p.coordinates().shape());
        for (int i = 0; i < n; i += 7) {
            double radius = p.coordinates().getRow(i).norm2Number().doubleValue();
            // The wobble (amplitude 1e-3) is all that leaves the plane; rounding is far smaller.
            assertEquals(r, radius, 2e-3, "point " + i);
        }
        // n equally spaced angles: the variance along any in-plane axis is exactly r^2 / 2.
        assertEquals(r * r / 2, p.variance()[0], 1e-5);
        assertEquals(r * r / 2, p.variance()[1], 1e-5);
        INDArray gram = p.basis().transpose().mmul(p.basis());
        assertEquals(0.0, gram.sub(Nd4j.eye(2).castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), 1e-10);
    }

    @Test
    void principalAxesComeLargestFirstWithAFixedSign() {
        INDArray x = Nd4j.createFromArray(new double[][] {{-4, 0, 0.1}, {4, 0, -0.1}, {0, -1, 0}, {0, 1, 0}});
        Projections.Projection p = Projections.principalPlane(x);
        assertTrue(p.variance()[0] > p.variance()[1]);
        // First axis is +-e1; the largest component is made positive.
        assertEquals(1.0, p.basis().getDouble(0, 0), 1e-3);
        assertEquals(1.0, p.basis().getDouble(1, 1), 1e-3);
    }

    @Test
    void randomPlaneIsSeededAndOrthonormal() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 10, 50);
        Projections.Projection a = Projections.randomPlane(x, 4);
        Projections.Projection b = Projections.randomPlane(x, 4);
        assertEquals(a.coordinates(), b.coordinates());
        INDArray gram = a.basis().transpose().mmul(a.basis());
        assertEquals(0.0, gram.sub(Nd4j.eye(2).castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Projections.randomPlane(Nd4j.zeros(1, 5), 1));
    }
}
