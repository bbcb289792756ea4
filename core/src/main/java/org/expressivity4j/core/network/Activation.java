package org.expressivity4j.core.network;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SELU;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The nonlinearities of the random networks (Raghu et al., ICML 2017, Sections 2.1 and 2.2), with the
 * <em>linear regions</em> that define neuron transitions and activation patterns.
 *
 * <p>A unit's region is the number of {@link #regionBoundaries() boundaries} strictly below its pre-activation
 * {@code h}, so a transition between two inputs changes the region by the number of boundaries crossed:
 * <ul>
 *   <li>{@link #RELU}: boundary 0; region 0 = off ({@code h <= 0}), 1 = on. The paper's pattern letter is the
 *       region.</li>
 *   <li>{@link #HARD_TANH}: boundaries -1 and +1; region 0 = saturated at -1, 1 = linear ({@code -1 < h <= 1}),
 *       2 = saturated at +1. The paper's letters -1 / 0 / 1 are the region minus 1. A sweep from -1 to +1
 *       saturation is two transitions.</li>
 *   <li>{@link #LINEAR}: no boundaries, one region, never a transition.</li>
 *   <li>Smooth activations have no linear regions; the paper counts transitions for tanh too (Fig. 2), so we use
 *       the regions of each one's piecewise-linear surrogate: {@link #TANH} those of hard tanh (-1, +1);
 *       {@link #SIGMOID} those of the hard sigmoid {@code clip(1/2 + h/4, 0, 1)} (-2, +2); {@link #SELU} its kink at
 *       0 (linear for {@code h > 0}, exponential below).</li>
 * </ul>
 * Only {@link #isPiecewiseLinear() piecewise-linear} activations (relu, hard tanh, linear) admit the exact crossing
 * computation along a segment; the others are counted by sampling.
 */
public enum Activation {

    /** {@code max(0, h)}. */
    RELU("relu", new double[] {0.0}, true),
    /** {@code clip(h, -1, 1)}. */
    HARD_TANH("hard-tanh", new double[] {-1.0, 1.0}, true),
    /** {@code tanh(h)}. */
    TANH("tanh", new double[] {-1.0, 1.0}, false),
    /** {@code 1 / (1 + exp(-h))}. */
    SIGMOID("sigmoid", new double[] {-2.0, 2.0}, false),
    /**
     * Scaled exponential linear unit (Klambauer et al., 2017): {@code lambda h} for {@code h > 0}, else
     * {@code lambda alpha (exp(h) - 1)}, with the standard {@link #SELU_LAMBDA} and {@link #SELU_ALPHA}.
     */
    SELU("selu", new double[] {0.0}, false),
    /** The identity: a deep linear network is a single linear map. */
    LINEAR("linear", new double[0], true);

    /** SELU's scale lambda (Klambauer et al., 2017), the value ND4J uses. */
    public static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    /** SELU's alpha (Klambauer et al., 2017), the value ND4J uses. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;

    private final String id;
    private final double[] boundaries;
    private final boolean piecewiseLinear;

    Activation(String id, double[] boundaries, boolean piecewiseLinear) {
        this.id = id;
        this.boundaries = boundaries;
        this.piecewiseLinear = piecewiseLinear;
    }

    /** The command-line name: {@code relu}, {@code hard-tanh}, {@code tanh}, {@code sigmoid}, {@code selu}, {@code linear}. */
    public String id() {
        return id;
    }

    /**
     * The activation with this name: its {@link #id()} or enum name, case-insensitive; {@code hardtanh} and
     * {@code hard_tanh} are accepted too.
     */
    public static Activation parse(String name) {
        if (name != null) {
            String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Activation a : values()) {
                if (a.id.equals(key) || a.id.replace("-", "").equals(key)) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; one of "
                + Arrays.stream(values()).map(Activation::id).collect(Collectors.joining(", ")));
    }

    /** The region boundaries in increasing order (a copy). */
    public double[] regionBoundaries() {
        return boundaries.clone();
    }

    /** Number of regions: boundaries + 1. */
    public int regionCount() {
        return boundaries.length + 1;
    }

    /** The region of a unit with pre-activation {@code h}: the number of boundaries strictly below {@code h}. */
    public int region(double h) {
        int r = 0;
        for (double b : boundaries) {
            if (h > b) {
                r++;
            }
        }
        return r;
    }

    /** Whether the activation is exactly piecewise linear (relu, hard tanh, linear). */
    public boolean isPiecewiseLinear() {
        return piecewiseLinear;
    }

    /** The activation of one value. */
    public double apply(double h) {
        return switch (this) {
            case RELU -> h > 0 ? h : 0.0;
            case HARD_TANH -> h < -1 ? -1.0 : h > 1 ? 1.0 : h;
            case TANH -> Math.tanh(h);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-h));
            case SELU -> h > 0 ? SELU_LAMBDA * h : SELU_LAMBDA * SELU_ALPHA * Math.expm1(h);
            case LINEAR -> h;
        };
    }

    /** Applies the activation to every element of {@code h}, in place; returns {@code h}. */
    public INDArray applyInPlace(INDArray h) {
        return switch (this) {
            case RELU -> Transforms.relu(h, false);
            // Two scalar clamps: 3 to 6 times faster than ND4J's hardTanh transform on 10^7 floats, same values.
            case HARD_TANH -> Transforms.min(Transforms.max(h, -1.0, false), 1.0, false);
            case TANH -> Transforms.tanh(h, false);
            case SIGMOID -> Transforms.sigmoid(h, false);
            case SELU -> Nd4j.exec(new SELU(h, h));
            case LINEAR -> h;
        };
    }
}
