package org.expressivity4j.core.measure;

import org.expressivity4j.core.network.SeededGaussians;

/**
 * Hashing of activation patterns: a pattern (one region per unit of layers 1 .. d) maps to the 128-bit sum, over its
 * units, of fixed pseudo-random keys {@code key(layer, unit, region)} (Zobrist-style hashing with addition, two
 * independent 64-bit lanes). Two different patterns differ in at least one unit's key, so they collide in a lane
 * with probability 2^-64 for keys drawn at random; with two lanes, the chance that any two of {@code P} distinct
 * patterns collide is below {@code P^2 2^-129}: for the 10^7 patterns of the largest runs, under 10^-24. Counting
 * distinct hashes is therefore counting distinct patterns, and hashes of layers 1 .. d are built by adding each
 * layer's sum to the sum of the layers below.
 */
final class PatternKeys {

    private static final long SALT_HI = 0x51A7E5EEDL;
    private static final long SALT_LO = 0x0DDBA11L;

    private final long[][] hi;
    private final long[][] lo;
    private final int[] widths;
    private final int regions;

    /**
     * @param widths  widths of layers 1 .. n
     * @param regions regions per unit
     */
    PatternKeys(int[] widths, int regions) {
        this.widths = widths.clone();
        this.regions = regions;
        hi = new long[widths.length][];
        lo = new long[widths.length][];
        for (int d = 0; d < widths.length; d++) {
            hi[d] = new long[widths[d] * regions];
            lo[d] = new long[widths[d] * regions];
            for (int j = 0; j < hi[d].length; j++) {
                hi[d][j] = SeededGaussians.derive(SALT_HI, d, j);
                lo[d][j] = SeededGaussians.derive(SALT_LO, d, j);
            }
        }
    }

    /** The hash lanes of one layer's regions (layer 1 .. n); {@code out[0]} = high lane, {@code out[1]} = low lane. */
    void layerHash(int layer, byte[] regionCodes, int offset, long[] out) {
        long[] h = hi[layer - 1];
        long[] l = lo[layer - 1];
        long a = 0;
        long b = 0;
        int k = widths[layer - 1];
        for (int i = 0; i < k; i++) {
            int j = i * regions + regionCodes[offset + i];
            a += h[j];
            b += l[j];
        }
        out[0] = a;
        out[1] = b;
    }
}
