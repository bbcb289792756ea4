package org.expressivity4j.core.batchnorm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Gradient descent with a backtracking (Armijo) line search, for the small costs of {@link BatchNormNeuron}: used to
 * show, from several starts, where the batch-normalized cost of Dannemann and Junike's Example 3.2 has its minima.
 *
 * <p>Each iteration tries the step {@code w - t g}, starting from twice the previous accepted {@code t}, halving
 * until {@code C(w - t g) <= C(w) - c t |g|^2} with {@code c = 1e-4}. Close to a minimum that decrease drops below
 * the rounding of {@code C} itself (about {@code 1e-14 C}); there a step whose cost change is within that rounding
 * is accepted when the gradient at the new point still points the same way ({@code <g(w - t g), g> >= 0}: the
 * step has not passed the minimum along the line), which lets the iterate reach the accuracy of the gradient rather
 * than that of the cost. It stops when
 * {@code |g| max(|w|, 1) <= tolerance}: for a scale-invariant cost ({@code C(t w) = C(w)}) the gradient scales like
 * {@code 1 / |w|}, so {@code |g| |w|} is the derivative along the unit circle, which does not depend on how far out
 * the iterate has drifted (steps orthogonal to {@code w} lengthen it).
 *
 * @param maxIterations at least 1
 * @param tolerance     the stopping threshold of {@code |g| max(|w|, 1)}, positive
 */
public record GradientDescent(int maxIterations, double tolerance) {

    private static final double ARMIJO = 1e-4;
    /** Relative size of cost changes treated as rounding noise. */
    private static final double ROUNDING = 1e-13;
    private static final int MAX_HALVINGS = 200;

    public GradientDescent {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
        }
        if (!(tolerance > 0.0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be positive and finite, got " + tolerance);
        }
    }

    /**
     * The outcome of one descent.
     *
     * @param start        where it started
     * @param end          where it stopped
     * @param cost         the cost at {@code end}
     * @param gradientNorm {@code |g|} at {@code end}
     * @param iterations   accepted steps taken
     * @param converged    whether the stopping criterion was met (otherwise the iteration limit or a line search
     *                     that could not decrease the cost stopped it)
     * @param path         every iterate, {@code start} first and {@code end} last
     */
    public record Minimization(double[] start, double[] end, double cost, double gradientNorm, int iterations,
                               boolean converged, List<double[]> path) {

        public Minimization {
            path = List.copyOf(path);
        }

        /** The angle of {@code end} in degrees, {@code atan2(w2, w1)}, for a two-dimensional problem. */
        public double angleDegrees() {
            if (end.length != 2) {
                throw new IllegalStateException("the angle is defined for two weights, got " + end.length);
            }
            return Math.toDegrees(Math.atan2(end[1], end[0]));
        }
    }

    /** Minimizes {@code f} from {@code start}. */
    public Minimization minimize(CostFunction f, double[] start) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(start, "start");
        if (start.length != f.dimension()) {
            throw new IllegalArgumentException("start has " + start.length + " coordinates, the cost takes "
                    + f.dimension());
        }
        double[] w = start.clone();
        double value = f.value(w);
        double[] g = f.gradient(w);
        List<double[]> path = new ArrayList<>();
        path.add(w.clone());
        double step = 1.0;
        int iterations = 0;
        boolean converged = false;
        while (true) {
            double gg = BatchNormNeuron.dot(g, g);
            if (Math.sqrt(gg) * Math.max(Math.sqrt(BatchNormNeuron.dot(w, w)), 1.0) <= tolerance) {
                converged = true;
                break;
            }
            if (iterations >= maxIterations) {
                break;
            }
            double t = 2 * step;
            double[] next = new double[w.length];
            double nextValue = Double.NaN;
            double[] nextGradient = null;
            for (int h = 0; h < MAX_HALVINGS && nextGradient == null; h++) {
                for (int j = 0; j < w.length; j++) {
                    next[j] = w[j] - t * g[j];
                }
                nextValue = f.value(next);
                if (nextValue <= value - ARMIJO * t * gg) {
                    nextGradient = f.gradient(next);
                } else if (nextValue - value <= ROUNDING * Math.abs(value)) {
                    double[] candidate = f.gradient(next);
                    if (BatchNormNeuron.dot(candidate, g) >= 0) {
                        nextGradient = candidate;
                    }
                }
                if (nextGradient == null) {
                    t /= 2;
                }
            }
            if (nextGradient == null) {
                break;
            }
            step = t;
            w = next;
            value = nextValue;
            g = nextGradient;
            iterations++;
            path.add(w.clone());
        }
        return new Minimization(start.clone(), w, value, Math.sqrt(BatchNormNeuron.dot(g, g)), iterations, converged,
                path);
    }
}
