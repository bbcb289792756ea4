package org.expressivity4j.core.batchnorm;

/**
 * The counterexample of Dannemann and Junike, "Batch normalization does not improve initialization", Example 3.2,
 * to Santurkar et al. (NeurIPS 2018), Lemma 4.5: one linear neuron without bias, inputs {@code (1,1), (1,2), (2,3)},
 * targets {@code 2, 5, 13} ({@code y = x_1^2 + x_2^2}), the whole learning set as one batch, initial weights
 * {@code W_0 = W* = (1, 3)} (the least-squares optimum), batch normalization with gamma = 1, beta = 0 and the
 * population standard deviation, cost the sum of squared errors.
 *
 * <p>The paper's closed forms: {@code mu = 4/3 w1 + 2 w2}, {@code sigma = (1/3) sqrt(2 w1^2 + 6 w1 w2 + 6 w2^2)},
 * {@code C^(w) = ((-w1 - 3 w2) / q - 2)^2 + (-w1 / q - 5)^2 + ((2 w1 + 3 w2) / q - 13)^2} with
 * {@code q = sqrt(2 w1^2 + 6 w1 w2 + 6 w2^2)}; the gradient at {@code W*} is {@code (-0.34, 0.11)} (two decimals);
 * the minima of {@code C^} are the points with {@code w1 > 0} and {@code 3 w1 = 5 w2}.
 */
public final class DannemannJunikeExample {

    /** The three inputs {@code x^(1), x^(2), x^(3)}. */
    private static final double[][] INPUTS = {{1, 1}, {1, 2}, {2, 3}};
    /** The targets {@code y^(i) = (x_1^(i))^2 + (x_2^(i))^2}. */
    private static final double[] TARGETS = {2, 5, 13};

    /** The least-squares optimum {@code W* = (1, 3)}, also the initialization {@code W_0}. */
    public static final double[] W_STAR = {1, 3};
    /** The gradient of {@code C^} at {@code W*} as the paper prints it (two decimals). */
    public static final double[] PAPER_GRADIENT = {-0.34, 0.11};
    /** A direction of the paper's ray of batch-norm minima {@code w1 > 0, 3 w1 = 5 w2}. */
    public static final double[] PAPER_RAY = {5, 3};

    private DannemannJunikeExample() {
    }

    /** A copy of the inputs. */
    public static double[][] inputs() {
        return new double[][] {INPUTS[0].clone(), INPUTS[1].clone(), INPUTS[2].clone()};
    }

    /** A copy of the targets. */
    public static double[] targets() {
        return TARGETS.clone();
    }

    /** The example's neuron with the paper's normalization: gamma = 1, beta = 0, population variance, no epsilon. */
    public static BatchNormNeuron neuron() {
        return neuron(BatchNormTransform.normalizeOnly());
    }

    /** The example's neuron with another normalization (e.g. DL4J's epsilon). */
    public static BatchNormNeuron neuron(BatchNormTransform transform) {
        return new BatchNormNeuron(INPUTS, TARGETS, transform);
    }

    /** The paper's closed form of {@code C^(w)} (Example 3.2), written out term by term as printed. */
    public static double paperCost(double w1, double w2) {
        double q = Math.sqrt(2 * w1 * w1 + 6 * w1 * w2 + 6 * w2 * w2);
        double a = (-w1 - 3 * w2) / q - 2;
        double b = -w1 / q - 5;
        double c = (2 * w1 + 3 * w2) / q - 13;
        return a * a + b * b + c * c;
    }
}
