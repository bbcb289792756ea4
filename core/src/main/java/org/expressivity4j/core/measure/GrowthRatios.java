package org.expressivity4j.core.measure;

import java.util.Objects;
import java.util.function.LongFunction;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.core.trajectory.Trajectories;

/**
 * Monte Carlo estimates of trajectory length growth in random networks, as in Fig. 13 of Raghu et al. (ICML 2017):
 * the length of a trajectory's image after each layer and the ratio {@code l(z^(d)) / l(z^(d-1))}, averaged over
 * independent networks (and trajectories), to set beside the bounds of
 * {@link org.expressivity4j.core.theory.TrajectoryGrowthBounds}.
 *
 * <p>Sample {@code i} uses the network {@code template.withSeed(derive(template.seed(), i))} and, by default, the
 * quarter circle between two random points with i.i.d. N(0, 1) coordinates (the paper's "circular trajectory between
 * two random vectors"; {@code ||x||^2 ~ m}, the input scale the hard-tanh bound assumes), drawn from
 * {@code derive(template.seed(), i, 1)} and {@code derive(template.seed(), i, 2)}. Lengths come from
 * {@link TrajectoryMeasures#measure} with the given options (exact where possible, else converged adaptive sampling).
 */
public final class GrowthRatios {

    private GrowthRatios() {
    }

    /**
     * The estimates.
     *
     * @param networks          number of independent samples
     * @param meanLength        mean length of layers 0 .. n
     * @param meanRatio         mean over samples of {@code l(d) / l(d - 1)}, index d - 1 for d = 1 .. n
     * @param ratioStdError     standard error of each mean ratio (sample standard deviation / sqrt(networks))
     * @param pooledRatio       mean over samples of each sample's average ratio over its layers (Fig. 13 c, d)
     * @param pooledStdError    standard error of {@code pooledRatio}, from the spread of the per-sample averages
     *                          (layers of one network are not independent, samples are)
     * @param allConverged      whether every length of every sample was exact or converged
     */
    public record Result(int networks, double[] meanLength, double[] meanRatio, double[] ratioStdError,
                         double pooledRatio, double pooledStdError, boolean allConverged) {
    }

    /** {@link #estimate(RandomNetwork, int, LongFunction, MeasureOptions)} along random quarter circles. */
    public static Result estimate(RandomNetwork template, int networks, MeasureOptions options) {
        int m = template.inputDimension();
        long seed = template.seed();
        return estimate(template, networks, i -> Trajectories.quarterCircle(
                Trajectories.randomPoint(m, 1.0, SeededGaussians.derive(seed, i, 1)),
                Trajectories.randomPoint(m, 1.0, SeededGaussians.derive(seed, i, 2))), options);
    }

    /**
     * Monte Carlo estimate over {@code networks} samples.
     *
     * @param curves sample index to trajectory (in the network's input space)
     */
    public static Result estimate(RandomNetwork template, int networks, LongFunction<Curve> curves,
                                  MeasureOptions options) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(curves, "curves");
        Objects.requireNonNull(options, "options");
        if (networks < 2) {
            throw new IllegalArgumentException("need at least 2 networks for a standard error, got " + networks);
        }
        int depth = template.depth();
        double[] lengthSum = new double[depth + 1];
        double[] ratioSum = new double[depth];
        double[] ratioSquares = new double[depth];
        double pooledSum = 0;
        double pooledSquares = 0;
        boolean converged = true;
        for (int i = 0; i < networks; i++) {
            RandomNetwork spec = template.withSeed(SeededGaussians.derive(template.seed(), i));
            TrajectoryMeasures m = TrajectoryMeasures.measure(spec.create(), curves.apply(i), options);
            converged &= m.converged();
            double average = 0;
            for (int d = 0; d <= depth; d++) {
                lengthSum[d] += m.layer(d).length();
            }
            for (int d = 1; d <= depth; d++) {
                double r = m.growthRatio(d);
                ratioSum[d - 1] += r;
                ratioSquares[d - 1] += r * r;
                average += r / depth;
            }
            pooledSum += average;
            pooledSquares += average * average;
        }
        double[] meanLength = new double[depth + 1];
        for (int d = 0; d <= depth; d++) {
            meanLength[d] = lengthSum[d] / networks;
        }
        double[] meanRatio = new double[depth];
        double[] stdError = new double[depth];
        for (int d = 0; d < depth; d++) {
            meanRatio[d] = ratioSum[d] / networks;
            stdError[d] = standardError(ratioSum[d], ratioSquares[d], networks);
        }
        return new Result(networks, meanLength, meanRatio, stdError, pooledSum / networks,
                standardError(pooledSum, pooledSquares, networks), converged);
    }

    private static double standardError(double sum, double squares, int n) {
        double mean = sum / n;
        double variance = Math.max(0.0, (squares - n * mean * mean) / (n - 1));
        return Math.sqrt(variance / n);
    }
}
