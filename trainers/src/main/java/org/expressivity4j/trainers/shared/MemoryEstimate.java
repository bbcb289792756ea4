package org.expressivity4j.trainers.shared;

import java.util.Locale;
import java.util.Objects;
import org.expressivity4j.core.measure.MeasureOptions;

/**
 * What a run holds in ND4J's memory at its peak, estimated from its settings before anything is allocated, from
 * parameter counts and activation sizes: so that a size the machine cannot hold is refused with one line instead of
 * ending in an out-of-memory error or a crash of the native code. Only the arrays that grow with the options are
 * counted (no fixed overhead, no scratch space), so an estimate is what a run needs at least.
 *
 * @param bytes the estimate (a double: settings far beyond any machine must not overflow)
 * @param what  what is estimated, e.g. "training the conv net (2.45e+06 parameters, batch 128)"
 */
public record MemoryEstimate(double bytes, String what) {

    /** Bytes per value of the DL4J networks (float32). */
    public static final int FLOAT32 = 4;
    /** Bytes per value of the random networks of the measures (float64). */
    public static final int FLOAT64 = 8;

    public MemoryEstimate {
        Objects.requireNonNull(what, "what");
        if (!(bytes >= 0)) {
            throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
        }
    }

    /**
     * Training float32 DL4J networks, all held at once: per network its parameters, their gradients and the
     * updater's state ({@code updaterSlots} values per parameter: 2 for Adam, 1 for SGD with momentum), and per
     * example of the largest batch passed through (training, or evaluation in inference) the activations and their
     * gradients.
     *
     * @param networks              networks held at once
     * @param parameters            parameters of one network
     * @param activationsPerExample values of every layer's output (and the input) per example
     * @param batch                 the training minibatch
     * @param evalBatch             the batches the networks are evaluated in
     */
    public static MemoryEstimate training(String network, int networks, double parameters, int updaterSlots,
                                          double activationsPerExample, double batch, double evalBatch) {
        double values = networks * parameters * (2 + updaterSlots)
                + 2 * activationsPerExample * Math.max(batch, evalBatch);
        return new MemoryEstimate(FLOAT32 * values, String.format(Locale.ROOT, "training %s%s (%.3g parameters%s, "
                + "batch %.0f%s)", networks > 1 ? networks + " x " : "", network, parameters,
                networks > 1 ? " each" : "", batch, evalBatch > batch ? String.format(Locale.ROOT, ", evaluated in batches of %.0f", evalBatch)
                        : ""));
    }

    /**
     * Passing {@code points} points at once through a float32 DL4J network in inference, every layer's output kept
     * (as a trajectory probe does).
     */
    public static MemoryEstimate probe(String network, double parameters, double activationsPerExample,
                                       double points) {
        return new MemoryEstimate(FLOAT32 * (parameters + activationsPerExample * points),
                String.format(Locale.ROOT, "probing %s with %.0f points", network, points));
    }

    /**
     * Random fully connected networks ({@code bytesPerValue} per value) of {@code depth} layers of width
     * {@code width} on {@code inputDimension} inputs, one held at a time: its weights and biases, and
     * {@code points} points held at {@code layersKept} layers (and at the input).
     */
    public static MemoryEstimate randomNetwork(String what, int bytesPerValue, double inputDimension, double width,
                                               double depth, double points, double layersKept) {
        double parameters = (inputDimension + 1) * width + (depth - 1) * (width + 1) * width;
        double values = parameters + points * (inputDimension + width * layersKept);
        return new MemoryEstimate(bytesPerValue * values, String.format(Locale.ROOT, "%s (width %.0f, depth %.0f, "
                + "%.3g weights)", what, width, depth, parameters));
    }

    /**
     * Measuring trajectories through random float64 networks, one at a time ({@link #randomNetwork}): the network,
     * {@code points} fixed points (e.g. a polygon's vertices) at every layer, and the measure's own budget for
     * sampled points ({@link MeasureOptions#memoryBudgetBytes()}).
     */
    public static MemoryEstimate measuring(String what, double inputDimension, double width, double depth,
                                           double points) {
        long budget = MeasureOptions.defaults().memoryBudgetBytes();
        return randomNetwork(what, FLOAT64, inputDimension, width, depth, points, depth + 1)
                .plus(budget, "with " + format(budget) + " of sampled points");
    }

    /** This estimate plus a fixed {@code extra} (e.g. a measure's own memory budget). */
    public MemoryEstimate plus(double extra, String note) {
        return new MemoryEstimate(bytes + extra, what + ", " + note);
    }

    /** The larger of the two. */
    public static MemoryEstimate max(MemoryEstimate a, MemoryEstimate b) {
        return a.bytes >= b.bytes ? a : b;
    }

    /** Bytes in binary units with three significant digits, e.g. {@code 1.50 GiB}; beyond EiB in powers of ten. */
    public static String format(double bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (v >= 1024) {
            return String.format(Locale.ROOT, "%.3g bytes", bytes);
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f bytes", v)
                : String.format(Locale.ROOT, "%.3g %s", v, units[u]);
    }
}
