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

class ArcLengthTest {

    private static final double EPS = Math.ulp(1.0);

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 17, 1000, 20000})
    void straightLineLengthIsTheEndpointDistance(int n) {
        int m = 50;
        double[] x0 = Trajectories.randomPoint(m, 1.0, 1);
        double[] x1 = Trajectories.randomPoint(m, 1.0, 2);
        double expected = Nd4j.createFromArray(x1).sub(Nd4j.createFromArray(x0)).norm2Number().doubleValue();
        double length = ArcLength.of(Trajectory.sample(Trajectories.line(x0, x1), n).points());
        // Every chord is (x1 - x0) / (n - 1) up to rounding of the sampled points (relative error a few eps in
        // each coordinate of |x| ~ sqrt(m), i.e. relative (n - 1) |x| / |x1 - x0| eps ~ n eps per chord), summed
        // over n - 1 chords whose errors have both signs: 8 n eps bounds the total relative error.
        assertEquals(expected, length, 8 * n * EPS * expected);
    }

    @Test
    void straightLineLengthInSinglePrecision() {
        int n = 1000;
        double[] x0 = Trajectories.randomPoint(20, 1.0, 3);
        double[] x1 = Trajectories.randomPoint(20, 1.0, 4);
        double expected = Nd4j.createFromArray(x1).sub(Nd4j.createFromArray(x0)).norm2Number().doubleValue();
        double length = ArcLength.of(Trajectory.sample(Trajectories.line(x0, x1), n, DataType.FLOAT).points());
        // Float points carry relative error 2^-24 per coordinate, i.e. up to (n - 1) 2^-24 |x| / |x1 - x0| (about
        // 6e-5 here) relative error per chord; with independent signs the sum's relative error is far smaller, but
        // the bound n 2^-24 (6e-5) holds even if they all had the same sign.
        assertEquals(expected, length, n * Math.pow(2, -24) * expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 10, 100, 1000, 10000})
    void inscribedPolygonsConvergeToTheQuarterCircle(int n) {
        double r = 3.0;
        double[][] frame = orthonormalPair(40, 5);
        double[] x0 = scale(frame[0], r);
        double[] x1 = scale(frame[1], r);
        double length = ArcLength.of(Trajectory.sample(Trajectories.quarterCircle(x0, x1), n).points());
        double arc = Math.PI * r / 2;
        int chords = n - 1;
        double theta = Math.PI / 2 / chords;
        // Equal parameter steps subtend equal angles theta: each chord is exactly 2 r sin(theta / 2).
        double polygon = 2 * r * chords * Math.sin(theta / 2);
        assertEquals(polygon, length, 1e-13 * arc, "chord sum of the inscribed polygon (rounding only)");
        // Taylor: 0 < x - sin x < x^3 / 6, so 0 < arc - polygon < arc theta^2 / 24.
        assertTrue(length < arc, () -> "an inscribed polygon is shorter than the arc: " + length + " vs " + arc);
        assertTrue(arc - length <= arc * theta * theta / 24 + 1e-13 * arc,
                () -> "error " + (arc - length) + " exceeds arc theta^2 / 24 = " + arc * theta * theta / 24);
    }

    @Test
    void chordSumsIncreaseWithResolution() {
        Curve c = Trajectories.quarterCircle(Trajectories.randomPoint(30, 1.0, 7), Trajectories.randomPoint(30, 1.0, 8));
        double previous = 0.0;
        for (int n = 2; n <= 4097; n = 2 * n - 1) {
            double length = ArcLength.of(Trajectory.sample(c, n).points());
            // Refining by midpoints replaces each chord by two whose sum is at least as long (triangle inequality).
            assertTrue(length >= previous * (1 - 1e-15), "n=" + n + ": " + length + " < " + previous);
            previous = length;
        }
    }

    @Test
    void chordLengthsOfHigherRankPointsFlattenEachPoint() {
        INDArray images = Nd4j.rand(DataType.DOUBLE, 6, 3, 4, 5);
        INDArray flat = images.reshape('c', 6, 60);
        assertArrayEquals(ArcLength.chordLengthArray(flat), ArcLength.chordLengthArray(images), 0.0);
        assertEquals(5, ArcLength.chordLengths(images).length());
    }

    @Test
    void chordLengthsAreTheDistancesBetweenConsecutiveRows() {
        INDArray p = Nd4j.createFromArray(new double[][] {{0, 0}, {3, 4}, {3, 4}, {3, 5}});
        assertArrayEquals(new double[] {5, 0, 1}, ArcLength.chordLengthArray(p), 0.0);
        assertEquals(6.0, ArcLength.of(p), 0.0);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray p = Nd4j.rand(DataType.DOUBLE, 7, 4).muli(2.0);
        INDArray grad = ArcLength.gradient(p);
        double h = 1e-6;
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 4; j++) {
                INDArray plus = p.dup();
                plus.putScalar(i, j, p.getDouble(i, j) + h);
                INDArray minus = p.dup();
                minus.putScalar(i, j, p.getDouble(i, j) - h);
                double numeric = (ArcLength.of(plus) - ArcLength.of(minus)) / (2 * h);
                // Central differences: truncation h^2 |f'''| / 6 with |f'''| <~ 1 / (shortest chord)^2 (chords here
                // are O(1)), plus rounding eps |f| / h ~ 1e-10: 1e-7 covers both.
                assertEquals(numeric, grad.getDouble(i, j), 1e-7, "d length / d p[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void gradientIgnoresZeroChordsAndVanishesInsideAStraightLine() {
        INDArray p = Nd4j.createFromArray(new double[][] {{0, 0}, {1, 0}, {1, 0}, {2, 0}, {3, 0}});
        INDArray grad = ArcLength.gradient(p);
        assertArrayEquals(new double[] {-1, 0}, grad.getRow(0).toDoubleVector(), 0.0);
        // Point 1 ends a unit chord and starts a zero chord: gradient u0 - 0 = (1, 0).
        assertArrayEquals(new double[] {1, 0}, grad.getRow(1).toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {-1, 0}, grad.getRow(2).toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {0, 0}, grad.getRow(3).toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {1, 0}, grad.getRow(4).toDoubleVector(), 0.0);
        INDArray images = Nd4j.rand(DataType.FLOAT, 4, 2, 3);
        assertArrayEquals(images.shape(), ArcLength.gradient(images).shape());
    }

    @Test
    void chordLengthsDoNotDependOnMemoryOrder() {
        INDArray c = Nd4j.rand(DataType.DOUBLE, 9, 13);
        INDArray f = c.dup('f');
        assertArrayEquals(ArcLength.chordLengthArray(c), ArcLength.chordLengthArray(f), 0.0);
        // Against the definition, coordinate by coordinate (the distance op accumulates in another order).
        double[] lengths = ArcLength.chordLengthArray(c);
        for (int i = 0; i < 8; i++) {
            double sum = 0;
            for (int j = 0; j < 13; j++) {
                double d = c.getDouble(i + 1, j) - c.getDouble(i, j);
                sum += d * d;
            }
            assertEquals(Math.sqrt(sum), lengths[i], 4 * EPS * Math.sqrt(sum));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, -2.5, 0.0})
    void addGradientAddsTheScaledGradientInPlace(double scale) {
        INDArray p = Nd4j.rand(DataType.DOUBLE, 6, 2, 3, 2);
        p.get(org.nd4j.linalg.indexing.NDArrayIndex.point(3)).assign(p.get(org.nd4j.linalg.indexing.NDArrayIndex
                .point(2)));
        INDArray target = Nd4j.rand(DataType.DOUBLE, 6, 2, 3, 2);
        INDArray expected = target.add(ArcLength.gradient(p).mul(scale));
        INDArray returned = ArcLength.addGradient(p, ArcLength.chordLengths(p), scale, target);
        assertTrue(returned == target, "in place");
        // The same sums of the same products: equal up to the rounding of one addition per element.
        assertEquals(0.0, target.sub(expected).amaxNumber().doubleValue(), 4 * EPS * (1 + Math.abs(scale)));
        // The zero chord 2-3 contributes nothing: point 2 feels only chord 1-2, point 3 only chord 3-4.
        INDArray g = ArcLength.gradient(p).reshape(6, 12);
        INDArray flat = p.reshape(6, 12);
        INDArray u12 = flat.getRow(2).sub(flat.getRow(1));
        INDArray u34 = flat.getRow(4).sub(flat.getRow(3));
        assertEquals(0.0, g.getRow(2).sub(u12.div(u12.norm2Number())).amaxNumber().doubleValue(), 4 * EPS);
        assertEquals(0.0, g.getRow(3).add(u34.div(u34.norm2Number())).amaxNumber().doubleValue(), 4 * EPS);
    }

    @Test
    void addGradientUpdatesATargetWithASingleChannel() {
        // A one-channel activation gradient as DL4J allocates it: ND4J strides the size-1 dimension by 64, not 1.
        INDArray p = Nd4j.rand(DataType.FLOAT, 4, 1, 8, 8);
        INDArray target = Nd4j.createUninitialized(DataType.FLOAT, new long[] {4, 1, 8, 8}, 'c');
        target.assign(Nd4j.rand(DataType.FLOAT, 4, 1, 8, 8));
        INDArray expected = target.add(ArcLength.gradient(p).mul(2.0));
        ArcLength.addGradient(p, ArcLength.chordLengths(p), 2.0, target);
        assertEquals(0.0, target.sub(expected).amaxNumber().doubleValue(), 1e-5);
    }

    @Test
    void addGradientRejectsATargetItCannotUpdateInPlace() {
        INDArray p = Nd4j.rand(DataType.DOUBLE, 4, 3);
        INDArray chords = ArcLength.chordLengths(p);
        assertThrows(IllegalArgumentException.class, () -> ArcLength.addGradient(p, chords, 1.0,
                Nd4j.zeros(DataType.DOUBLE, 4, 4)));
        assertThrows(IllegalArgumentException.class, () -> ArcLength.addGradient(p, chords, 1.0,
                Nd4j.zeros(DataType.DOUBLE, 4, 3).dup('f')));
        assertThrows(IllegalArgumentException.class, () -> ArcLength.addGradient(p, chords.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)), 1.0, Nd4j.zeros(DataType.DOUBLE, 4, 3)));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> ArcLength.of(Nd4j.zeros(DataType.DOUBLE, 1, 3)));
        assertThrows(IllegalArgumentException.class, () -> ArcLength.of(Nd4j.zeros(DataType.DOUBLE, 5)));
        assertThrows(IllegalArgumentException.class, () -> ArcLength.of(Nd4j.zeros(DataType.INT, 3, 3)));
    }

    /** Two orthonormal vectors in R^m (Gram-Schmidt on two random vectors). */
    static double[][] orthonormalPair(int m, long seed) {
        double[] a = Trajectories.randomPoint(m, 1.0, seed);
        double[] b = Trajectories.randomPoint(m, 1.0, seed + 1000);
        double na = Math.sqrt(dot(a, a));
        a = scale(a, 1 / na);
        double ab = dot(a, b);
        for (int i = 0; i < m; i++) {
            b[i] -= ab * a[i];
        }
        b = scale(b, 1 / Math.sqrt(dot(b, b)));
        return new double[][] {a, b};
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] scale(double[] a, double c) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = c * a[i];
        }
        return out;
    }
}
