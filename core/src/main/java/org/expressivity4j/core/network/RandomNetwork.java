package org.expressivity4j.core.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The random networks of Raghu et al. (ICML 2017), Section 2.2: input dimension {@code m}, {@code n} hidden layers
 * of width {@code k}, weights i.i.d. {@code N(0, sigma_w^2 / fan_in)} (fan_in = m for the first layer, k above),
 * biases i.i.d. {@code N(0, sigma_b^2)}, one activation throughout. A description plus a seed; {@link #create()}
 * draws the parameters.
 *
 * <p>Reproducibility: the parameters are drawn in Java from {@link SeededGaussians} streams, layer {@code d}'s
 * weights from {@code derive(seed, 2(d-1))} and its biases from {@code derive(seed, 2(d-1)+1)}; the same
 * description gives bit-identical parameters whatever the thread count or data type (values are drawn in double
 * and cast), and a deeper network shares its lower layers with a shallower one of the same seed.
 *
 * @param inputDimension m, at least 1
 * @param width          k, at least 1
 * @param depth          n hidden layers, at least 1
 * @param sigmaW         sigma_w, the weight scale (the paper's figures quote sigma_w^2), finite and non-negative
 * @param sigmaB         sigma_b, the bias standard deviation, finite and non-negative
 * @param activation     the nonlinearity
 * @param seed           the seed of every random draw
 */
public record RandomNetwork(int inputDimension, int width, int depth, double sigmaW, double sigmaB,
                            Activation activation, long seed) {

    public RandomNetwork {
        if (inputDimension < 1) {
            throw new IllegalArgumentException("input dimension must be at least 1, got " + inputDimension);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, got " + width);
        }
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, got " + depth);
        }
        if (!(sigmaW >= 0.0) || Double.isInfinite(sigmaW)) {
            throw new IllegalArgumentException("sigma_w must be finite and non-negative, got " + sigmaW);
        }
        if (!(sigmaB >= 0.0) || Double.isInfinite(sigmaB)) {
            throw new IllegalArgumentException("sigma_b must be finite and non-negative, got " + sigmaB);
        }
        Objects.requireNonNull(activation, "activation");
    }

    /** A builder with the paper's common defaults: width 100, depth 8, sigma_w^2 = 1, sigma_b = 0, hard tanh, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** The network in double precision (the default for measures). */
    public Network create() {
        return create(DataType.DOUBLE);
    }

    /** The network in the given floating-point type (float for throughput, double for measures). */
    public Network create(DataType dataType) {
        if (dataType == null || !dataType.isFPType()) {
            throw new IllegalArgumentException("a floating-point data type is needed, got " + dataType);
        }
        List<INDArray> w = new ArrayList<>();
        List<INDArray> b = new ArrayList<>();
        int fanIn = inputDimension;
        for (int d = 1; d <= depth; d++) {
            w.add(SeededGaussians.matrix(fanIn, width, sigmaW / Math.sqrt(fanIn), weightSeed(d), dataType));
            b.add(SeededGaussians.matrix(1, width, sigmaB, biasSeed(d), dataType));
            fanIn = width;
        }
        return Network.of(w, b, activation);
    }

    /** The seed of layer {@code d}'s weight stream (d = 1 .. depth). */
    public long weightSeed(int d) {
        return SeededGaussians.derive(seed, 2L * (d - 1));
    }

    /** The seed of layer {@code d}'s bias stream (d = 1 .. depth). */
    public long biasSeed(int d) {
        return SeededGaussians.derive(seed, 2L * (d - 1) + 1);
    }

    /** This description with another depth. */
    public RandomNetwork withDepth(int newDepth) {
        return new RandomNetwork(inputDimension, width, newDepth, sigmaW, sigmaB, activation, seed);
    }

    /** This description with another seed. */
    public RandomNetwork withSeed(long newSeed) {
        return new RandomNetwork(inputDimension, width, depth, sigmaW, sigmaB, activation, newSeed);
    }

    /** One line for logs and manifests. */
    public String describe() {
        return String.format(Locale.ROOT, "m=%d, k=%d, n=%d, sigma_w^2=%s, sigma_b^2=%s, %s, seed=%d", inputDimension,
                width, depth, sigmaW * sigmaW, sigmaB * sigmaB, activation.id(), seed);
    }

    /** Builder for {@link RandomNetwork}. */
    public static final class Builder {
        private int inputDimension = 100;
        private int width = 100;
        private int depth = 8;
        private double sigmaW = 1.0;
        private double sigmaB = 0.0;
        private Activation activation = Activation.HARD_TANH;
        private long seed = 0;

        private Builder() {
        }

        /** m (default 100). */
        public Builder inputDimension(int m) {
            this.inputDimension = m;
            return this;
        }

        /** k (default 100). */
        public Builder width(int k) {
            this.width = k;
            return this;
        }

        /** n hidden layers (default 8). */
        public Builder depth(int n) {
            this.depth = n;
            return this;
        }

        /** sigma_w (default 1). */
        public Builder sigmaW(double sigmaW) {
            this.sigmaW = sigmaW;
            return this;
        }

        /** sigma_w^2, the weight variance as the paper's figures quote it. */
        public Builder weightVariance(double sigmaW2) {
            if (!(sigmaW2 >= 0.0)) {
                throw new IllegalArgumentException("sigma_w^2 must be non-negative, got " + sigmaW2);
            }
            this.sigmaW = Math.sqrt(sigmaW2);
            return this;
        }

        /** sigma_b (default 0). */
        public Builder sigmaB(double sigmaB) {
            this.sigmaB = sigmaB;
            return this;
        }

        /** sigma_b^2, the bias variance. */
        public Builder biasVariance(double sigmaB2) {
            if (!(sigmaB2 >= 0.0)) {
                throw new IllegalArgumentException("sigma_b^2 must be non-negative, got " + sigmaB2);
            }
            this.sigmaB = Math.sqrt(sigmaB2);
            return this;
        }

        /** The nonlinearity (default hard tanh). */
        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /** The seed (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public RandomNetwork build() {
            return new RandomNetwork(inputDimension, width, depth, sigmaW, sigmaB, activation, seed);
        }
    }
}
