package org.expressivity4j.trainers.shared;

/**
 * The streams into which the random-network figures split one run seed ({@code SeededGaussians.derive(seed,
 * stream, index)}): each figure draws its networks, endpoints and probes from these, so that the same seed gives the
 * same networks in every figure that shares a stream. Changing a value changes every figure's numbers.
 */
public final class SeedStreams {

    /** The weights of the i-th network of a configuration. */
    public static final long NETWORK = 1;
    /** The endpoints of the i-th trajectory. */
    public static final long ENDPOINT = 2;
    /** The weight sweep of dichotomies (the great circle in weight space). */
    public static final long SWEEP = 3;
    /** The perturbation probes of trajectory-growth (Fig. 13c, d). */
    public static final long PROBE = 4;
    /** The random-walk baseline of dichotomies (Fig. 16). */
    public static final long WALK = 5;

    private SeedStreams() {
    }
}
