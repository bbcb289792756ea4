package org.expressivity4j.trainers.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.expressivity4j.dl4j.listeners.TrajectoryListener;
import org.expressivity4j.trainers.experiments.BnVsTrajRegExperiment;
import org.expressivity4j.trainers.experiments.BnVsTrajRegExperiment.Variant;
import org.expressivity4j.trainers.experiments.BnVsTrajRegReport;
import org.expressivity4j.trainers.experiments.RunContext;
import org.expressivity4j.trainers.experiments.TrainingData;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.report.ResumableMetrics;
import org.expressivity4j.trainers.report.RunSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bn-vs-trajreg}: the CIFAR-10 conv net trained with no normalization, batch norm and trajectory
 * regularization from the same initialization and data order (Raghu et al. 2017, Figs. 8-11).
 */
@Command(name = "bn-vs-trajreg",
        description = "Figs. 8-11: the CIFAR-10 conv net (c1 c2 p1 c3 c4 c5 p2 fc1 fc2) trained three ways from the "
                + "same initialization and data order: no normalization, batch norm after c2, c5, fc1, fc2 "
                + "(bn1..bn4), trajectory regularization in the same places (tr1..tr4). Test accuracy vs step, "
                + "per-layer trajectory length and sigma_w^2 over training (trajectory listener), time per step and "
                + "per inference. Resumable (--resume; each variant continues from its own checkpoint). Full profile: "
                + "width 1, all 50,000 training images, batch 128, 10 epochs, all 10,000 test images; --quick: width "
                + "0.25, 10,000 training images, batch 64, 4 epochs, 1,000 test images.",
        mixinStandardHelpOptions = true)
public final class BnVsTrajRegCommand extends ExperimentCommand {

    /** The full profile. */
    static final double FULL_WIDTH = 1.0;
    static final int FULL_EPOCHS = 10;
    static final int FULL_EVAL_EVERY = 200;
    static final int FULL_PROBE_EVERY = 400;
    /** The quick profile: a quarter-width net, 4 epochs of 10,000 training images in batches of 64, 1,000 test images. */
    static final double QUICK_WIDTH = 0.25;
    static final int QUICK_EPOCHS = 4;
    static final int QUICK_BATCH = 64;
    static final int QUICK_TRAIN = 10_000;
    static final int QUICK_TEST = 1_000;
    static final int QUICK_EVAL_EVERY = 40;
    static final int QUICK_PROBE_EVERY = 160;

    @Option(names = "--variants", paramLabel = "V", split = ",",
            description = "Variants to train (none, batchnorm, trajreg). Default: all three.")
    List<String> variants;

    @Option(names = "--width-multiplier", paramLabel = "W",
            description = "The conv net's width multiplier (1: the paper's 3.7 M parameters). Default: 1, or 0.25 "
                    + "with --quick.")
    Double width;

    @Option(names = "--weight-variance", paramLabel = "S2",
            description = "sigma_w^2: weights start N(0, sigma_w^2 / fan_in). Default: 2 (relu).")
    Double weightVariance;

    @Option(names = "--eval-every", paramLabel = "N",
            description = "Steps between test-accuracy measurements and checkpoints. Default: 200, or 40 with "
                    + "--quick.")
    Integer evalEvery;

    @Option(names = "--probe-every", paramLabel = "N",
            description = "Steps between trajectory probes (a multiple of --eval-every). Default: 400, or 160 with "
                    + "--quick.")
    Integer probeEvery;

    @Option(names = "--probe-points", paramLabel = "N",
            description = "Points on the probe's quarter circle between two test images. Default: the listener's, "
                    + TrajectoryListener.DEFAULT_POINTS + ".")
    Integer probePoints;

    @Option(names = "--trajreg-coefficient", paramLabel = "C",
            description = "Penalty scale c of the trajectory-regularization layers (c L(y) / L_orig added to the "
                    + "loss). Default: the layer's, ${DEFAULT-VALUE}.",
            defaultValue = "" + TrajectoryRegularization.DEFAULT_COEFFICIENT)
    double trajRegCoefficient;

    @Mixin
    TrainingOptions training;

    private BnVsTrajRegExperiment.Settings settings;
    private int trainExamples;
    private int testExamples;

    @Override
    protected boolean resuming() {
        return training.resume;
    }

    @Override
    protected void validate() {
        String problem = training.problem();
        if (problem != null) {
            throw usage(problem);
        }
        if (training.resume && common.out() == null) {
            throw usage("--resume needs --out, the folder of the run to continue");
        }
        if (training.trainEvalExamples != null) {
            throw usage("--train-eval-examples does not apply to bn-vs-trajreg (it measures test accuracy only)");
        }
        boolean quick = common.quick();
        List<Variant> chosen = new ArrayList<>();
        try {
            for (String v : variants != null ? variants : List.of("none", "batchnorm", "trajreg")) {
                chosen.add(Variant.fromId(v.trim()));
            }
            int eval = TrainingOptions.or(evalEvery, quick ? QUICK_EVAL_EVERY : FULL_EVAL_EVERY);
            int probe = TrainingOptions.or(probeEvery, evalEvery != null && probeEvery == null ? 2 * eval
                    : quick ? QUICK_PROBE_EVERY : FULL_PROBE_EVERY);
            settings = new BnVsTrajRegExperiment.Settings(chosen,
                    TrainingOptions.or(width, quick ? QUICK_WIDTH : FULL_WIDTH),
                    TrainingOptions.or(weightVariance, Architectures.CONV_SIGMA_W2),
                    TrainingOptions.or(training.batch, quick ? QUICK_BATCH : 128),
                    TrainingOptions.or(training.learningRate, 1e-3),
                    TrainingOptions.or(training.epochs, quick ? QUICK_EPOCHS : FULL_EPOCHS),
                    TrainingOptions.or(training.batchLimit, 0), eval, probe,
                    TrainingOptions.or(probePoints, TrajectoryListener.DEFAULT_POINTS), 100, trajRegCoefficient,
                    common.seed());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        trainExamples = TrainingOptions.or(training.trainExamples, quick ? QUICK_TRAIN : 0);
        testExamples = TrainingOptions.or(training.testExamples, quick ? QUICK_TEST : 0);
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("experiment", settings);
        all.put("train_examples", trainExamples);
        all.put("test_examples", testExamples);
        RunSettings.recordOrCheck(context.run(), all);
        TrainingData data = TrainingData.load(context.data(), Dataset.CIFAR10, trainExamples, testExamples, 0,
                context.seed());
        try (ResumableMetrics metrics = new ResumableMetrics(context.run().metrics(List.of("variant")))) {
            BnVsTrajRegExperiment experiment = new BnVsTrajRegExperiment(context.run().folder(), data, settings,
                    metrics, BnVsTrajRegExperiment.Observer.NONE);
            BnVsTrajRegExperiment.Result result = experiment.run();
            return BnVsTrajRegReport.write(context.run(), settings, data, metrics.rows(), result);
        }
    }
}
