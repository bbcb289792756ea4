package org.expressivity4j.trainers.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.trajectory.ArcLength;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.core.trajectory.Trajectories;
import org.expressivity4j.core.trajectory.Trajectory;
import org.expressivity4j.datasets.LabeledImages;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    /** Three 2x2 one-channel images whose pixels encode (image, pixel): 10 i + j. */
    private static LabeledImages tinyImages() {
        byte[] pixels = new byte[3 * 4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                pixels[i * 4 + j] = (byte) (10 * i + j);
            }
        }
        return new LabeledImages("tiny", 1, 2, 2, pixels, new byte[] {0, 1, 0}, List.of("a", "b"));
    }

    @Test
    void imageEndpointsAreTwoDistinctImagesScaledToTheUnitInterval() {
        Endpoints e = Endpoints.images(tinyImages());
        assertEquals(4, e.dimension());
        assertTrue(e.real());
        for (long seed = 0; seed < 50; seed++) {
            double[][] p = e.pair(seed);
            int a = (int) Math.round(p[0][0] * 255 / 10);
            int b = (int) Math.round(p[1][0] * 255 / 10);
            assertTrue(a != b, "distinct images");
            for (int j = 0; j < 4; j++) {
                assertEquals((10 * a + j) / 255.0, p[0][j], 1e-15);
                assertEquals((10 * b + j) / 255.0, p[1][j], 1e-15);
            }
        }
    }

    @Test
    void randomEndpointsAreSeededStandardNormalVectors() {
        Endpoints e = Endpoints.random(400);
        assertFalse(e.real());
        double[][] p = e.pair(7);
        assertArrayEquals(p[0], e.pair(7)[0], 0.0);
        assertArrayEquals(p[1], e.pair(7)[1], 0.0);
        assertFalse(java.util.Arrays.equals(p[0], e.pair(8)[0]));
        // ||x||^2 ~ chi^2_400: mean 400, standard deviation sqrt(800) = 28; 5 standard deviations.
        double sq = java.util.Arrays.stream(p[0]).map(x -> x * x).sum();
        assertEquals(400, sq, 5 * Math.sqrt(800));
        assertThrows(IllegalArgumentException.class, () -> Endpoints.random(0));
    }

    @Test
    void piecewiseLinearActivationsGetTheInscribedPolygon() {
        Endpoints e = Endpoints.random(6);
        double[][] p = e.pair(3);
        Curve arc = Trajectories.quarterCircle(p[0], p[1]);
        Curve polygon = e.quarterCircle(3, Activation.HARD_TANH, 50);
        assertTrue(polygon.affineBreaks().isPresent());
        // The polygon passes through the arc's points at t = i / 49: its length is their chord sum.
        double chords = ArcLength.of(arc.sample(Trajectory.uniform(50)));
        assertEquals(chords, Trajectory.sample(polygon, polygon.affineBreaks().orElseThrow(),
                org.nd4j.linalg.api.buffer.DataType.DOUBLE).length(), 1e-12 * chords);
        assertTrue(e.quarterCircle(3, Activation.TANH, 50).affineBreaks().isEmpty(), "smooth: the arc itself");
        assertTrue(e.quarterCircle(3, Activation.RELU, 0).affineBreaks().isEmpty(), "0 vertices: the arc itself");
    }

    @Test
    void theGreatCircleOfRandomEndpointsHasRadiusSqrtM() {
        Curve c = Endpoints.random(2).greatCircle(5);
        // Closed, of radius sqrt 2: every point at distance sqrt 2 from the origin.
        for (double t : new double[] {0, 0.1, 0.37, 0.5, 1}) {
            double[] x = c.sample(new double[] {t}).toDoubleVector();
            assertEquals(Math.sqrt(2), Math.hypot(x[0], x[1]), 1e-12);
        }
    }
}
