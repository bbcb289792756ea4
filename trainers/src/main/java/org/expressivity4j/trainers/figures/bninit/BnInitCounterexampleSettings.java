package org.expressivity4j.trainers.figures.bninit;


/**
 * What to run.
 *
 * @param starts        random starts of the descent, at least 1
 * @param epsilon       DL4J's batch-norm epsilon for the comparison (its default is 1e-5), non-negative
 * @param maxIterations of each descent
 * @param tolerance     the descent's stopping threshold of {@code |grad| |w|}
 * @param lemmaSamples  random initializations on which Lemma 4.5 is also checked
 */
public record BnInitCounterexampleSettings(int starts, double epsilon, int maxIterations, double tolerance,
                                           int lemmaSamples) {

    public BnInitCounterexampleSettings {
        if (starts < 1) {
            throw new IllegalArgumentException("at least one start is needed, got " + starts);
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and non-negative, got " + epsilon);
        }
        if (lemmaSamples < 0) {
            throw new IllegalArgumentException("lemma samples must be non-negative, got " + lemmaSamples);
        }
    }

    /** The full profile: 12 starts, DL4J's default epsilon, 20000 random initializations for the lemma. */
    public static BnInitCounterexampleSettings full() {
        return new BnInitCounterexampleSettings(12, Dl4jBatchNormNeuron.DL4J_DEFAULT_EPSILON, 100_000, 1e-10, 20_000);
    }

    /** The quick profile: 4 starts, 2000 random initializations. */
    public static BnInitCounterexampleSettings quick() {
        return new BnInitCounterexampleSettings(4, Dl4jBatchNormNeuron.DL4J_DEFAULT_EPSILON, 100_000, 1e-10, 2_000);
    }

    /** This profile with another number of starts. */
    public BnInitCounterexampleSettings withStarts(int n) {
        return new BnInitCounterexampleSettings(n, epsilon, maxIterations, tolerance, lemmaSamples);
    }

    /** This profile with another epsilon. */
    public BnInitCounterexampleSettings withEpsilon(double e) {
        return new BnInitCounterexampleSettings(starts, e, maxIterations, tolerance, lemmaSamples);
    }

    /** These settings with another {@code maxIterations}. */
    public BnInitCounterexampleSettings withMaxIterations(int maxIterations) {
        return new BnInitCounterexampleSettings(starts, epsilon, maxIterations, tolerance, lemmaSamples);
    }

    /** These settings with another {@code tolerance}. */
    public BnInitCounterexampleSettings withTolerance(double tolerance) {
        return new BnInitCounterexampleSettings(starts, epsilon, maxIterations, tolerance, lemmaSamples);
    }

    /** These settings with another {@code lemmaSamples}. */
    public BnInitCounterexampleSettings withLemmaSamples(int lemmaSamples) {
        return new BnInitCounterexampleSettings(starts, epsilon, maxIterations, tolerance, lemmaSamples);
    }
}
