package org.expressivity4j.trainers.shared;

import java.util.Locale;
import java.util.Objects;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.trainers.report.MarkdownTable;

/**
 * One architecture of the random-network figures of Raghu et al. (ICML 2017), Section 2 and Appendix B-C: hidden
 * layers of width k, weights N(0, sigma_w^2 / fan_in), biases N(0, sigma_b^2), one activation. The figures quote
 * variances (sigma_w^2, sigma_b^2), so this record holds them.
 *
 * @param activation     the nonlinearity
 * @param width          k, at least 1
 * @param weightVariance sigma_w^2, positive
 * @param biasVariance   sigma_b^2, non-negative
 */
public record NetConfig(Activation activation, int width, double weightVariance, double biasVariance) {

    public NetConfig {
        Objects.requireNonNull(activation, "activation");
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, got " + width);
        }
        if (!(weightVariance > 0) || Double.isInfinite(weightVariance)) {
            throw new IllegalArgumentException("sigma_w^2 must be positive and finite, got " + weightVariance);
        }
        if (!(biasVariance >= 0) || Double.isInfinite(biasVariance)) {
            throw new IllegalArgumentException("sigma_b^2 must be non-negative and finite, got " + biasVariance);
        }
    }

    /** sigma_w. */
    public double sigmaW() {
        return Math.sqrt(weightVariance);
    }

    /** sigma_b. */
    public double sigmaB() {
        return Math.sqrt(biasVariance);
    }

    /** The random network of this architecture with {@code depth} hidden layers on {@code m} inputs. */
    public RandomNetwork network(int inputDimension, int depth, long seed) {
        return RandomNetwork.builder().inputDimension(inputDimension).width(width).depth(depth)
                .weightVariance(weightVariance).biasVariance(biasVariance).activation(activation).seed(seed).build();
    }

    /** e.g. {@code hard-tanh k=32 sigma_w^2=4}, with {@code sigma_b^2} when it is not 0. */
    public String label() {
        return String.format(Locale.ROOT, "%s k=%d sigma_w^2=%s%s", activation.id(), width,
                MarkdownTable.format(weightVariance),
                biasVariance == 0 ? "" : " sigma_b^2=" + MarkdownTable.format(biasVariance));
    }

    /** The run-column values: activation, width, sigma_w^2, sigma_b^2. */
    public java.util.List<String> columns() {
        return java.util.List.of(activation.id(), Integer.toString(width), MarkdownTable.format(weightVariance),
                MarkdownTable.format(biasVariance));
    }
}
