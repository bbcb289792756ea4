package org.expressivity4j.core.linearity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.SeededGaussians;
import org.expressivity4j.core.trajectory.ArcLength;
import org.expressivity4j.core.trajectory.Trajectories;
import org.expressivity4j.core.trajectory.Trajectory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How far a deep network is from affine for inputs {@code N(0, sigma^2 I)}, layer by layer: the exercise of
 * papers/002 (for which activations is a deep network equivalent to a linear one when {@code sigma << 1}), measured
 * on a random network of Raghu et al. (ICML 2017, Section 2.2).
 *
 * <p>For a fixed sample {@code u_1 .. u_N} of {@code N(0, I_m)} and each sigma, the inputs are {@code x_i = sigma u_i}
 * (the same directions at every scale, so that changes with sigma are not sampling noise), and per hidden layer d:
 * <ul>
 *   <li>the {@link AffineFit#residual relative residual} of the best affine fit of {@code z^(d)(x)} on {@code x};</li>
 *   <li>the length of the image of the segment {@code x(t) = sigma ((1 - t) u0 + t u1)} (chord sum over the sampled
 *       points, {@link ArcLength}), its linear prediction (the length of the image of the same points under the
 *       {@link Linearization} at the inputs' mean 0: the Jacobian product where the network is differentiable
 *       there) and the chord {@code |z^(d)(x(1)) - z^(d)(x(0))|}.</li>
 * </ul>
 * As {@code sigma -> 0} the residual tends to that of the linearization, {@link #limitResiduals()}: 0 for smooth
 * activations (tanh like {@code sigma^2}, since a zero-bias tanh network is odd; sigmoid like {@code sigma}, since
 * its outputs of 1/2 move the deeper layers' operating points off 0 and leave a quadratic term), and a positive
 * constant for relu and selu without biases, which have every unit on its kink at 0 (relu networks are positively
 * homogeneous, so their residual does not depend on sigma at all).
 */
public final class NearLinearity {

    /**
     * One hidden layer's figures at one sigma.
     *
     * @param layer            1 .. depth
     * @param relativeResidual of the affine fit of the layer's outputs on the inputs
     * @param length           of the image of the segment (chord sum)
     * @param linearizedLength of the image of the segment under the linearization at 0
     * @param chordLength      distance between the images of the segment's ends
     */
    public record LayerLinearity(int layer, double relativeResidual, double length, double linearizedLength,
                                 double chordLength) {

        /** {@code length / linearizedLength}: 1 when the layer grows the trajectory as its linearization predicts. */
        public double lengthRatio() {
            return length / linearizedLength;
        }

        /** {@code length / chordLength}: 1 when the image of the segment is straight (as under an affine map). */
        public double straightness() {
            return length / chordLength;
        }
    }

    /**
     * The figures of every hidden layer at one sigma.
     *
     * @param sigma       the inputs' standard deviation per coordinate
     * @param inputLength the segment's length, {@code sigma |u1 - u0|}
     * @param layers      layer 1 .. depth
     */
    public record Profile(double sigma, double inputLength, List<LayerLinearity> layers) {

        public Profile {
            layers = List.copyOf(layers);
        }

        /** Layer d (1 .. depth). */
        public LayerLinearity layer(int d) {
            return layers.get(d - 1);
        }

        /** The last hidden layer (the network's output). */
        public LayerLinearity last() {
            return layers.get(layers.size() - 1);
        }
    }

    private final Network network;
    private final INDArray unitInputs;
    private final double[] u0;
    private final double[] u1;
    private final int trajectoryPoints;
    private final AffineFit fit;
    private final Linearization linearization;
    private final double[] limitResiduals;
    private final double[] unitLinearizedLengths;

    /**
     * A measurement on given directions.
     *
     * @param network          the network (computed in double precision)
     * @param unitInputs       {@code [N, m]}, the directions {@code u_i} (N &gt; m + 1)
     * @param u0               the segment's start direction
     * @param u1               the segment's end direction, different from u0
     * @param trajectoryPoints points sampled on the segment, at least 2
     */
    public NearLinearity(Network network, INDArray unitInputs, double[] u0, double[] u1, int trajectoryPoints) {
        this.network = Objects.requireNonNull(network, "network").withDataType(DataType.DOUBLE);
        Objects.requireNonNull(unitInputs, "unitInputs");
        if (unitInputs.rank() != 2 || unitInputs.columns() != network.inputDimension()) {
            throw new IllegalArgumentException("inputs must be [N, " + network.inputDimension() + "], got "
                    + Arrays.toString(unitInputs.shape()));
        }
        if (trajectoryPoints < 2) {
            throw new IllegalArgumentException("the segment needs at least 2 points, got " + trajectoryPoints);
        }
        if (Objects.requireNonNull(u0, "u0").length != network.inputDimension()
                || Objects.requireNonNull(u1, "u1").length != network.inputDimension()) {
            throw new IllegalArgumentException("the segment's ends must have " + network.inputDimension()
                    + " coordinates");
        }
        if (Arrays.equals(u0, u1)) {
            throw new IllegalArgumentException("the segment's ends must differ");
        }
        this.unitInputs = unitInputs.castTo(DataType.DOUBLE);
        this.u0 = u0.clone();
        this.u1 = u1.clone();
        this.trajectoryPoints = trajectoryPoints;
        this.fit = AffineFit.of(this.unitInputs);
        this.linearization = Linearization.at(this.network, new double[network.inputDimension()]);
        int depth = network.depth();
        this.limitResiduals = new double[depth];
        linearization.propagate(this.unitInputs, (layer, h, z) ->
                limitResiduals[layer - 1] = fit.residual(z).relative());
        this.unitLinearizedLengths = new double[depth];
        linearization.propagate(segment(1.0).points(), (layer, h, z) ->
                unitLinearizedLengths[layer - 1] = ArcLength.of(z));
    }

    /**
     * A measurement on seeded directions: {@code N} inputs and the segment's two ends drawn i.i.d. {@code N(0, 1)}
     * per coordinate from streams derived from {@code seed} ({@link SeededGaussians}).
     */
    public static NearLinearity sampled(Network network, int samples, int trajectoryPoints, long seed) {
        int m = network.inputDimension();
        INDArray u = SeededGaussians.matrix(samples, m, 1.0, SeededGaussians.derive(seed, 0), DataType.DOUBLE);
        double[] a = SeededGaussians.values(m, 1.0, SeededGaussians.derive(seed, 1));
        double[] b = SeededGaussians.values(m, 1.0, SeededGaussians.derive(seed, 2));
        return new NearLinearity(network, u, a, b, trajectoryPoints);
    }

    /** The network measured. */
    public Network network() {
        return network;
    }

    /** The linearization at the inputs' mean 0. */
    public Linearization linearization() {
        return linearization;
    }

    /** The number of samples N. */
    public int samples() {
        return fit.samples();
    }

    /** Per layer, the relative residual of the linearization's outputs: the limit of the residual as sigma -> 0. */
    public double[] limitResiduals() {
        return limitResiduals.clone();
    }

    /** The figures at one sigma. */
    public Profile at(double sigma) {
        if (!(sigma > 0.0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
        }
        int depth = network.depth();
        double[] residuals = new double[depth];
        network.propagate(unitInputs.mul(sigma), false, (layer, h, z) ->
                residuals[layer - 1] = fit.residual(z).relative());
        Trajectory segment = segment(sigma);
        List<LayerLinearity> layers = new ArrayList<>();
        network.propagate(segment.points(), false, (layer, h, z) -> {
            double chord = z.getRow(z.rows() - 1).sub(z.getRow(0)).norm2Number().doubleValue();
            layers.add(new LayerLinearity(layer, residuals[layer - 1], ArcLength.of(z),
                    sigma * unitLinearizedLengths[layer - 1], chord));
        });
        return new Profile(sigma, segment.length(), layers);
    }

    private Trajectory segment(double sigma) {
        double[] a = new double[u0.length];
        double[] b = new double[u1.length];
        for (int j = 0; j < a.length; j++) {
            a[j] = sigma * u0[j];
            b[j] = sigma * u1[j];
        }
        return Trajectory.sample(Trajectories.line(a, b), trajectoryPoints);
    }
}
