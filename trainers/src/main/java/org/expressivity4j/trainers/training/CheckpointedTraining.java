package org.expressivity4j.trainers.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.expressivity4j.datasets.ImageDataSetIterator;
import org.expressivity4j.trainers.report.ResumableMetrics;
import org.expressivity4j.trainers.run.Progress;
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
 * ({@link State}). The loop is {@link TrainingLoop} with one epoch per unit: after each epoch the metrics are handed to
 * the caller's recorder, which appends only rows not yet in metrics.csv, and then the checkpoint is written. On
 * resume a unit with a model is done; a unit with a checkpoint first re-records the checkpoint's epoch (rows an older
 * run may have left out), then continues with the next epoch; a unit with neither starts afresh. A kill thus loses at
 * most the epoch in progress, and no row is written twice.
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
            if (epoch > 0) {
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

    /**
     * What a unit trains on and is measured with.
     *
     * @param train     the training batches (pass {@code e - 1} is epoch {@code e})
     * @param trainEval measures train accuracy
     * @param test      measures test accuracy and loss
     * @param form      how the trained network is stored in the checkpoint and model files
     */
    public record Inputs(TrainingBatches train, Function<MultiLayerNetwork, Accuracy> trainEval,
                         Function<MultiLayerNetwork, Accuracy> test, TrainingLoop.StoredForm form) {

        public Inputs {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(trainEval, "trainEval");
            Objects.requireNonNull(test, "test");
            Objects.requireNonNull(form, "form");
        }
    }

    private final Path folder;
    private final int epochs;
    private final ImageDataSetIterator train;
    private final Inputs images;
    private final Map<String, Object> info;
    private final TrainingLoop.Observer observer;

    /**
     * @param folder    the run folder ({@code checkpoints/} and {@code models/} go in it)
     * @param epochs    epochs to train each unit, at least 1
     * @param train     the shuffled training batches (its pass {@code e - 1} is epoch {@code e})
     * @param trainEval batches of the fixed train-accuracy subset
     * @param test      batches of the test examples
     * @param info      description of the inputs, stored in every checkpoint and model
     * @param observer  told of each recorded epoch and each checkpoint (units = epochs)
     */
    public CheckpointedTraining(Path folder, int epochs, ImageDataSetIterator train, ImageDataSetIterator trainEval,
                                ImageDataSetIterator test, Map<String, Object> info,
                                TrainingLoop.Observer observer) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        this.folder = Objects.requireNonNull(folder, "folder");
        this.epochs = epochs;
        this.train = Objects.requireNonNull(train, "train");
        Objects.requireNonNull(trainEval, "trainEval");
        Objects.requireNonNull(test, "test");
        this.images = new Inputs(TrainingBatches.of(train), net -> Accuracy.of(net, trainEval),
                net -> Accuracy.of(net, test), TrainingLoop.StoredForm.SAME);
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

    /** The iterators this object was made with, as {@link Inputs}: the whole network trained on the images. */
    public Inputs images() {
        return images;
    }

    /** The seeded training iterator: its batches are those of every unit, cached or not. */
    public ImageDataSetIterator trainIterator() {
        return train;
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
        return run(unit, initial, images, recorder);
    }

    /**
     * As {@link #run(String, Supplier, Consumer)}, on other {@code inputs}: e.g. the top of a network trained on
     * cached activations of its frozen layers below, with the same batches in the same order
     * ({@link CachedTrainingBatches}). {@code initial} builds the network {@code inputs} train; checkpoints and the
     * model hold its {@link TrainingLoop.StoredForm stored form}, which is also what this returns.
     */
    public MultiLayerNetwork run(String unit, Supplier<MultiLayerNetwork> initial, Inputs inputs,
                                 Consumer<EpochMetrics> recorder) {
        long perEpoch = inputs.train().batchesPerPass();
        if (perEpoch != train.batchesPerPass()) {
            throw new IllegalArgumentException(unit + ": " + perEpoch + " batches per epoch, the training iterator "
                    + "has " + train.batchesPerPass());
        }
        TrainingLoop<State> loop = new TrainingLoop<>(unit, checkpoint(unit), model(unit), STATE_KEY, State.class,
                s -> s.epoch() * perEpoch, inputs.train(), perEpoch, perEpoch * epochs, observer, inputs.form());
        TrainingLoop.Recorder<State> epochs = new TrainingLoop.Recorder<>() {
            @Override
            public State record(MultiLayerNetwork net, TrainingLoop.Unit u) {
                int epoch = (int) (u.step() / perEpoch);
                EpochMetrics m = measure(net, inputs, epoch, u.steps() > 0 ? u.meanLoss() : Double.NaN, u);
                if (epoch > 0) {
                    log.info("{} epoch {}/{}: train loss {}, train accuracy {}, test accuracy {} ({} s)", unit, epoch,
                            CheckpointedTraining.this.epochs, fmt(m.trainLoss()), fmt(m.trainAccuracy()),
                            fmt(m.testAccuracy()), fmt(m.seconds()));
                }
                recorder.accept(m);
                return new State(unit, epoch, m, info);
            }

            @Override
            public void resumed(State state) {
                if (state.epoch() > CheckpointedTraining.this.epochs) {
                    throw new IllegalStateException(unit + " is at epoch " + state.epoch() + ", beyond the "
                            + CheckpointedTraining.this.epochs + " epochs asked for");
                }
                recorder.accept(state.metrics());
            }
        };
        State found = loop.start(initial, epochs);
        if (found != null && Files.exists(model(unit))) {
            log.info("{}: trained model found ({} epochs), not training again", unit, found.epoch());
            return inputs.form().toStored(loop.network());
        }
        if (found != null) {
            log.info("{}: resuming from the checkpoint after epoch {}", unit, found.epoch());
        }
        try (Progress progress = Progress.start(unit, perEpoch * this.epochs, "batches")) {
            progress.alreadyDone(loop.step());
            while (!loop.trained()) {
                loop.advance(epochs, () -> progress.advance(1));
            }
        }
        return inputs.form().toStored(loop.finish());
    }

    private EpochMetrics measure(MultiLayerNetwork net, Inputs inputs, int epoch, double trainLoss,
                                 TrainingLoop.Unit unit) {
        Accuracy onTrain = inputs.trainEval().apply(net);
        Accuracy onTest = inputs.test().apply(net);
        return new EpochMetrics(epoch, trainLoss, onTrain.accuracy(), onTest.accuracy(), onTest.loss(),
                unit.seconds());
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
