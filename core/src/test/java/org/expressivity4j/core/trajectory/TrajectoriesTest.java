package org.expressivity4j.core.trajectory;

import static org.expressivity4j.core.trajectory.ArcLengthTest.dot;
import static org.expressivity4j.core.trajectory.ArcLengthTest.orthonormalPair;
import static org.expressivity4j.core.trajectory.ArcLengthTest.scale;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrajectoriesTest {

    /** Rounding of O(1) coordinates computed from a few products and sums: a few ulps. */
    private static final double ROUNDING = 1e-14;

    @Test
    void lineInterpolatesItsEndpoints() {
        double[] x0 = {1, 2, 3};
        double[] x1 = {3, 2, -1};
        Curve line = Trajectories.line(x0, x1);
        INDArray p = line.sample(new double[] {0, 0.25, 1});
        assertArrayEquals(x0, p.getRow(0).toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {1.5, 2, 2}, p.getRow(1).toDoubleVector(), ROUNDING);
        assertArrayEquals(x1, p.getRow(2).toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {0, 1}, line.affineBreaks().orElseThrow(), 0.0);
    }

    @Test
    void quarterCircleIsThePapersArc() {
        double[] x0 = Trajectories.randomPoint(10, 1.0, 1);
        double[] x1 = Trajectories.randomPoint(10, 1.0, 2);
        Curve c = Trajectories.quarterCircle(x0, x1);
        double t = 0.3;
        INDArray p = c.sample(new double[] {0, t, 1});
        assertArrayEquals(x0, p.getRow(0).toDoubleVector(), ROUNDING);
        assertArrayEquals(x1, p.getRow(2).toDoubleVector(), ROUNDING);
        double[] expected = new double[10];
        for (int i = 0; i < 10; i++) {
            expected[i] = Math.cos(Math.PI * t / 2) * x0[i] + Math.sin(Math.PI * t / 2) * x1[i];
        }
        assertArrayEquals(expected, p.getRow(1).toDoubleVector(), ROUNDING);
        assertTrue(c.affineBreaks().isEmpty());
    }

    @Test
    void arrayEndpointsOfAnyShapeAreFlattened() {
        double[] x0 = Trajectories.randomPoint(12, 1.0, 1);
        double[] x1 = Trajectories.randomPoint(12, 1.0, 2);
        INDArray row0 = Nd4j.createFromArray(x0).reshape(1, 12);
        INDArray image1 = Nd4j.createFromArray(x1).reshape(1, 3, 2, 2);
        double[] t = {0, 0.3, 1};
        INDArray expected = Trajectories.quarterCircle(x0, x1).sample(t);
        assertArrayEquals(expected.toDoubleMatrix()[1],
                Trajectories.quarterCircle(row0, image1).sample(t).toDoubleMatrix()[1], ROUNDING);
        assertArrayEquals(x1, Trajectories.line(row0, image1).sample(new double[] {1}).toDoubleVector(), ROUNDING);
    }

    @Test
    void greatCircleIsClosedOnItsSphereWithLengthTwoPiR() {
        double[] x0 = Trajectories.randomPoint(25, 2.0, 3);
        double[] x1 = Trajectories.randomPoint(25, 1.0, 4);
        double r = Math.sqrt(dot(x0, x0));
        Curve c = Trajectories.greatCircle(x0, x1);
        int n = 2001;
        Trajectory tr = Trajectory.sample(c, n);
        for (int i = 0; i < n; i += 100) {
            assertEquals(r, tr.points().getRow(i).norm2Number().doubleValue(), ROUNDING * r * 10);
        }
        assertArrayEquals(tr.points().getRow(0).toDoubleVector(), tr.points().getRow(n - 1).toDoubleVector(),
                ROUNDING * r * 10);
        // Equal steps subtend equal angles 2 pi / (n - 1): the chord sum is 2 r (n-1) sin(pi / (n-1)) exactly.
        double polygon = 2 * r * (n - 1) * Math.sin(Math.PI / (n - 1));
        assertEquals(polygon, tr.length(), 1e-12 * polygon);
        // At t = 1/4 the circle points along x1's component orthogonal to x0.
        double[] quarter = c.sample(new double[] {0.25}).getRow(0).toDoubleVector();
        assertEquals(0.0, dot(quarter, x0) / (r * r), 1e-12);
        assertTrue(dot(quarter, x1) > 0);
    }

    @Test
    void greatCircleNeedsTwoDirections() {
        assertThrows(IllegalArgumentException.class,
                () -> Trajectories.greatCircle(new double[] {1, 2}, new double[] {2, 4}));
        assertThrows(IllegalArgumentException.class,
                () -> Trajectories.greatCircle(new double[] {0, 0}, new double[] {2, 4}));
    }

    @Test
    void pathThroughPointsVisitsThemInOrder() {
        double[][] pts = {{0, 0}, {3, 4}, {3, 0}, {0, 0}};
        Curve path = Trajectories.throughPoints(Nd4j.createFromArray(pts));
        double[] breaks = path.affineBreaks().orElseThrow();
        assertArrayEquals(new double[] {0, 1.0 / 3, 2.0 / 3, 1}, breaks, ROUNDING);
        INDArray atBreaks = path.sample(breaks);
        for (int i = 0; i < pts.length; i++) {
            assertArrayEquals(pts[i], atBreaks.getRow(i).toDoubleVector(), ROUNDING * 10);
        }
        // Sampling finer adds collinear points only: same length 5 + 4 + 3.
        assertEquals(12.0, ArcLength.of(atBreaks), ROUNDING * 12);
        double[] fine = Trajectory.uniform(301);
        assertEquals(12.0, ArcLength.of(path.sample(fine)), 1e-12 * 12);
    }

    @Test
    void pathThroughImagesFlattensEachImage() {
        INDArray batch = Nd4j.rand(DataType.DOUBLE, 5, 1, 4, 4);
        Curve path = Trajectories.throughPoints(batch);
        assertEquals(16, path.dimension());
        INDArray atBreaks = path.sample(path.affineBreaks().orElseThrow());
        assertEquals(ArcLength.of(batch), ArcLength.of(atBreaks), 1e-12);
    }

    @Test
    void sampleHonoursTheDataType() {
        Curve c = Trajectories.line(new double[] {0, 1}, new double[] {1, 0});
        assertEquals(DataType.FLOAT, Trajectory.sample(c, 5, DataType.FLOAT).points().dataType());
        assertEquals(DataType.DOUBLE, Trajectory.sample(c, 5).points().dataType());
        assertThrows(IllegalArgumentException.class, () -> c.sample(new double[] {0, 1}, DataType.INT));
    }

    @Test
    void randomPointsAreSeeded() {
        assertArrayEquals(Trajectories.randomPoint(100, 1.0, 42), Trajectories.randomPoint(100, 1.0, 42), 0.0);
        assertFalse(java.util.Arrays.equals(Trajectories.randomPoint(100, 1.0, 42),
                Trajectories.randomPoint(100, 1.0, 43)));
        double[] x = Trajectories.randomPoint(10000, 2.0, 9);
        // |x|^2 / m estimates scale^2 = 4 with relative standard deviation sqrt(2 / m) = 1.4%; 6 sigma: 8.5%.
        assertEquals(4.0, dot(x, x) / x.length, 4.0 * 0.085);
    }

    @Test
    void rejectsBadTrajectories() {
        assertThrows(IllegalArgumentException.class, () -> Trajectories.line(new double[] {1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> Trajectories.line(new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Trajectories.throughPoints(new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> Trajectory.uniform(1));
        Curve c = Trajectories.line(new double[] {0}, new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> c.sample(new double[] {1.5}));
        assertThrows(IllegalArgumentException.class,
                () -> new Trajectory(c, new double[] {0.5, 0.5}, c.sample(new double[] {0.5, 0.5})));
        double[][] frame = orthonormalPair(3, 1);
        assertThrows(IllegalArgumentException.class,
                () -> Trajectories.throughPoints(new double[][] {frame[0], scale(frame[1], 1).clone(), {1}}));
        assertThrows(IllegalArgumentException.class, () -> Trajectories.randomPoint(0, 1.0, 1));
    }
}
