package org.expressivity4j.core.network;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded Gaussian arrays, drawn in Java ({@link SplittableRandom#nextGaussian()}) rather than by ND4J's native
 * generator, so that the same seed gives the same numbers whatever the number of native threads, the backend or
 * the data type (values are drawn in double precision and then cast).
 *
 * <p>Independent streams come from {@link #derive(long, long...)}: e.g. the weights of layer {@code d} of a
 * {@link RandomNetwork} use {@code derive(seed, 2d)}, its biases {@code derive(seed, 2d + 1)}, so a deeper network
 * with the same seed shares its lower layers with a shallower one.
 */
public final class SeededGaussians {

    private SeededGaussians() {
    }

    /**
     * A seed for an independent stream, from a base seed and a path of stream numbers (SplitMix64 finalizer applied
     * after mixing in each number).
     */
    public static long derive(long seed, long... path) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long p : path) {
            h = mix(h + 0x9E3779B97F4A7C15L + mix(p));
        }
        return h;
    }

    /** A {@code [rows, cols]} array of independent N(0, std^2) values. */
    public static INDArray matrix(int rows, int cols, double std, long seed, DataType dataType) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("shape must be positive, got " + rows + "x" + cols);
        }
        return Nd4j.createFromArray(values((long) rows * cols, std, seed)).reshape(rows, cols).castTo(dataType);
    }

    /** {@code n} independent N(0, std^2) values. */
    public static double[] values(long n, double std, long seed) {
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cannot draw " + n + " values into one array");
        }
        if (!(std >= 0.0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("standard deviation must be finite and non-negative, got " + std);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = std * random.nextGaussian();
        }
        return v;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
