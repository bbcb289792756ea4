package org.expressivity4j.dl4j.init;

import java.util.Locale;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J weight initialization with the paper's scaling: weights drawn from N(0, sigma_w^2 / fan_in), where fan_in is
 * the number of inputs of a unit (n_in for a dense layer, k_h * k_w * channels_in for a convolution). Raghu et al.
 * 2017, Section 2: sigma_w^2 = 1 is the "critical" scale for tanh-like nets, sigma_w^2 = 2 He initialization for relu.
 *
 * <p>Draws from ND4J's global random generator, which DL4J seeds from the configuration's seed at {@code init()},
 * so the same seed gives the same weights. Serializable in DL4J's JSON configuration.
 */
public final class GaussianFanInInit implements IWeightInit {

    private static final long serialVersionUID = 1L;

    private double sigmaW2;

    /** For JSON deserialization; sigma_w^2 = 1. */
    public GaussianFanInInit() {
        this(1.0);
    }

    /** @param sigmaW2 the weight variance scale sigma_w^2, positive */
    public GaussianFanInInit(double sigmaW2) {
        setSigmaW2(sigmaW2);
    }

    public double getSigmaW2() {
        return sigmaW2;
    }

    public void setSigmaW2(double sigmaW2) {
        if (!(sigmaW2 > 0) || Double.isInfinite(sigmaW2)) {
            throw new IllegalArgumentException("sigma_w^2 must be positive and finite, got " + sigmaW2);
        }
        this.sigmaW2 = sigmaW2;
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        Nd4j.randn(paramView).muli(Math.sqrt(sigmaW2 / fanIn));
        return paramView.reshape(order, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianFanInInit other && Double.compare(sigmaW2, other.sigmaW2) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(sigmaW2);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "GaussianFanInInit(sigma_w^2=%s)", sigmaW2);
    }
}
