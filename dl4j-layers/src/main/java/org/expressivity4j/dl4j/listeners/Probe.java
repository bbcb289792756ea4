package org.expressivity4j.dl4j.listeners;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.expressivity4j.core.trajectory.Curve;
import org.expressivity4j.core.trajectory.Trajectories;
import org.expressivity4j.core.trajectory.Trajectory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fixed input trajectory a {@link TrajectoryListener} propagates through the network: the points fed to it, in
 * trajectory order, as one array {@code [N, ...]} shaped like a minibatch of the network's input.
 *
 * <ul>
 *   <li>{@link #quarterCircle(INDArray, INDArray)}: the paper's circular arc {@code x(t) = cos(pi t / 2) x0 +
 *       sin(pi t / 2) x1} between two inputs (Raghu et al., ICML 2017, Section 2; Figs. 4, 8, 18), sampled at the
 *       listener's number of points, equally spaced in {@code t} ({@link Trajectories#quarterCircle}).</li>
 *   <li>{@link #quarterCircle(DataSetIterator, long)}, {@link #quarterCircle(DataSet, long)}: the same between two
 *       examples drawn, with a seed, from the first minibatch of an iterator (which is then reset) or from a
 *       minibatch.</li>
 *   <li>{@link #minibatchPath(INDArray)}: the piecewise-linear path through a minibatch's examples in order, whose
 *       length is the sum of the distances between consecutive examples (the trajectory that trajectory
 *       regularization penalizes, Section 3.3, Fig. 11). Its points are the examples themselves; the listener's
 *       number of points does not apply.</li>
 * </ul>
 * Endpoints and examples are copied (in double precision, outside any workspace); the sampled points are cast to the
 * network's data type when first used.
 */
public final class Probe {

    private final Curve curve;
    private final INDArray examples;
    private final long[] exampleShape;
    private final String description;
    private final DataType givenType;

    private Probe(Curve curve, INDArray examples, long[] exampleShape, String description, DataType givenType) {
        this.curve = curve;
        this.examples = examples;
        this.exampleShape = exampleShape;
        this.description = description;
        this.givenType = givenType;
    }

    /**
     * The quarter circle between two inputs. Each endpoint is one example shaped as the network takes a minibatch
     * of one ({@code [1, 784]}, {@code [1, 3, 32, 32]}; e.g. {@code features.getRow(i, true)}), or a plain vector
     * for a network with vector inputs.
     */
    public static Probe quarterCircle(INDArray x0, INDArray x1) {
        long[] shape0 = exampleShape(x0, "x0");
        long[] shape1 = exampleShape(x1, "x1");
        if (!Arrays.equals(shape0, shape1)) {
            throw new IllegalArgumentException("endpoints differ in shape: " + Arrays.toString(shape0) + " and "
                    + Arrays.toString(shape1));
        }
        return circle(x0, x1, shape0, null, x0.dataType());
    }

    /**
     * The quarter circle between two distinct examples of the iterator's next minibatch, chosen with this seed (with
     * {@link SplittableRandom}, not ND4J's generator, so training's random numbers are untouched). The minibatch is
     * read now and copied, and the iterator is then reset, so that training starts from its first minibatch.
     *
     * <p>Resetting moves an iterator that reshuffles on every reset (this project's {@code ImageDataSetIterator} with
     * {@code shuffle(seed)}, DL4J's shuffling iterators) on to its next order: to leave the training order exactly as
     * it would be without the listener, draw from another iterator over the same data (e.g. the test set's), or from
     * a minibatch in hand with {@link #quarterCircle(DataSet, long)}, which touches no iterator.
     *
     * @throws IllegalArgumentException if the iterator has no minibatch left, cannot be reset (reading from it would
     *                                  take its first minibatch away from training), or its minibatch has fewer than
     *                                  two examples
     */
    public static Probe quarterCircle(DataSetIterator iterator, long seed) {
        Minibatch first = firstMinibatch(iterator);
        return circle(first.features(), first.givenType(), seed, "the iterator's first minibatch");
    }

    /**
     * The quarter circle between two distinct examples of this minibatch, chosen with this seed as
     * {@link #quarterCircle(DataSetIterator, long)} chooses them (the same two for the same minibatch and seed).
     *
     * @throws IllegalArgumentException if the minibatch has fewer than two examples
     */
    public static Probe quarterCircle(DataSet minibatch, long seed) {
        Objects.requireNonNull(minibatch, "minibatch");
        INDArray features = minibatch.getFeatures();
        return circle(doubles(features), features.dataType(), seed, "a minibatch");
    }

    private static Probe circle(INDArray features, DataType givenType, long seed, String where) {
        long n = features.size(0);
        if (n < 2) {
            throw new IllegalArgumentException("the minibatch has " + n + " example(s); two are needed for a quarter "
                    + "circle");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int i = random.nextInt((int) n);
        int j = random.nextInt((int) n - 1);
        if (j >= i) {
            j++;
        }
        long[] shape = Arrays.copyOfRange(features.shape(), 1, features.rank());
        return circle(features.slice(i), features.slice(j), shape, String.format(Locale.ROOT,
                " between examples %d and %d of %s (seed %d)", i, j, where, seed), givenType);
    }

    /**
     * The path through these examples in order ({@code [P, ...]}, P at least 2, shaped like a minibatch of the
     * network's input).
     */
    public static Probe minibatchPath(INDArray examples) {
        Objects.requireNonNull(examples, "examples");
        return path(doubles(examples), examples.dataType());
    }

    private static Probe path(INDArray examples, DataType givenType) {
        if (examples.rank() < 2 || examples.size(0) < 2) {
            throw new IllegalArgumentException("a path needs at least 2 examples as a [P, ...] array, got shape "
                    + Arrays.toString(examples.shape()));
        }
        long[] shape = Arrays.copyOfRange(examples.shape(), 1, examples.rank());
        return new Probe(null, examples, shape, String.format(Locale.ROOT,
                "minibatch path (%d examples of shape %s)", examples.size(0), Arrays.toString(shape)), givenType);
    }

    /**
     * The path through the examples of the iterator's next minibatch, in order. The minibatch is read now and the
     * iterator reset afterwards (see {@link #quarterCircle(DataSetIterator, long)} about iterators that reshuffle, and
     * those that cannot be reset, which are refused).
     */
    public static Probe minibatchPath(DataSetIterator iterator) {
        Minibatch first = firstMinibatch(iterator);
        return path(first.features(), first.givenType());
    }

    /** Whether the listener's number of points applies (a quarter circle), or the points are fixed examples. */
    public boolean sampled() {
        return curve != null;
    }

    /** The shape of one example, e.g. {@code [784]} or {@code [3, 32, 32]}. */
    public long[] exampleShape() {
        return exampleShape.clone();
    }

    /** How many points {@link #points} gives when asked for {@code n}. */
    public int pointCount(int n) {
        return curve != null ? n : (int) examples.size(0);
    }

    /**
     * The probe's points as a new {@code [N, ...exampleShape]} array of this data type, outside any workspace: the
     * quarter circle sampled at {@code n} parameter values {@code t = i / (n - 1)}, or the path's examples.
     *
     * @param n at least 2 (ignored for a path)
     */
    public INDArray points(int n, DataType dataType) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (curve == null) {
                return examples.castTo(dataType).dup('c');
            }
            INDArray flat = Trajectory.sample(curve, n, dataType).points();
            long[] shape = new long[exampleShape.length + 1];
            shape[0] = n;
            System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
            return flat.reshape('c', shape);
        }
    }

    /**
     * The data type of the examples the probe was made from. A {@link TrajectoryListener} refuses probes of integer
     * examples: those are indices (e.g. of words), between which a trajectory has no meaning.
     */
    public DataType givenDataType() {
        return givenType;
    }

    /** A one-line description for logs. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    private static Probe circle(INDArray x0, INDArray x1, long[] shape, String origin, DataType givenType) {
        Curve curve = Trajectories.quarterCircle(x0.dataType().isFPType() ? x0 : doubles(x0),
                x1.dataType().isFPType() ? x1 : doubles(x1));
        return new Probe(curve, null, shape, curve.description() + (origin == null ? "" : origin), givenType);
    }

    /** A double-precision copy, outside any workspace. */
    private static INDArray doubles(INDArray x) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return x.castTo(DataType.DOUBLE).dup('c');
        }
    }

    private static long[] exampleShape(INDArray x, String name) {
        Objects.requireNonNull(x, name);
        if (x.rank() == 1) {
            return x.shape();
        }
        if (x.rank() >= 2 && x.size(0) == 1) {
            return Arrays.copyOfRange(x.shape(), 1, x.rank());
        }
        throw new IllegalArgumentException(name + " must be one example with a leading minibatch dimension of 1 (e.g. "
                + "[1, 784] or [1, 3, 32, 32]) or a vector, got shape " + Arrays.toString(x.shape()));
    }

    /** A minibatch's features in double precision, and the data type they came in. */
    private record Minibatch(INDArray features, DataType givenType) {
    }

    private static Minibatch firstMinibatch(DataSetIterator iterator) {
        Objects.requireNonNull(iterator, "iterator");
        if (!iterator.resetSupported()) {
            throw new IllegalArgumentException("the iterator " + iterator.getClass().getSimpleName() + " cannot be "
                    + "reset: drawing the probe from it would take its first minibatch away from training; pass a "
                    + "minibatch instead (Probe.quarterCircle(dataSet, seed), Probe.minibatchPath(features))");
        }
        if (!iterator.hasNext()) {
            throw new IllegalArgumentException("the iterator has no minibatch left to draw the probe from");
        }
        DataSet first = iterator.next();
        Minibatch minibatch = new Minibatch(doubles(first.getFeatures()), first.getFeatures().dataType());
        iterator.reset();
        return minibatch;
    }
}
