package org.expressivity4j.dl4j.listeners;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.expressivity4j.core.measure.Transitions;
import org.expressivity4j.dl4j.backend.SlowPathWarning;
import org.expressivity4j.core.trajectory.ArcLength;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DL4J training listener that records how the length of a fixed input trajectory grows through each layer of the
 * network as it trains (Raghu et al., "On the Expressive Power of Deep Neural Networks", ICML 2017, Section 3: Figs.
 * 4, 8, 9, 10 and 18). Add it to any {@code MultiLayerNetwork} or single-input {@code ComputationGraph}:
 * <pre>
 * TrajectoryListener listener = new TrajectoryListener.Builder()
 *         .probe(Probe.quarterCircle(testIterator, 42)).csv(Path.of("trajectory.csv")).log().build();
 * net.addListeners(listener);
 * </pre>
 *
 * <p><b>What is measured.</b> Every {@linkplain Builder#everyIterations(int) N iterations} and at the
 * {@linkplain Builder#atEpochEnd(boolean) end of each epoch} (and once before the first update, when training starts
 * with {@code fit(iterator, epochs)}), the {@link Probe}'s points are propagated through the network in inference
 * mode, and for the input and each layer's output (each vertex of a graph) the listener records, as
 * {@link TrajectoryRecord}s: the trajectory length {@code L(z^(d))}, where <em>length is the sum of the chord lengths
 * between consecutive points</em> and each point's activations are flattened into one vector (convolution outputs
 * included; {@link ArcLength}); its ratio to the input's length; the growth from the layer's input; the number of
 * neuron transitions for layers with relu or hard tanh activations ({@link Transitions#fromOutputs}); and the scaled
 * weight variance {@code sigma_w^2 = fan_in * Var(W)} of layers with weights (see {@link TrajectoryMetric}).
 *
 * <p><b>Iterations.</b> A record's iteration is the number of parameter updates the network had made when it was
 * probed: DL4J's iteration count, 0 for the untrained network. The listener probes in {@code iterationDone}, after
 * the update (and before DL4J applies constraints), so the probe at iteration k sees the parameters after k updates.
 * A model restored with {@code ModelSerializer} keeps its count, so a new listener on the same files continues the
 * numbering. With {@code fit(DataSet)} loops, which have no epoch callbacks, call {@link #measure(Model)} once
 * before training to record iteration 0.
 *
 * <p><b>Training is not changed.</b> The probe runs on a private copy of the network built on the same parameter
 * buffer (no copy of the weights), in inference mode: dropout is off, batch normalization uses its running
 * statistics and does not update them, no random numbers are drawn, and the user's network keeps its input, masks,
 * layer state and workspaces. With the listener attached, the parameters after K iterations are bit-identical to a
 * run without it (tested with dropout and batch norm, dense and convolutional, MultiLayerNetwork and
 * ComputationGraph). Nor is training stopped: NaN or infinite values are recorded as such with one warning per layer,
 * and a probe or sink that fails is logged in one line (the first time at ERROR, the stack trace at DEBUG) and
 * skipped.
 *
 * <p><b>Networks it cannot probe</b> (several inputs, an embedding layer on the input, integer probe examples, a probe
 * that does not fit the input) are refused at the first probe with one WARN line naming the layer or vertex and the
 * reason; the listener then stays off for that network, writes nothing and creates no file. {@link #check(Model)}
 * makes the same check before training and throws. Recurrent networks are measured with each probe point one whole
 * sequence, flattened.
 *
 * <p><b>Cost.</b> One probe is one inference pass over the probe's points (in chunks of at most
 * {@linkplain Builder#chunkBytes(long) 64 MiB of activations}, sized by a two-point pass before a network's first
 * probe, so that every probe of it splits the points alike and the same network gives the same records, bit for bit,
 * whatever the listener probed before) plus the measures. Defaults, from measurements on a
 * 2-core machine (see the project README, {@code expressivity4j bench listener}): {@value #DEFAULT_POINTS} points,
 * whose lengths are within 1% of those at twice the resolution on the paper's MNIST MLP (at initialization and after
 * training) and CIFAR-10 conv net; a probe every {@value #DEFAULT_EVERY_ITERATIONS} iterations, which costs the MNIST
 * MLP (784, 8 x 100 hard tanh, 10; batch 128) under 2% of its training time.
 *
 * <p>The probe points are allocated once, outside workspaces. Not thread-safe: DL4J calls listeners from the training
 * thread. {@link #close()} closes the sinks (file sinks flush after every probe, so closing is not needed to keep the
 * data).
 */
public final class TrajectoryListener extends BaseTrainingListener implements AutoCloseable {

    /**
     * Default number of probe points: the smallest {@code 2^k + 1} whose per-layer lengths differ by less than 1% from
     * those at {@code 2^(k+1) + 1} points (the same points and one between each pair) on the paper's MNIST MLP and
     * CIFAR-10 conv net ({@code expressivity4j bench listener}).
     */
    public static final int DEFAULT_POINTS = 257;
    /** Default probe interval in iterations: at most 2% of the MNIST MLP's training time at the default points. */
    public static final int DEFAULT_EVERY_ITERATIONS = 100;
    /** Default memory for one chunk of probe activations (all layers together). */
    public static final long DEFAULT_CHUNK_BYTES = 64L << 20;

    private static final Logger log = LoggerFactory.getLogger(TrajectoryListener.class);
    /** Points of the pass that measures a network's activations per point, before its first probe. */
    private static final int SIZING_POINTS = 2;

    private final Probe probe;
    private final int everyIterations;
    private final boolean atEpochEnd;
    private final boolean atStart;
    private final int points;
    private final long chunkBytes;
    private final List<RecordSink> sinks;

    private ProbedNetwork network;
    private INDArray probePoints;
    private long bytesPerPoint;
    private WeakReference<Model> lastModel = new WeakReference<>(null);
    private long lastIteration = -1;
    /** The models checked so far (weakly, by identity) and why each is refused ("" if it is not). */
    private final List<Checked> checked = new ArrayList<>();
    private final Set<String> warnedNonFinite = new HashSet<>();
    private final Set<RecordSink> failedSinks = Collections.newSetFromMap(new IdentityHashMap<>());
    private long failedProbes;

    private TrajectoryListener(Builder b) {
        this.probe = Objects.requireNonNull(b.probe, "a probe is required: builder().probe(...)");
        this.everyIterations = b.everyIterations;
        this.atEpochEnd = b.atEpochEnd;
        this.atStart = b.atStart;
        this.points = b.points;
        this.chunkBytes = b.chunkBytes;
        this.sinks = List.copyOf(b.sinks);
    }

    /** The probe. */
    public Probe probe() {
        return probe;
    }

    /** The number of probe points asked for (a path probe has its own). */
    public int points() {
        return points;
    }

    /** The probe interval in iterations (0: only at epoch ends and on demand). */
    public int everyIterations() {
        return everyIterations;
    }

    /** The sinks, in the order they receive each probe's records. */
    public List<RecordSink> sinks() {
        return sinks;
    }

    /** How many probes failed (and were logged and skipped) during training. */
    public long failedProbes() {
        return failedProbes;
    }

    // ----------------------------------------------------------------------------------------------------- callbacks

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        long done = iteration + 1L;
        if (everyIterations > 0 && done % everyIterations == 0) {
            probeSafely(model, done, epoch);
        }
    }

    @Override
    public void onEpochStart(Model model) {
        if (atStart && iterationCount(model) == 0) {
            probeSafely(model, 0, epochCount(model));
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        if (atEpochEnd) {
            probeSafely(model, iterationCount(model), epochCount(model));
        }
    }

    /**
     * Probes the model now, at its current iteration and epoch counts, sends the records to the sinks and returns
     * them: e.g. once before training. Unlike the training callbacks, a failure is thrown to the caller.
     *
     * @throws IllegalArgumentException if the listener cannot probe the model (see {@link #check(Model)})
     */
    public List<TrajectoryRecord> measure(Model model) {
        String why = refusal(model);
        if (why != null) {
            throw new IllegalArgumentException("the trajectory listener cannot probe this network: " + why);
        }
        return probeAndSend(model, iterationCount(model), epochCount(model));
    }

    /**
     * Checks, before training, that this listener can probe the model; the training callbacks make the same check at
     * their first probe of a model, and if it fails log it as one WARN line and stay off for that model (no records,
     * no files). It refuses:
     * <ul>
     *   <li>models other than a {@code MultiLayerNetwork} or {@code ComputationGraph}, and uninitialized ones;</li>
     *   <li>graphs with several inputs: a trajectory runs through one input space;</li>
     *   <li>networks whose input goes straight into an {@code EmbeddingLayer} or {@code EmbeddingSequenceLayer}, and
     *       probes made of integer examples ({@link Probe#givenDataType()}): indices, between which interpolated
     *       points have no meaning (DL4J truncates them to other indices);</li>
     *   <li>a probe whose points do not fit the network's input (tried with two points, in inference mode on the
     *       listener's private copy: training is not touched).</li>
     * </ul>
     * Recurrent networks are measured: each probe point is one whole sequence, and every activation's values at all
     * time steps are flattened into one vector (no mask: give the probe full-length sequences).
     *
     * @throws IllegalArgumentException with one line that names the layer or vertex and the reason
     */
    public void check(Model model) {
        String why = refusal(model);
        if (why != null) {
            throw new IllegalArgumentException("the trajectory listener cannot probe this network: " + why);
        }
    }

    /**
     * Why this listener cannot probe the model, or null; remembered per model (a network's layers do not change once
     * it is initialized), except that it is not initialized yet.
     */
    private String refusal(Model model) {
        String known = checkedReason(model);
        if (known != null) {
            return known.isEmpty() ? null : known;
        }
        String notReady = ProbedNetwork.notInitialized(model);
        if (notReady != null) {
            return notReady;
        }
        String why = ProbedNetwork.unsupported(model);
        if (why == null && !probe.givenDataType().isFPType()) {
            why = "the probe was made from " + probe.givenDataType() + " examples, which are indices (e.g. of words), "
                    + "not points of a space: a trajectory between them has no meaning (cast them to a floating-point "
                    + "type if they are measurements)";
        }
        if (why == null) {
            why = tryProbe(model);
        }
        checked.removeIf(c -> c.model().get() == null);
        if (model != null) {
            checked.add(new Checked(new WeakReference<>(model), why == null ? "" : why));
        }
        return why;
    }

    private record Checked(WeakReference<Model> model, String reason) {
    }

    /** Why a model checked before is refused ("" if it is not), or null if it was not checked. */
    private String checkedReason(Model model) {
        for (Checked c : checked) {
            if (model != null && c.model().get() == model) {
                return c.reason();
            }
        }
        return null;
    }

    /** Propagates two probe points through the probing copy: null if that works, else why not. */
    private String tryProbe(Model model) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            ProbedNetwork copy = probingCopy(model);
            INDArray two = probe.points(2, copy.dataType());
            if (two.size(0) > 2) {
                two = two.get(rows(two.rank(), 0, 2)).dup('c');
            }
            copy.forward(two);
            return null;
        } catch (RuntimeException e) {
            return "the probe's points (examples of shape " + Arrays.toString(probe.exampleShape())
                    + ") do not fit the network's input: " + oneLine(e);
        }
    }

    private ProbedNetwork probingCopy(Model model) {
        if (network == null || !network.isCopyOf(model)) {
            network = ProbedNetwork.of(model);
            bytesPerPoint = 0;
        }
        return network;
    }

    /** Closes the sinks. */
    @Override
    public void close() {
        for (RecordSink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                log.warn("trajectory sink {} failed to close: {}", sink, e.toString());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- internals

    private void probeSafely(Model model, long iteration, int epoch) {
        if (lastModel.get() == model && lastIteration == iteration) {
            return;
        }
        boolean firstLook = checkedReason(model) == null;
        String why = refusal(model);
        if (why != null) {
            if (firstLook) {
                log.warn("trajectory listener off for this network: {}", why);
            }
            return;
        }
        try {
            probeAndSend(model, iteration, epoch);
        } catch (RuntimeException e) {
            failedProbes++;
            lastModel = new WeakReference<>(model);
            lastIteration = iteration;
            if (failedProbes == 1) {
                log.error("trajectory probe failed at iteration {}: {}; training goes on, failures are logged at DEBUG "
                        + "(with the stack trace)", iteration, oneLine(e));
                log.debug("trajectory probe failed", e);
            } else {
                log.debug("trajectory probe failed at iteration {} ({} failures)", iteration, failedProbes, e);
            }
        }
    }

    private List<TrajectoryRecord> probeAndSend(Model model, long iteration, int epoch) {
        SlowPathWarning.checkOnce();
        long start = System.nanoTime();
        List<TrajectoryRecord> records;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            records = probe(model, iteration, epoch);
        }
        lastModel = new WeakReference<>(model);
        lastIteration = iteration;
        if (log.isDebugEnabled()) {
            log.debug(String.format(Locale.ROOT, "trajectory probe at iteration %d: %d points, %.1f ms", iteration,
                    probePoints.size(0), (System.nanoTime() - start) / 1e6));
        }
        List<TrajectoryRecord> view = Collections.unmodifiableList(records);
        for (RecordSink sink : sinks) {
            try {
                sink.accept(view);
            } catch (RuntimeException e) {
                if (failedSinks.add(sink)) {
                    log.error("trajectory sink {} failed at iteration {}: {}; training goes on, this sink's failures "
                            + "are logged at DEBUG (with the stack trace)", sink, iteration, oneLine(e));
                    log.debug("trajectory sink {} failed", sink, e);
                } else {
                    log.debug("trajectory sink {} failed at iteration {}", sink, iteration, e);
                }
            }
        }
        return view;
    }

    private List<TrajectoryRecord> probe(Model model, long iteration, int epoch) {
        probingCopy(model);
        DataType dataType = network.dataType();
        if (probePoints == null || probePoints.dataType() != dataType) {
            probePoints = probe.points(points, dataType);
        }
        if (bytesPerPoint == 0) {
            // Measured apart, so that every probe of this network splits its points into the same chunks: lengths
            // summed over other chunks, and activations computed in other batch sizes, differ in their last bits.
            INDArray two = probePoints.get(rows(probePoints.rank(), 0, SIZING_POINTS)).dup('c');
            long bytes = 0;
            for (INDArray a : network.forward(two)) {
                bytes += a.length() * a.dataType().width();
            }
            bytesPerPoint = Math.max(1, bytes / SIZING_POINTS);
        }
        List<ProbedNetwork.Node> nodes = network.nodes();
        int count = nodes.size();
        double[] length = new double[count];
        long[] transitions = new long[count];
        int n = (int) probePoints.size(0);
        int first = 0;
        while (first < n - 1) {
            int end = Math.min(n, first + chunkPoints(n - first));
            // A copy, not a view: ND4J M2.1 returns an empty array for an interval of a row view offset by all but
            // one of its rows (e.g. rows [15, 31) of the points), which the arc length takes of the input.
            INDArray chunk = first == 0 && end == n ? probePoints : probePoints.get(rows(probePoints.rank(), first,
                    end)).dup('c');
            List<INDArray> activations = network.forward(chunk);
            for (int k = 0; k < count; k++) {
                INDArray a = activations.get(k);
                length[k] += ArcLength.of(a);
                ProbedNetwork.Node node = nodes.get(k);
                if (node.activation() != null) {
                    long rows = a.size(0);
                    transitions[k] += Transitions.fromOutputs(a.reshape('c', rows, a.length() / rows),
                            node.activation());
                }
            }
            first = end - 1;
        }

        int inputNode = network.inputNode();
        List<TrajectoryRecord> records = new ArrayList<>(count * TrajectoryMetric.values().length);
        for (ProbedNetwork.Node node : nodes) {
            int k = node.index();
            double len = length[k];
            if (!Double.isFinite(len) && warnedNonFinite.add(node.name())) {
                log.warn("trajectory length of {} '{}' is {} at iteration {}: recorded as such (warned once per layer)",
                        node.type(), node.name(), AppendedFile.number(len), iteration);
            }
            records.add(record(iteration, epoch, node, TrajectoryMetric.LENGTH, len));
            records.add(record(iteration, epoch, node, TrajectoryMetric.LENGTH_RATIO, len / length[inputNode]));
            if (node.inputIndex() >= 0) {
                records.add(record(iteration, epoch, node, TrajectoryMetric.GROWTH, len / length[node.inputIndex()]));
            }
            if (node.activation() != null) {
                records.add(record(iteration, epoch, node, TrajectoryMetric.TRANSITIONS,
                        Double.isFinite(len) ? transitions[k] : Double.NaN));
            }
            OptionalDouble sigmaW2 = scaledWeightVariance(node.implementation());
            if (sigmaW2.isPresent()) {
                records.add(record(iteration, epoch, node, TrajectoryMetric.SIGMA_W2, sigmaW2.getAsDouble()));
            }
        }
        return records;
    }

    private int chunkPoints(int remaining) {
        long size = Math.max(2, chunkBytes / bytesPerPoint);
        return (int) Math.min(remaining, Math.max(2, size));
    }

    private static INDArrayIndex[] rows(int rank, int from, int to) {
        INDArrayIndex[] index = new INDArrayIndex[rank];
        index[0] = NDArrayIndex.interval(from, to);
        for (int d = 1; d < rank; d++) {
            index[d] = NDArrayIndex.all();
        }
        return index;
    }

    private static TrajectoryRecord record(long iteration, int epoch, ProbedNetwork.Node node, TrajectoryMetric metric,
                                           double value) {
        return new TrajectoryRecord(iteration, epoch, node.layer(), node.name(), node.type(), metric, value);
    }

    /**
     * {@code fan_in * Var(W)} (population variance) of the layer's weights {@code W}, with fan_in = n_in for a weight
     * matrix {@code [n_in, n_out]} (dense and output layers) and n_in times the kernel's sizes for a convolution
     * (DL4J's own fan-in for weight initialization); empty for a layer without weights or with weights of another
     * form.
     */
    static OptionalDouble scaledWeightVariance(Layer layer) {
        INDArray w = layer == null ? null : layer.paramTable(false).get("W");
        if (w == null || w.length() == 0) {
            return OptionalDouble.empty();
        }
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        double fanIn;
        if (conf instanceof ConvolutionLayer c) {
            fanIn = c.getNIn();
            for (int k : c.getKernelSize()) {
                fanIn *= k;
            }
        } else if (w.rank() == 2) {
            fanIn = w.size(0);
        } else {
            return OptionalDouble.empty();
        }
        // castTo returns the array itself when it is double already: subtract out of place, never into the weights.
        INDArray d = w.castTo(DataType.DOUBLE);
        double mean = d.meanNumber().doubleValue();
        double norm = d.sub(mean).norm2Number().doubleValue();
        return OptionalDouble.of(fanIn * norm * norm / w.length());
    }

    private static long iterationCount(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return net.getIterationCount();
        }
        if (model instanceof ComputationGraph graph) {
            return graph.getIterationCount();
        }
        throw new IllegalArgumentException("trajectory probes need a MultiLayerNetwork or ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    private static int epochCount(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return net.getEpochCount();
        }
        if (model instanceof ComputationGraph graph) {
            return graph.getEpochCount();
        }
        throw new IllegalArgumentException("trajectory probes need a MultiLayerNetwork or ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    /** An exception's message on one line (its first line; the class name if it has none). */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getName();
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TrajectoryListener(%s, %d points, every %d iterations%s, %d sinks)",
                probe.description(), probe.pointCount(points), everyIterations, atEpochEnd ? " and at epoch ends" : "",
                sinks.size());
    }

    /** Configures a {@link TrajectoryListener}. */
    public static final class Builder {
        private Probe probe;
        private int everyIterations = DEFAULT_EVERY_ITERATIONS;
        private boolean atEpochEnd = true;
        private boolean atStart = true;
        private int points = DEFAULT_POINTS;
        private long chunkBytes = DEFAULT_CHUNK_BYTES;
        private final List<RecordSink> sinks = new ArrayList<>();

        /**
         * A builder with the defaults: every {@value TrajectoryListener#DEFAULT_EVERY_ITERATIONS} iterations, at
         * epoch ends and at the start, {@value TrajectoryListener#DEFAULT_POINTS} points, no sinks.
         */
        public Builder() {
        }

        /** The trajectory to propagate (required). */
        public Builder probe(Probe probe) {
            this.probe = Objects.requireNonNull(probe, "probe");
            return this;
        }

        /**
         * Probe after every {@code n}-th update (iterations n, 2n, ...); 0 to probe only at epoch ends and on demand.
         * Default {@value TrajectoryListener#DEFAULT_EVERY_ITERATIONS}.
         */
        public Builder everyIterations(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("everyIterations must be >= 0, got " + n);
            }
            this.everyIterations = n;
            return this;
        }

        /** Probe at the end of every epoch of {@code fit(iterator, epochs)} (default true). */
        public Builder atEpochEnd(boolean atEpochEnd) {
            this.atEpochEnd = atEpochEnd;
            return this;
        }

        /**
         * Probe the untrained network (iteration 0) when the first epoch starts (default true; only
         * {@code fit(iterator...)} has epoch callbacks).
         */
        public Builder atStart(boolean atStart) {
            this.atStart = atStart;
            return this;
        }

        /**
         * Points on a quarter-circle probe, at least 2 (default {@value TrajectoryListener#DEFAULT_POINTS}); a path
         * probe's points are its examples.
         */
        public Builder points(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("a trajectory needs at least 2 points, got " + n);
            }
            this.points = n;
            return this;
        }

        /**
         * Memory for the activations of one chunk of probe points, all layers together (default 64 MiB): larger probes
         * are propagated in overlapping chunks, which gives the same lengths and transitions.
         */
        public Builder chunkBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("chunkBytes must be positive, got " + bytes);
            }
            this.chunkBytes = bytes;
            return this;
        }

        /** Adds a sink. */
        public Builder sink(RecordSink sink) {
            sinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        /**
         * Adds a {@link CsvSink} on this file, created at the first probe. A file that already holds records is
         * continued by a restored network and left alone for a new numbered file ({@code name-2.csv}) by a new run
         * ({@link ExistingRecords#CONTINUE_OR_NEW_FILE}).
         */
        public Builder csv(Path file) {
            return sink(new CsvSink(file));
        }

        /** Adds a {@link CsvSink} on this file that does what {@code ifRecordsExist} says with existing records. */
        public Builder csv(Path file, ExistingRecords ifRecordsExist) {
            return sink(new CsvSink(file, ifRecordsExist));
        }

        /** Adds a {@link JsonLinesSink} on this file, created at the first probe (existing records as for CSV). */
        public Builder jsonLines(Path file) {
            return sink(new JsonLinesSink(file));
        }

        /** Adds a {@link JsonLinesSink} that does what {@code ifRecordsExist} says with existing records. */
        public Builder jsonLines(Path file, ExistingRecords ifRecordsExist) {
            return sink(new JsonLinesSink(file, ifRecordsExist));
        }

        /**
         * Adds a {@link TensorBoardSink} writing an event file into this folder at the first probe: {@code tensorboard
         * --logdir DIR} shows each layer's curves as training goes.
         */
        public Builder tensorBoard(Path logDirectory) {
            return sink(TensorBoardSink.inDirectory(logDirectory));
        }

        /** Adds a {@link LogSink}: one INFO line per probe. */
        public Builder log() {
            return sink(new LogSink());
        }

        /** Adds a {@link MemoryHistory}. */
        public Builder history(MemoryHistory history) {
            return sink(history);
        }

        public TrajectoryListener build() {
            return new TrajectoryListener(this);
        }
    }
}
