package org.expressivity4j.core.batchnorm;

/**
 * A differentiable cost of a weight vector, as {@link GradientDescent} minimizes it: the plain and the
 * batch-normalized least-squares costs of {@link BatchNormNeuron}.
 */
public interface CostFunction {

    /** The number of weights. */
    int dimension();

    /** The cost at {@code w}. */
    double value(double[] w);

    /** The gradient of the cost at {@code w} (a new array). */
    double[] gradient(double[] w);
}
