package org.expressivity4j.core.linearity;

import org.expressivity4j.core.network.Activation;

/**
 * Exact small-input limits of the relative residual of the best affine fit (see {@link AffineFit}) of a single unit
 * {@code phi(sigma z)}, {@code z ~ N(0, 1)}: the answers to the exercise of papers/002 for one layer, from the Taylor
 * expansion at 0 and Gaussian moments. With {@code He_3(z) = z^3 - 3z} the part of {@code z^3} no affine function of
 * {@code z} explains ({@code E[He_3^2] = 6}), and {@code |z| - E|z|} the part of {@code |z|} ({@code Var|z| =
 * 1 - 2/pi}, uncorrelated with {@code z}):
 * <ul>
 *   <li>tanh: {@code tanh(s) = s - s^3/3 + O(s^5)}: residual {@code (sqrt(6)/3) sigma^2 + O(sigma^4)}; linear;</li>
 *   <li>sigmoid: {@code 1/2 + s/4 - s^3/48 + O(s^5)}: residual {@code (sqrt(6)/12) sigma^2 + O(sigma^4)}; affine;</li>
 *   <li>an activation with slopes {@code a} right and {@code b} left of a kink at 0 (relu: 1 and 0; selu:
 *       {@code lambda} and {@code lambda alpha}): {@code phi(s) ~ ((a + b)/2) s + ((a - b)/2) |s|}, so the residual
 *       tends to {@link #kinkResidual(double, double)}, independent of sigma (exactly so for relu);</li>
 *   <li>linear: 0.</li>
 * </ul>
 */
public final class SmallInputLimits {

    private SmallInputLimits() {
    }

    /** The coefficient c of the leading term {@code c sigma^2} of tanh's residual: {@code sqrt(6) / 3}. */
    public static final double TANH_COEFFICIENT = Math.sqrt(6) / 3;

    /** The coefficient c of the leading term {@code c sigma^2} of the sigmoid's residual: {@code sqrt(6) / 12}. */
    public static final double SIGMOID_COEFFICIENT = Math.sqrt(6) / 12;

    /**
     * The limit residual of a unit with slope {@code right} for {@code s > 0} and {@code left} for {@code s < 0}:
     * {@code |a - b| sqrt(1 - 2/pi) / sqrt((a + b)^2 + (a - b)^2 (1 - 2/pi))} with {@code a = right, b = left}.
     */
    public static double kinkResidual(double left, double right) {
        double v = 1 - 2 / Math.PI;
        double sum = right + left;
        double diff = right - left;
        double denominator = Math.sqrt(sum * sum + diff * diff * v);
        if (denominator == 0) {
            throw new IllegalArgumentException("both slopes are 0: the unit is constant");
        }
        return Math.abs(diff) * Math.sqrt(v) / denominator;
    }

    /**
     * The leading-order residual of one unit of this activation at input scale sigma (zero bias), as listed in the
     * class comment.
     *
     * @throws IllegalArgumentException for hard tanh, which is exactly linear on [-1, 1] and has no such expansion
     */
    public static double unitResidual(Activation activation, double sigma) {
        return switch (activation) {
            case TANH -> TANH_COEFFICIENT * sigma * sigma;
            case SIGMOID -> SIGMOID_COEFFICIENT * sigma * sigma;
            case RELU -> kinkResidual(0, 1);
            case SELU -> kinkResidual(Activation.SELU_LAMBDA * Activation.SELU_ALPHA, Activation.SELU_LAMBDA);
            case LINEAR -> 0.0;
            case HARD_TANH -> throw new IllegalArgumentException(
                    "hard tanh is exactly linear on [-1, 1]: its residual is that of the samples leaving it");
        };
    }
}
