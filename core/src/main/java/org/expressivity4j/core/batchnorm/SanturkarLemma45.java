package org.expressivity4j.core.batchnorm;

import java.util.Objects;

/**
 * Santurkar, Tsipras, Ilyas and Madry, "How does batch normalization help optimization?" (NeurIPS 2018), Lemma 4.5
 * ("BatchNorm leads to a favorable initialization"), as Dannemann and Junike quote it (their inequality (1)): for
 * local optima {@code W*} of the plain and {@code W^*} of the batch-normalized network, the closest ones to the
 * initialization {@code W_0}, if {@code <W_0, W*> > 0} then
 * <pre>
 *   |W_0 - W^*|^2  &lt;=  |W_0 - W*|^2 - (|W*|^2 - &lt;W*, W_0&gt;)^2 / |W*|^2.
 * </pre>
 * {@link #evaluate} computes both sides for a single neuron whose batch-norm optima are an open ray
 * {@code {t d : t > 0}} (scale invariance, Dannemann and Junike, Example 3.2); Dannemann and Junike take
 * {@code W_0 = W*}, where the right-hand side is 0 but {@code W_0} is not a batch-norm optimum, so the inequality
 * fails.
 */
public final class SanturkarLemma45 {

    private SanturkarLemma45() {
    }

    /**
     * Both sides of the inequality at one initialization.
     *
     * @param w0            the initialization {@code W_0}
     * @param wStar         the closest optimum of the plain network {@code W*}
     * @param wHatStar      the point of the batch-norm optimum ray closest to {@code W_0} (the origin, which is not
     *                      on the open ray, when {@code <W_0, d> <= 0}: the infimum of the distance is then not
     *                      attained)
     * @param attained      whether {@code wHatStar} is on the open ray
     * @param premise       whether {@code <W_0, W*> > 0}, the lemma's condition
     * @param lhs           {@code |W_0 - W^*|^2}
     * @param rhs           {@code |W_0 - W*|^2 - (|W*|^2 - <W*, W_0>)^2 / |W*|^2}
     */
    public record Evaluation(double[] w0, double[] wStar, double[] wHatStar, boolean attained, boolean premise,
                             double lhs, double rhs) {

        /** Whether the inequality {@code lhs <= rhs} holds. */
        public boolean holds() {
            return lhs <= rhs;
        }

        /** Whether this initialization refutes the lemma: the premise holds and the inequality fails. */
        public boolean refutes() {
            return premise && !holds();
        }
    }

    /**
     * Evaluates the inequality.
     *
     * @param w0           the initialization
     * @param wStar        the plain network's (closest) optimum, non-zero
     * @param rayDirection a direction {@code d} of the batch-norm optima {@code {t d : t > 0}}, non-zero
     */
    public static Evaluation evaluate(double[] w0, double[] wStar, double[] rayDirection) {
        Objects.requireNonNull(w0, "w0");
        Objects.requireNonNull(wStar, "wStar");
        Objects.requireNonNull(rayDirection, "rayDirection");
        if (wStar.length != w0.length || rayDirection.length != w0.length) {
            throw new IllegalArgumentException("W_0, W* and the ray direction must have the same dimension");
        }
        double ss = BatchNormNeuron.dot(wStar, wStar);
        double dd = BatchNormNeuron.dot(rayDirection, rayDirection);
        if (!(ss > 0) || !(dd > 0)) {
            throw new IllegalArgumentException("W* and the ray direction must be non-zero");
        }
        double t = BatchNormNeuron.dot(w0, rayDirection) / dd;
        boolean attained = t > 0;
        double[] hat = new double[w0.length];
        if (attained) {
            for (int j = 0; j < hat.length; j++) {
                hat[j] = t * rayDirection[j];
            }
        }
        double lhs = 0;
        double plain = 0;
        for (int j = 0; j < w0.length; j++) {
            lhs += (w0[j] - hat[j]) * (w0[j] - hat[j]);
            plain += (w0[j] - wStar[j]) * (w0[j] - wStar[j]);
        }
        double gap = ss - BatchNormNeuron.dot(wStar, w0);
        double rhs = plain - gap * gap / ss;
        return new Evaluation(w0.clone(), wStar.clone(), hat, attained, BatchNormNeuron.dot(w0, wStar) > 0, lhs, rhs);
    }
}
