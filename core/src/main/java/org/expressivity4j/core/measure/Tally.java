package org.expressivity4j.core.measure;

import java.util.ArrayList;
import java.util.List;

/** Accumulates lengths, per-unit transitions and distinct patterns per layer, for both ways of measuring. */
final class Tally {

    final int depth;
    final int[] widths;
    final double[] lengths;
    final long[][] neuronTransitions;
    private final LongPairSet[] patterns;

    /** @param widths widths of layers 0 (input) .. n */
    Tally(int[] widths) {
        this.widths = widths.clone();
        this.depth = widths.length - 1;
        lengths = new double[depth + 1];
        neuronTransitions = new long[depth][];
        patterns = new LongPairSet[depth];
        for (int d = 1; d <= depth; d++) {
            neuronTransitions[d - 1] = new long[widths[d]];
            patterns[d - 1] = new LongPairSet();
        }
    }

    /** Adds, for every unit of layer {@code d}, the number of boundaries between its regions in {@code a} and {@code b}. */
    void addTransitions(int d, byte[] a, int offsetA, byte[] b, int offsetB) {
        long[] counts = neuronTransitions[d - 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] += Math.abs(a[offsetA + i] - b[offsetB + i]);
        }
    }

    /** Records the pattern of layers 1 .. d with this hash. */
    void addPattern(int d, long hi, long lo) {
        patterns[d - 1].add(hi, lo);
    }

    TrajectoryMeasures result(TrajectoryMeasures.Method method, boolean[] converged, double[] relativeChange,
                              long samples, boolean resolved) {
        List<LayerMeasures> layers = new ArrayList<>();
        for (int d = 0; d <= depth; d++) {
            long transitions = 0;
            long distinct = 1;
            if (d > 0) {
                for (long c : neuronTransitions[d - 1]) {
                    transitions += c;
                }
                distinct = Math.max(1, patterns[d - 1].size());
            }
            layers.add(new LayerMeasures(d, widths[d], lengths[d], converged[d], relativeChange[d], transitions,
                    distinct));
        }
        return new TrajectoryMeasures(method, layers, samples, resolved, neuronTransitions);
    }
}
