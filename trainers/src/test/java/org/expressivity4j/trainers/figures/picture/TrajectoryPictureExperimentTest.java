package org.expressivity4j.trainers.figures.picture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.figures.picture.TrajectoryPictureExperiment.Pane;
import org.expressivity4j.trainers.shared.Endpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrajectoryPictureExperimentTest {

    @BeforeAll
    static void oneNativeThread() {
        NativeBackend.configure(new NativeBackend.Settings(1, true));
    }

    @Test
    void theInputPaneIsTheCircleAndDeeperPanesAreLonger() {
        TrajectoryPictureSettings s = new TrajectoryPictureSettings(Activation.TANH, 20, 3, 16.0, 0.0, 400, 100);
        TrajectoryPictureExperiment.Result r = new TrajectoryPictureExperiment().compute(4, s, Endpoints.random(2));
        assertEquals(4, r.panes().size());
        Pane input = r.panes().get(0);
        // A circle in R^2 lies in its own principal plane: all of its variance is shown, every point at radius
        // sqrt 2 from the centre. The 400 samples include t = 0 and t = 1 (the same point), which moves the centre
        // by about sqrt 2 / 400 = 0.0035: 0.01 covers it.
        assertEquals(1.0, input.varianceFraction(), 1e-12);
        for (double[] xy : input.coordinates()) {
            assertEquals(Math.sqrt(2), Math.hypot(xy[0], xy[1]), 0.01);
        }
        // Its length is the circle's, 2 pi sqrt 2 (adaptive sampling converged to 1e-3).
        assertEquals(2 * Math.PI * Math.sqrt(2), input.length(), 2e-3 * 2 * Math.PI * Math.sqrt(2));
        for (Pane p : r.panes()) {
            assertEquals(400, p.coordinates().length);
            assertTrue(p.varianceFraction() > 0 && p.varianceFraction() <= 1);
            assertTrue(p.converged());
        }
        // sigma_w^2 = 16 is the growing regime of tanh: the hidden layers lengthen the circle.
        assertTrue(r.panes().get(3).length() > r.panes().get(1).length());
    }
}
