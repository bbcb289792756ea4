package org.expressivity4j.core.theory;

import java.math.BigInteger;
import org.expressivity4j.core.network.Activation;

/**
 * Theorems 5 and 1 of Raghu et al. (ICML 2017), Section 2.1 and Appendix A: upper bounds on the number of regions
 * of a hyperplane arrangement and on the number of activation patterns (linear regions) of a network, as exact
 * integers.
 *
 * <p>Theorem 5: {@code k} hyperplanes cut {@code R^m} into at most {@code r(k, m) = sum_(i=0..m) C(k, i)} regions
 * (equality for hyperplanes in general position; Zaslavsky / Buck). Theorem 1, from its proof: each relu unit of
 * the first layer contributes one hyperplane, and within each region of layers 1 .. d the units of layer d+1 again
 * form an arrangement of k hyperplanes, so a network with n hidden layers of width k on {@code R^m} has at most
 * {@code r(k, m)^n} activation patterns, {@code O(k^(mn))}; hard-tanh units contribute two (parallel) hyperplanes
 * each, giving {@code r(2k, m)^n}, {@code O((2k)^(mn))}. Along a line the input is one-dimensional, so a trajectory
 * segment meets at most {@code r(k, 1)^n = (k + 1)^n} (relu) patterns.
 */
public final class RegionBounds {

    private RegionBounds() {
    }

    /** Theorem 5: {@code r(k, m) = sum_(i=0..min(k, m)) C(k, i)}, regions of k hyperplanes in general position in R^m. */
    public static BigInteger hyperplaneRegions(int k, int m) {
        if (k < 0 || m < 0) {
            throw new IllegalArgumentException("need k >= 0 hyperplanes in dimension m >= 0, got k=" + k + ", m=" + m);
        }
        BigInteger sum = BigInteger.ZERO;
        BigInteger binomial = BigInteger.ONE;
        for (int i = 0; i <= Math.min(k, m); i++) {
            sum = sum.add(binomial);
            binomial = binomial.multiply(BigInteger.valueOf(k - i)).divide(BigInteger.valueOf(i + 1));
        }
        return sum;
    }

    /**
     * Theorem 1, explicit form: the most activation patterns of {@code n} hidden layers of width {@code k} on
     * {@code R^m}: {@code r(k, m)^n} for relu, {@code r(2k, m)^n} for hard tanh, 1 for a linear network.
     *
     * @throws IllegalArgumentException for smooth activations, which have no linear regions
     */
    public static BigInteger activationPatterns(Activation activation, int n, int k, int m) {
        if (n < 0 || k < 0 || m < 0) {
            throw new IllegalArgumentException("need n, k, m >= 0, got n=" + n + ", k=" + k + ", m=" + m);
        }
        return switch (activation) {
            case RELU -> hyperplaneRegions(k, m).pow(n);
            case HARD_TANH -> hyperplaneRegions(2 * k, m).pow(n);
            case LINEAR -> BigInteger.ONE;
            default -> throw new IllegalArgumentException("Theorem 1 counts linear regions of relu and hard-tanh"
                    + " networks; " + activation.id() + " has none");
        };
    }

    /** The bound along a line segment: {@link #activationPatterns} with input dimension 1. */
    public static BigInteger activationPatternsAlongALine(Activation activation, int n, int k) {
        return activationPatterns(activation, n, k, 1);
    }
}
