package org.expressivity4j.trainers.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The checkpointed training loop of every training experiment: one network trained in <i>units</i> (whole epochs, or
 * segments of N steps), measured by the caller after each unit, with a checkpoint after each, so that a killed run
 * resumes where it stopped and computes exactly what an uninterrupted run would have.
 *
 * <p>Step {@code s} (0-based) takes batch {@code s mod P} of pass {@code s / P} of the seeded training iterator
 * ({@code P} its batches per pass), so the data order depends only on the seed. A unit ends at the next multiple of
 * {@code unitSteps} (or at the last step); the network's epoch count goes up after the step that ends a pass.
 *
 * <p>Life of a network in its files:
 * <ol>
 *   <li>a model file exists: the network is done; it is only loaded;</li>
 *   <li>a checkpoint exists: it is restored (with the updater state), the caller is told its state
 *       ({@link Recorder#resumed}), and training continues after its step;</li>
 *   <li>neither: the caller's untrained network is measured at step 0 and checkpointed.</li>
 * </ol>
 * After each unit the caller's {@link Recorder#record} measures the network and appends its rows (only rows not yet
 * written: a resumed unit is recorded again), then the checkpoint is written atomically ({@link ModelFiles}) with the
 * state the recorder returned. A kill thus loses at most the unit in progress, and no row is written twice.
 * {@link #finish} renames the last checkpoint to the model file.
 *
 * <p>Divergence: a step whose loss, or whose updated weights, are not finite ends the loop: the unit up to that
 * step is recorded (its non-finite values are data), no checkpoint is written over the last finite one, and
 * {@link TrainingDiverged} is thrown.
 *
 * <p>Bit-identical continuation needs deterministic training (DL4J on one native thread is) and the same settings:
 * callers check that a resumed run was started with the same ones.
 *
 * @param <S> the JSON state stored in each checkpoint (it must say the step)
 */
public final class TrainingLoop<S> {

    /** One unit's training, handed to the recorder. */
    public record Unit(long step, int steps, double meanLoss, double fitMillisPerStep, long startNanos) {

        /** Seconds since the unit started (training and, when called from the recorder, measuring). */
        public double seconds() {
            return (System.nanoTime() - startNanos) / 1e9;
        }
    }

    /** The caller's side of the loop. */
    public interface Recorder<S> {

        /**
         * Measures the network after {@code unit} (at step 0: the untrained network, {@code steps == 0}, NaN loss),
         * appends the rows not yet written, and returns the state to store in the checkpoint.
         */
        S record(MultiLayerNetwork net, Unit unit);

        /** Told the state of a checkpoint the loop resumes from (e.g. to append rows an older run did not write). */
        default void resumed(S state) {
        }
    }

    /** Told as a run goes; tests throw from it to simulate a kill at any of these points. */
    public interface Observer {

        /** Does nothing. */
        Observer NONE = new Observer() {
        };

        /** The rows of {@code name} after {@code units} units are written; its checkpoint is not yet. */
        default void recorded(String name, long units) {
        }

        /** The checkpoint of {@code name} after {@code units} units is on disk. */
        default void checkpointWritten(String name, long units) {
        }
    }

    private final String name;
    private final Path checkpoint;
    private final Path model;
    private final String stateKey;
    private final Class<S> stateType;
    private final ToLongFunction<S> stepOf;
    private final TrainingBatches train;
    private final long unitSteps;
    private final long totalSteps;
    private final Observer observer;
    private final StoredForm form;
    private MultiLayerNetwork net;
    private long step;
    private boolean finished;

    /**
     * How the network being trained is stored in its checkpoint and model files. The default stores it as it is; a
     * loop that trains only the top of a network (on cached activations of the frozen layers below) stores the whole
     * network, so that its files are those of a loop that trained the whole network.
     */
    public interface StoredForm {

        /** The trained network is the stored one. */
        StoredForm SAME = new StoredForm() {
            @Override
            public MultiLayerNetwork toStored(MultiLayerNetwork trained) {
                return trained;
            }

            @Override
            public MultiLayerNetwork fromStored(MultiLayerNetwork stored) {
                return stored;
            }
        };

        /** The network to write for {@code trained} (with its updater state and counters). */
        MultiLayerNetwork toStored(MultiLayerNetwork trained);

        /** The network to train for one read from a file (with its updater state and counters). */
        MultiLayerNetwork fromStored(MultiLayerNetwork stored);
    }

    /**
     * @param name       the network's name in logs and observer calls
     * @param checkpoint its checkpoint file
     * @param model      its model file (the checkpoint renamed when training is done)
     * @param stateKey   the name of the state object in those files
     * @param stateType  the state's class (stored as JSON)
     * @param stepOf     the step a state says
     * @param train      the seeded training batches
     * @param unitSteps  steps per unit ({@code train.batchesPerPass()} for epochs)
     * @param totalSteps steps in all
     * @param observer   told of each recording and checkpoint
     */
    public TrainingLoop(String name, Path checkpoint, Path model, String stateKey, Class<S> stateType,
                        ToLongFunction<S> stepOf, ImageDataSetIterator train, long unitSteps, long totalSteps,
                        Observer observer) {
        this(name, checkpoint, model, stateKey, stateType, stepOf, TrainingBatches.of(train), unitSteps, totalSteps,
                observer, StoredForm.SAME);
    }

    /**
     * As the other constructor, with any {@link TrainingBatches} and a {@link StoredForm} for the files.
     */
    public TrainingLoop(String name, Path checkpoint, Path model, String stateKey, Class<S> stateType,
                        ToLongFunction<S> stepOf, TrainingBatches train, long unitSteps, long totalSteps,
                        Observer observer, StoredForm form) {
        if (unitSteps < 1 || totalSteps < 1) {
            throw new IllegalArgumentException("unitSteps and totalSteps must be at least 1, got " + unitSteps
                    + " and " + totalSteps);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
        this.model = Objects.requireNonNull(model, "model");
        this.stateKey = Objects.requireNonNull(stateKey, "stateKey");
        this.stateType = Objects.requireNonNull(stateType, "stateType");
        this.stepOf = Objects.requireNonNull(stepOf, "stepOf");
        this.train = Objects.requireNonNull(train, "train");
        this.unitSteps = unitSteps;
        this.totalSteps = totalSteps;
        this.observer = Objects.requireNonNull(observer, "observer");
        this.form = Objects.requireNonNull(form, "form");
    }

    /** The state stored in a checkpoint or model file, read as {@code type}; fails if there is none. */
    public static <S> S readState(Path file, String key, Class<S> type) {
        return ModelFiles.readObject(file, key, type).orElseThrow(() -> new IllegalStateException(file + " has no "
                + key + ": it was not written by this program"));
    }

    /**
     * Loads the model, or restores the checkpoint, or measures and checkpoints the untrained network.
     *
     * @return the state of the model or checkpoint found, or null when starting afresh
     */
    public S start(Supplier<MultiLayerNetwork> initial, Recorder<S> recorder) {
        ModelFiles.deleteStaleTemporaries(checkpoint);
        S found = null;
        if (Files.exists(model)) {
            found = readState(model, stateKey, stateType);
            net = form.fromStored(ModelFiles.restore(model));
            step = stepOf.applyAsLong(found);
            finished = true;
            recorder.resumed(found);
        } else if (Files.exists(checkpoint)) {
            found = readState(checkpoint, stateKey, stateType);
            net = form.fromStored(ModelFiles.restore(checkpoint));
            step = stepOf.applyAsLong(found);
            recorder.resumed(found);
        } else {
            net = initial.get();
            step = 0;
            S state = recorder.record(net, new Unit(0, 0, Double.NaN, Double.NaN, System.nanoTime()));
            observer.recorded(name, 0);
            ModelFiles.write(form.toStored(net), stateKey, state, checkpoint);
            observer.checkpointWritten(name, 0);
        }
        if (step > totalSteps) {
            throw new IllegalStateException(name + " is at step " + step + ", beyond the " + totalSteps
                    + " steps asked for");
        }
        long perPass = train.batchesPerPass();
        train.setPass((int) (step / perPass));
        for (long i = step % perPass; i > 0; i--) {
            train.next();
        }
        return found;
    }

    /** Whether every step is trained. */
    public boolean trained() {
        return step >= totalSteps;
    }

    /** Steps trained. */
    public long step() {
        return step;
    }

    /** The network being trained (see {@link StoredForm} for the one in the files). */
    public MultiLayerNetwork network() {
        return net;
    }

    /**
     * Trains the next unit, then records and checkpoints it.
     *
     * @return the steps trained
     */
    public int advance(Recorder<S> recorder) {
        return advance(recorder, () -> { });
    }

    /**
     * Trains the next unit, telling {@code onStep} after each step, then records and checkpoints it.
     *
     * @return the steps trained
     */
    public int advance(Recorder<S> recorder, Runnable onStep) {
        if (trained()) {
            return 0;
        }
        long start = System.nanoTime();
        long perPass = train.batchesPerPass();
        long end = Math.min(totalSteps, (step / unitSteps + 1) * unitSteps);
        double lossSum = 0;
        long fitNanos = 0;
        int steps = 0;
        while (step < end) {
            int pass = (int) (step / perPass);
            if (train.pass() != pass) {
                train.setPass(pass);
            }
            DataSet batch = train.next();
            long t0 = System.nanoTime();
            net.fit(batch);
            fitNanos += System.nanoTime() - t0;
            double loss = net.score();
            lossSum += loss;
            steps++;
            step++;
            boolean finiteWeights = Double.isFinite(net.params().sumNumber().doubleValue());
            if (!Double.isFinite(loss) || !finiteWeights) {
                // The rows of the diverged unit are data; the checkpoint stays the last finite network.
                recorder.record(net, new Unit(step, steps, lossSum / steps, fitNanos / 1e6 / steps, start));
                observer.recorded(name, (step + unitSteps - 1) / unitSteps);
                throw new TrainingDiverged(name, step, net.getEpochCount(), loss, finiteWeights);
            }
            if (step % perPass == 0) {
                net.incrementEpochCount();
            }
            onStep.run();
        }
        S state = recorder.record(net, new Unit(step, steps, lossSum / steps, fitNanos / 1e6 / steps, start));
        long units = (step + unitSteps - 1) / unitSteps;
        observer.recorded(name, units);
        ModelFiles.write(form.toStored(net), stateKey, state, checkpoint);
        observer.checkpointWritten(name, units);
        return steps;
    }

    /** Renames the last checkpoint to the model file (once every step is trained) and returns the network. */
    public MultiLayerNetwork finish() {
        if (!trained()) {
            throw new IllegalStateException(name + " is at step " + step + " of " + totalSteps);
        }
        if (!finished) {
            ModelFiles.move(checkpoint, model);
            finished = true;
        }
        return net;
    }
}
