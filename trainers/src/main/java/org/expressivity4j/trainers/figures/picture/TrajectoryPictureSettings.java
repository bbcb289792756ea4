package org.expressivity4j.trainers.figures.picture;

import java.util.Objects;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.shared.NetConfig;

/**
 * What to run.
 *
 * @param activation      the nonlinearity (the paper: tanh)
 * @param width           k (the paper: 100)
 * @param depth           hidden layers: panes 0 (the input circle) to depth
 * @param weightVariance  sigma_w^2
 * @param biasVariance    sigma_b^2
 * @param points          points of the circle in the picture (the polyline drawn per pane)
 * @param polygonVertices vertices of the circle's polygon for exact lengths (piecewise-linear activations; 0:
 *                        adaptive sampling)
 */
public record TrajectoryPictureSettings(Activation activation, int width, int depth, double weightVariance,
                                        double biasVariance, int points, int polygonVertices) {

    public TrajectoryPictureSettings {
        Objects.requireNonNull(activation, "activation");
        new NetConfig(activation, width, weightVariance, biasVariance);
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, got " + depth);
        }
        if (points < 3) {
            throw new IllegalArgumentException("the picture needs at least 3 points, got " + points);
        }
        if (polygonVertices != 0 && polygonVertices < 2) {
            throw new IllegalArgumentException("polygon vertices must be 0 or at least 2, got " + polygonVertices);
        }
    }

    /**
     * Fig. 3: tanh, width 100, 7 hidden layers, sigma_w^2 = 16 (the growing regime, where the picture shows the
     * growth), sigma_b = 0, 4000 points.
     */
    public static TrajectoryPictureSettings full() {
        return new TrajectoryPictureSettings(Activation.TANH, 100, 7, 16.0, 0.0, 4000, 100);
    }

    /** As full, with 1000 points. */
    public static TrajectoryPictureSettings quick() {
        return new TrajectoryPictureSettings(Activation.TANH, 100, 7, 16.0, 0.0, 1000, 100);
    }

    NetConfig config() {
        return new NetConfig(activation, width, weightVariance, biasVariance);
    }

    /** These settings with another {@code activation}. */
    public TrajectoryPictureSettings withActivation(Activation activation) {
        return new TrajectoryPictureSettings(activation, width, depth, weightVariance, biasVariance, points,
            polygonVertices);
    }

    /** These settings with another {@code width}. */
    public TrajectoryPictureSettings withWidth(int width) {
        return new TrajectoryPictureSettings(activation, width, depth, weightVariance, biasVariance, points,
            polygonVertices);
    }

    /** These settings with another {@code depth}. */
    public TrajectoryPictureSettings withDepth(int depth) {
        return new TrajectoryPictureSettings(activation, width, depth, weightVariance, biasVariance, points,
            polygonVertices);
    }

    /** These settings with another {@code weightVariance}. */
    public TrajectoryPictureSettings withWeightVariance(double weightVariance) {
        return new TrajectoryPictureSettings(activation, width, depth, weightVariance, biasVariance, points,
            polygonVertices);
    }

    /** These settings with another {@code biasVariance}. */
    public TrajectoryPictureSettings withBiasVariance(double biasVariance) {
        return new TrajectoryPictureSettings(activation, width, depth, weightVariance, biasVariance, points,
            polygonVertices);
    }

    /** These settings with another {@code points}. */
    public TrajectoryPictureSettings withPoints(int points) {
        return new TrajectoryPictureSettings(activation, width, depth, weightVariance, biasVariance, points,
            polygonVertices);
    }

    /** These settings with another {@code polygonVertices}. */
    public TrajectoryPictureSettings withPolygonVertices(int polygonVertices) {
        return new TrajectoryPictureSettings(activation, width, depth, weightVariance, biasVariance, points,
            polygonVertices);
    }
}
