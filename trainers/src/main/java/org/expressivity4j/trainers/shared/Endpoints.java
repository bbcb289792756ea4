package org.expressivity4j.trainers.shared;

import java.util.Objects;
import java.util.SplittableRandom;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.core.trajectory.Trajectories;
import org.expressivity4j.core.trajectory.Trajectory;
import org.expressivity4j.datasets.LabeledImages;

/**
 * Where the trajectories of the random-network experiments start and end (Raghu et al., ICML 2017, Section 2): two
 * random vectors with i.i.d. N(0, 1) coordinates (Fig. 13: "a circular trajectory is chosen between two random
 * vectors"; {@code ||x||^2} is then about the input dimension m, the scale the hard-tanh bound of Theorem 3 assumes),
 * or two distinct real images, flattened in channel, row, column order with pixels scaled to [0, 1] (Fig. 2 and
 * Fig. 12: "a circular trajectory between MNIST datapoints").
 *
 * <p>Pair {@code i} of a run comes from its own seed, so every configuration of a run sees the same endpoints for
 * network {@code i} (common random numbers: differences between configurations are not sampling noise of the
 * endpoints).
 */
public final class Endpoints {

    private final int dimension;
    private final LabeledImages images;

    private Endpoints(int dimension, LabeledImages images) {
        this.dimension = dimension;
        this.images = images;
    }

    /** Random N(0, 1) vectors in {@code R^m}. */
    public static Endpoints random(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("input dimension must be at least 1, got " + m);
        }
        return new Endpoints(m, null);
    }

    /** Pairs of distinct images of this set (at least 2), pixels / 255. */
    public static Endpoints images(LabeledImages images) {
        Objects.requireNonNull(images, "images");
        if (images.count() < 2) {
            throw new IllegalArgumentException(images.name() + " has " + images.count() + " images; 2 are needed");
        }
        return new Endpoints(images.featureSize(), images);
    }

    /** The input dimension m. */
    public int dimension() {
        return dimension;
    }

    /** Whether the endpoints are real images. */
    public boolean real() {
        return images != null;
    }

    /** e.g. {@code random N(0, 1) vectors in R^100} or {@code mnist-train images (784 pixels in [0, 1])}. */
    public String describe() {
        return images == null ? "random N(0, 1) vectors in R^" + dimension
                : images.name() + " images (" + dimension + " pixels in [0, 1])";
    }

    /** The two endpoints {@code x0, x1} drawn from this seed. */
    public double[][] pair(long seed) {
        if (images == null) {
            SplittableRandom r = new SplittableRandom(seed);
            return new double[][] {Trajectories.randomPoint(dimension, 1.0, r.nextLong()),
                Trajectories.randomPoint(dimension, 1.0, r.nextLong())};
        }
        SplittableRandom r = new SplittableRandom(seed);
        int a = r.nextInt(images.count());
        int b = r.nextInt(images.count() - 1);
        if (b >= a) {
            b++;
        }
        return new double[][] {image(a), image(b)};
    }

    /** Image {@code i} as a vector of pixels / 255. */
    private double[] image(int i) {
        double[] x = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            x[j] = images.pixel(i, j) / 255.0;
        }
        return x;
    }

    /**
     * The paper's circular arc {@code x(t) = cos(pi t / 2) x0 + sin(pi t / 2) x1} between the pair of this seed, as
     * the measures should see it: for a piecewise-linear activation and {@code polygonVertices >= 2}, its inscribed
     * polygon with that many vertices (equally spaced in t), along which {@link
     * org.expressivity4j.core.measure.TrajectoryMeasures} counts and measures exactly; otherwise the smooth arc itself,
     * which is sampled adaptively. The polygon's length falls short of the arc's by a relative
     * {@code (pi / (2 (N - 1)))^2 / 24} for a circular arc (1.0e-5 at N = 100).
     */
    public Curve quarterCircle(long seed, Activation activation, int polygonVertices) {
        double[][] p = pair(seed);
        Curve arc = Trajectories.quarterCircle(p[0], p[1]);
        return polygon(arc, activation, polygonVertices);
    }

    /**
     * The closed great circle through {@code x0} in the plane of the pair of this seed, as in Fig. 3 ("we start off
     * with a circular trajectory"), of length {@code 2 pi ||x0||}; random endpoints are first scaled to
     * {@code ||x0|| = sqrt(m)}, the norm of an N(0, I) vector (for m = 2 a circle of radius sqrt 2 in the plane).
     */
    public Curve greatCircle(long seed) {
        double[][] p = pair(seed);
        if (images == null) {
            double norm = 0;
            for (double v : p[0]) {
                norm += v * v;
            }
            double scale = Math.sqrt(dimension / norm);
            for (int q = 0; q < dimension; q++) {
                p[0][q] *= scale;
            }
        }
        return Trajectories.greatCircle(p[0], p[1]);
    }

    /** {@code curve}, or its inscribed polygon when the activation is piecewise linear and vertices >= 2. */
    public static Curve polygon(Curve curve, Activation activation, int polygonVertices) {
        if (activation.isPiecewiseLinear() && polygonVertices >= 2) {
            return Trajectories.throughPoints(curve.sample(Trajectory.uniform(polygonVertices)));
        }
        return curve;
    }

    /** How the circle is measured, for summaries. */
    public static String measurement(Activation activation, int polygonVertices) {
        if (activation.isPiecewiseLinear() && polygonVertices >= 2) {
            return "exactly, along the circle's inscribed polygon with " + polygonVertices + " vertices (every "
                    + "crossing point of every unit located; no sampling error)";
        }
        return "by adaptive sampling of the circle (refined until every layer's length changes by less than 1e-3 "
                + "under one more halving)";
    }
}
