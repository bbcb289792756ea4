package org.expressivity4j.trainers.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.expressivity4j.trainers.report.ResumableMetrics;
import org.expressivity4j.trainers.run.Progress;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains networks epoch by epoch, measuring each after every epoch, with a checkpoint per epoch so that a killed run
 * resumes where it stopped and computes exactly what an uninterrupted run would have (the training half of Figs. 6,
 * 7 and 17 of Raghu et al. 2017).
 *
 * <p>Each network being trained is a <i>unit</i> with a file-safe name (a layer name for train-one-layer). Its
 * lifecycle in the run folder:
 * <ol>
 *   <li>epoch 0: the untrained network is measured; {@code checkpoints/<unit>.zip} is written;</li>
 *   <li>epoch {@code e} = 1..E: one pass over the training batches (pass {@code e - 1} of the seeded iterator, so
 *       the order depends only on the seed and the epoch), measurement, checkpoint;</li>
 *   <li>after the last epoch the checkpoint is renamed to {@code models/<unit>.zip}: the trained model.</li>
 * </ol>
 * Checkpoints and models are {@link ModelSerializer} files with the updater state (Adam's moments, the iteration
 * count), written to a temporary file and renamed into place, so a kill leaves the previous checkpoint intact. Each
 * also carries, as the object {@value #STATE_KEY}, a JSON record of its epoch and that epoch's measurements
 * ({@link State}). After writing checkpoint {@code e} the epoch's metrics are handed to the caller's recorder, which
 * appends only rows not yet in metrics.csv. On resume a unit with a model is done; a unit with a checkpoint first
 * re-records the checkpoint's epoch (filling in rows a kill cut off), then continues with the next epoch; a unit with
 * neither starts afresh. A kill thus loses at most the epoch in progress, and no row is written twice.
 *
 * <p>Bit-identical continuation needs deterministic training (DL4J on one native thread is; see the tests) and the
 * same settings: callers check that a resumed run was started with the same ones.
 */
public final class CheckpointedTraining {

    /** The name under which the JSON {@link State} is stored in checkpoint and model files. */
    public static final String STATE_KEY = "expressivity4j-state.json";

    private static final Logger log = LoggerFactory.getLogger(CheckpointedTraining.class);

    /**
     * What is measured after one epoch.
     *
     * @param epoch         0 for the untrained network, then 1..E
     * @param trainLoss     mean minibatch loss during the epoch's training (as DL4J scores it); NaN for epoch 0
     * @param trainAccuracy accuracy on the fixed train-accuracy subset after the epoch
     * @param testAccuracy  accuracy on the test examples after the epoch
     * @param testLoss      mean cross-entropy on the test examples after the epoch
     * @param seconds       wall time of the epoch's training and measurement
     */
    public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testAccuracy,
                               double testLoss, double seconds) {

        /**
         * Appends this epoch's rows (step = epoch): {@code train_loss} (not for epoch 0), {@code train_accuracy},
         * {@code test_accuracy}, {@code test_loss}, {@code epoch_seconds}; rows already there are skipped.
         */
        public void appendTo(ResumableMetrics metrics, List<String> run, String layer) {
            if (!Double.isNaN(trainLoss)) {
                metrics.append(run, epoch, layer, "train_loss", trainLoss);
            }
            metrics.append(run, epoch, layer, "train_accuracy", trainAccuracy);
            metrics.append(run, epoch, layer, "test_accuracy", testAccuracy);
            metrics.append(run, epoch, layer, "test_loss", testLoss);
            metrics.append(run, epoch, layer, "epoch_seconds", seconds);
        }
    }

    /**
     * What a checkpoint or model file records besides the network.
     *
     * @param unit    the unit's name
     * @param epoch   epochs trained
     * @param metrics the measurements after that epoch
     * @param info    the caller's description of the inputs (dataset, layout, standardization, ...)
     */
    public record State(String unit, int epoch, EpochMetrics metrics, Map<String, Object> info) {
    }

    /** Told as a run goes; tests throw from it to simulate a kill at any of these points. */
    public interface Observer {

        /** Does nothing. */
        Observer NONE = new Observer() {
        };

        /** Checkpoint {@code epoch} of {@code unit} is on disk; its rows are not written yet. */
        default void checkpointWritten(String unit, int epoch) {
        }

        /** The rows of {@code epoch} of {@code unit} are written. */
        default void epochRecorded(String unit, int epoch) {
        }

        /** A noise measurement (noise-robustness) was made and its rows written. */
        default void noiseMeasured(String layer, int seed, double magnitude) {
        }
    }

    private final Path folder;
    private final int epochs;
    private final ImageDataSetIterator train;
    private final ImageDataSetIterator trainEval;
    private final ImageDataSetIterator test;
    private final Map<String, Object> info;
    private final Observer observer;

    /**
     * @param folder    the run folder ({@code checkpoints/} and {@code models/} go in it)
     * @param epochs    epochs to train each unit, at least 1
     * @param train     the shuffled training batches (its pass {@code e - 1} is epoch {@code e})
     * @param trainEval batches of the fixed train-accuracy subset
     * @param test      batches of the test examples
     * @param info      description of the inputs, stored in every checkpoint and model
     * @param observer  told of each checkpoint and each recorded epoch
     */
    public CheckpointedTraining(Path folder, int epochs, ImageDataSetIterator train, ImageDataSetIterator trainEval,
                                ImageDataSetIterator test, Map<String, Object> info, Observer observer) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        this.folder = Objects.requireNonNull(folder, "folder");
        this.epochs = epochs;
        this.train = Objects.requireNonNull(train, "train");
        this.trainEval = Objects.requireNonNull(trainEval, "trainEval");
        this.test = Objects.requireNonNull(test, "test");
        this.info = Map.copyOf(info);
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** Where the checkpoint of {@code unit} goes. */
    public Path checkpoint(String unit) {
        return folder.resolve("checkpoints").resolve(unit + ".zip");
    }

    /** Where the trained model of {@code unit} goes. */
    public Path model(String unit) {
        return folder.resolve("models").resolve(unit + ".zip");
    }

    /**
     * Trains {@code unit} to the last epoch, or continues it from its checkpoint, or (if its model exists) only
     * loads it.
     *
     * @param initial  builds the untrained network (called only when the unit starts afresh)
     * @param recorder records an epoch's metrics; it must append only rows not already present (it is called again
     *                 for the checkpoint's epoch on resume)
     * @return the trained network
     */
    public MultiLayerNetwork run(String unit, Supplier<MultiLayerNetwork> initial, Consumer<EpochMetrics> recorder) {
        Path model = model(unit);
        Path checkpoint = checkpoint(unit);
        if (Files.exists(model)) {
            State state = readState(model).orElseThrow(() -> new IllegalStateException(model + " has no "
                    + STATE_KEY + ": it was not written by this program"));
            recorder.accept(state.metrics());
            log.info("{}: trained model found ({} epochs), not training again", unit, state.epoch());
            return restore(model);
        }
        ModelFiles.deleteStaleTemporaries(checkpoint);
        MultiLayerNetwork net;
        int done;
        if (Files.exists(checkpoint)) {
            net = restore(checkpoint);
            State state = readState(checkpoint).orElseThrow(() -> new IllegalStateException(checkpoint
                    + " has no " + STATE_KEY));
            done = state.epoch();
            if (done > epochs) {
                throw new IllegalStateException(checkpoint + " is at epoch " + done + ", beyond the " + epochs
                        + " epochs asked for");
            }
            log.info("{}: resuming from the checkpoint after epoch {}", unit, done);
            recorder.accept(state.metrics());
            observer.epochRecorded(unit, done);
        } else {
            net = initial.get();
            long start = System.nanoTime();
            EpochMetrics m0 = measure(net, 0, Double.NaN, start);
            write(net, new State(unit, 0, m0, info), checkpoint);
            observer.checkpointWritten(unit, 0);
            recorder.accept(m0);
            observer.epochRecorded(unit, 0);
            done = 0;
        }
        long perEpoch = train.batchesPerPass();
        try (Progress progress = Progress.start(unit, perEpoch * epochs, "batches")) {
            progress.alreadyDone(perEpoch * done);
            for (int epoch = done + 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                train.setPass(epoch - 1);
                double lossSum = 0;
                int batches = 0;
                while (train.hasNext()) {
                    DataSet batch = train.next();
                    net.fit(batch);
                    lossSum += net.score();
                    batches++;
                    progress.advance(1);
                }
                net.incrementEpochCount();
                EpochMetrics m = measure(net, epoch, batches > 0 ? lossSum / batches : Double.NaN, start);
                log.info("{} epoch {}/{}: train loss {}, train accuracy {}, test accuracy {} ({} s)", unit, epoch,
                        epochs, fmt(m.trainLoss()), fmt(m.trainAccuracy()), fmt(m.testAccuracy()), fmt(m.seconds()));
                write(net, new State(unit, epoch, m, info), checkpoint);
                observer.checkpointWritten(unit, epoch);
                recorder.accept(m);
                observer.epochRecorded(unit, epoch);
            }
        }
        ModelFiles.move(checkpoint, model);
        return net;
    }

    private EpochMetrics measure(MultiLayerNetwork net, int epoch, double trainLoss, long startNanos) {
        Accuracy onTrain = Accuracy.of(net, trainEval);
        Accuracy onTest = Accuracy.of(net, test);
        return new EpochMetrics(epoch, trainLoss, onTrain.accuracy(), onTest.accuracy(), onTest.loss(),
                (System.nanoTime() - startNanos) / 1e9);
    }

    /** Restores a checkpoint or model with its updater state. */
    public static MultiLayerNetwork restore(Path file) {
        return ModelFiles.restore(file);
    }

    /** The state recorded in a checkpoint or model file, if it has one (models from elsewhere do not). */
    public static Optional<State> readState(Path file) {
        return ModelFiles.readObject(file, STATE_KEY, State.class);
    }

    /**
     * Writes a network (with its updater state) and its {@link State} to {@code target} atomically: to a
     * temporary file beside it, then renamed over it.
     */
    public static void write(MultiLayerNetwork net, State state, Path target) {
        ModelFiles.write(net, STATE_KEY, state, target);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
