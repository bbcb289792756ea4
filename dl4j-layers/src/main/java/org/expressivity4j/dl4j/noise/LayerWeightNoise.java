package org.expressivity4j.dl4j.noise;

import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gaussian noise on the weights of exactly one layer of a network, undone bit for bit: the perturbation of Raghu et
 * al. 2017, Section 3.1 and Fig. 6 ("add noise of varying magnitudes to exactly one layer"), to measure how
 * much accuracy a trained network loses per perturbed layer.
 *
 * <p>The layer's weight parameter {@code W} (a dense layer's matrix, a convolution's kernel) is changed in place, so
 * the network's own forward pass sees the noise; biases are left alone. A copy of the original weights is kept:
 * {@link #apply} always starts from it (applying twice does not accumulate), and {@link #restore} (also
 * {@link #close}) copies it back, leaving the network's parameters bit-identical to what they were.
 *
 * <pre>{@code
 * try (LayerWeightNoise noise = LayerWeightNoise.on(net, "c1")) {
 *     INDArray z = noise.direction(seed);                       // N(0, 1), the weights' shape
 *     noise.apply(Scale.RELATIVE.std(0.25, noise.weightStd()), z); // W = W0 + 0.25 s_W z
 *     double accuracy = evaluate(net);
 * }                                                               // W = W0 again
 * }</pre>
 *
 * <p>Noise {@link #direction(long) directions} come from a seeded Java generator, not from ND4J's global one: the
 * same seed gives the same noise on any machine and whatever else drew random numbers before. Using one direction
 * for several magnitudes (common random numbers) makes the accuracy-versus-magnitude curve of one seed a curve along
 * one ray in weight space.
 */
public final class LayerWeightNoise implements AutoCloseable {

    /** The name of the weight parameter in DL4J's dense, output and convolution layers. */
    public static final String WEIGHT_KEY = "W";

    /** How a noise magnitude {@code m} becomes the standard deviation of the noise added to each weight. */
    public enum Scale {
        /** Standard deviation {@code m}: noise N(0, m^2) on every weight, whatever the layer's own weight scale. */
        ABSOLUTE,
        /**
         * Standard deviation {@code m * s_W}, {@code s_W} being the population standard deviation of the layer's
         * unperturbed weights: the same relative perturbation in every layer (magnitude 1 = noise as large as the
         * weights themselves).
         */
        RELATIVE;

        /** The noise's standard deviation for magnitude {@code magnitude} on weights of standard deviation {@code weightStd}. */
        public double std(double magnitude, double weightStd) {
            if (!(magnitude >= 0) || Double.isInfinite(magnitude)) {
                throw new IllegalArgumentException("noise magnitude must be finite and >= 0, got " + magnitude);
            }
            return switch (this) {
                case ABSOLUTE -> magnitude;
                case RELATIVE -> magnitude * weightStd;
            };
        }

        /** Lower-case name, as on the command line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String name;
    private final INDArray weights;
    private final INDArray original;
    private final double weightStd;

    private LayerWeightNoise(String name, Layer layer) {
        this.name = name;
        if (layer == null) {
            throw new IllegalArgumentException("no layer named \"" + name + "\"");
        }
        if (layer.paramTable() == null || !layer.paramTable().containsKey(WEIGHT_KEY)) {
            throw new IllegalArgumentException("layer \"" + name + "\" (" + layer.getClass().getSimpleName()
                    + ") has no weight parameter " + WEIGHT_KEY);
        }
        this.weights = layer.getParam(WEIGHT_KEY);
        this.original = weights.dup();
        this.weightStd = original.castTo(DataType.DOUBLE).stdNumber(false).doubleValue();
    }

    /**
     * Prepares noise on the weights of the layer named {@code layerName} of {@code net} (nothing changes until
     * {@link #apply}).
     *
     * @throws IllegalArgumentException if there is no such layer or it has no weights
     */
    public static LayerWeightNoise on(MultiLayerNetwork net, String layerName) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(layerName, "layerName");
        Layer layer;
        try {
            layer = net.getLayer(layerName);
        } catch (RuntimeException e) {
            layer = null;
        }
        return new LayerWeightNoise(layerName, layer);
    }

    /** As {@link #on(MultiLayerNetwork, String)} for a layer vertex of a graph. */
    public static LayerWeightNoise on(ComputationGraph net, String layerName) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(layerName, "layerName");
        return new LayerWeightNoise(layerName, net.getLayer(layerName));
    }

    /** The perturbed layer's name. */
    public String layer() {
        return name;
    }

    /** Number of weights. */
    public long count() {
        return original.length();
    }

    /** The weights' shape. */
    public long[] shape() {
        return original.shape();
    }

    /** Population standard deviation of the unperturbed weights, {@code s_W}. */
    public double weightStd() {
        return weightStd;
    }

    /** A copy of the unperturbed weights. */
    public INDArray originalWeights() {
        return original.dup();
    }

    /**
     * A standard normal direction of the weights' shape, element {@code i} (in C order) being the {@code i}-th draw
     * of {@code new SplittableRandom(seed).nextGaussian()}.
     */
    public INDArray direction(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long n = original.length();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalStateException("layer \"" + name + "\" has too many weights: " + n);
        }
        float[] z = new float[(int) n];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return Nd4j.create(z, original.shape(), 'c').castTo(original.dataType());
    }

    /**
     * Sets the weights to {@code W0 + std * direction}, {@code W0} being the unperturbed weights.
     *
     * @param std       the noise's standard deviation (per weight), >= 0; 0 restores the weights exactly
     * @param direction standard normal noise of the weights' shape (see {@link #direction(long)})
     */
    public void apply(double std, INDArray direction) {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("noise standard deviation must be finite and >= 0, got " + std);
        }
        Objects.requireNonNull(direction, "direction");
        if (!java.util.Arrays.equals(direction.shape(), original.shape())) {
            throw new IllegalArgumentException("noise of shape " + java.util.Arrays.toString(direction.shape())
                    + " for weights of shape " + java.util.Arrays.toString(original.shape()));
        }
        weights.assign(original);
        if (std > 0) {
            weights.addi(direction.castTo(original.dataType()).mul(std));
        }
    }

    /** Puts the unperturbed weights back, bit for bit. */
    public void restore() {
        weights.assign(original);
    }

    /** Restores the weights. */
    @Override
    public void close() {
        restore();
    }
}
