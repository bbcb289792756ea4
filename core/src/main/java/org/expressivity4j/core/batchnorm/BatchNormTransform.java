package org.expressivity4j.core.batchnorm;

import java.util.Objects;

/**
 * The batch normalization transform of one unit over one batch (Ioffe and Szegedy, 2015, Algorithm 1; Dannemann and
 * Junike, "Batch normalization does not improve initialization", Definition 2.6):
 * {@code BN(z_m) = gamma (z_m - mu) / sqrt(sigma^2 + epsilon) + beta}, with the batch mean {@code mu} and the batch
 * variance {@code sigma^2}.
 *
 * <p>Conventions, which change the numbers:
 * <ul>
 *   <li>{@link VarianceConvention#POPULATION}: {@code sigma^2 = (1/M) sum (z_m - mu)^2}, as Dannemann and Junike
 *       (Definition 2.6) and DL4J's {@code BatchNormalization} at training time ({@code x.var(false, 0)}) use;
 *       {@link VarianceConvention#SAMPLE} divides by {@code M - 1} instead.</li>
 *   <li>{@code epsilon}: the paper has none ({@code 0}); DL4J adds {@code 1e-5} by default. With {@code epsilon = 0}
 *       the transform is invariant to a positive rescaling of {@code z}; with {@code epsilon > 0} it is not.</li>
 * </ul>
 *
 * @param gamma    the scale gamma (the paper's counterexample fixes 1)
 * @param beta     the shift beta (the counterexample fixes 0)
 * @param epsilon  added to the variance before the square root, finite and non-negative
 * @param variance how the batch variance is normalized
 */
public record BatchNormTransform(double gamma, double beta, double epsilon, VarianceConvention variance) {

    /** How the batch variance is normalized. */
    public enum VarianceConvention {
        /** Divide by the batch size M (the biased, "population" variance). */
        POPULATION,
        /** Divide by M - 1 (the unbiased sample variance). */
        SAMPLE;

        /** The divisor for a batch of {@code m} values. */
        public int divisor(int m) {
            return this == POPULATION ? m : m - 1;
        }
    }

    public BatchNormTransform {
        if (!Double.isFinite(gamma) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("gamma and beta must be finite, got " + gamma + ", " + beta);
        }
        if (!(epsilon >= 0.0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and non-negative, got " + epsilon);
        }
        Objects.requireNonNull(variance, "variance");
    }

    /** gamma = 1, beta = 0, no epsilon, population variance: the transform of Dannemann and Junike's Example 3.2. */
    public static BatchNormTransform normalizeOnly() {
        return new BatchNormTransform(1.0, 0.0, 0.0, VarianceConvention.POPULATION);
    }

    /** This transform with another epsilon. */
    public BatchNormTransform withEpsilon(double newEpsilon) {
        return new BatchNormTransform(gamma, beta, newEpsilon, variance);
    }

    /** This transform with another variance convention. */
    public BatchNormTransform withVariance(VarianceConvention convention) {
        return new BatchNormTransform(gamma, beta, epsilon, convention);
    }

    /** This transform with another gamma and beta. */
    public BatchNormTransform withGammaBeta(double newGamma, double newBeta) {
        return new BatchNormTransform(newGamma, newBeta, epsilon, variance);
    }

    /** The batch mean {@code mu}. */
    public static double mean(double[] z) {
        checkBatch(z, 1);
        double s = 0;
        for (double v : z) {
            s += v;
        }
        return s / z.length;
    }

    /** The batch variance {@code sigma^2} under this transform's convention (without epsilon). */
    public double batchVariance(double[] z) {
        checkBatch(z, variance == VarianceConvention.SAMPLE ? 2 : 1);
        double mu = mean(z);
        double s = 0;
        for (double v : z) {
            s += (v - mu) * (v - mu);
        }
        return s / variance.divisor(z.length);
    }

    /**
     * The transformed batch {@code gamma (z - mu) / sqrt(sigma^2 + epsilon) + beta}.
     *
     * @throws IllegalArgumentException if the batch is empty, or constant while epsilon is 0 (0 / 0)
     */
    public double[] apply(double[] z) {
        double mu = mean(z);
        double scale = Math.sqrt(batchVariance(z) + epsilon);
        if (!(scale > 0.0)) {
            throw new IllegalArgumentException("the batch is constant and epsilon is 0: the normalization is 0 / 0");
        }
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = gamma * (z[i] - mu) / scale + beta;
        }
        return out;
    }

    private static void checkBatch(double[] z, int minimum) {
        Objects.requireNonNull(z, "batch");
        if (z.length < minimum) {
            throw new IllegalArgumentException("a batch of at least " + minimum + " value(s) is needed, got "
                    + z.length);
        }
    }
}
