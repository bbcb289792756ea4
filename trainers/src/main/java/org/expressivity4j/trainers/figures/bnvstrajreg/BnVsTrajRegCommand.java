package org.expressivity4j.trainers.figures.bnvstrajreg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expressivity4j.datasets.Augmentation;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.Split;
import org.expressivity4j.dl4j.layers.TrajectoryRegularization;
import org.expressivity4j.dl4j.listeners.TrajectoryListener;
import org.expressivity4j.trainers.figures.bnvstrajreg.BnVsTrajRegExperiment.Variant;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.options.ConvNetChecks;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.options.TrainingOptions;
import org.expressivity4j.trainers.report.ResumableMetrics;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.run.RunSettings;
import org.expressivity4j.trainers.shared.MemoryEstimate;
import org.expressivity4j.trainers.training.TrainingData;
import org.expressivity4j.trainers.training.TrainingRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bn-vs-trajreg}: the CIFAR-10 conv net trained with no normalization, batch norm and trajectory
 * regularization from the same initialization and data order (Raghu et al. 2017, Figs. 8-11).
 */
@Command(name = "bn-vs-trajreg",
        description = "Figs. 8-11: the CIFAR-10 conv net (c1 c2 p1 c3 c4 c5 p2 fc1 fc2, SVCCA sizes) trained three "
                + "ways from the same initialization and data order: no normalization, batch norm after c2, c5, fc1, "
                + "fc2 (bn1..bn4), trajectory regularization in the same places (tr1..tr4). Test accuracy vs step, "
                + "per-layer trajectory length and sigma_w^2 over training (trajectory listener), time per step and "
                + "per inference. Resumable (--resume; each variant continues from its own checkpoint). Profiles "
                + "(--profile): quick (= --quick): width 0.25, 10,000 training images, batch 64, 4 epochs, Adam "
                + "0.001, 1,000 test images; standard: width 0.5, all images, batch 128, 12 epochs, SGD with Nesterov "
                + "momentum and a one-cycle schedule, weight decay, random crop and flip; full: the same recipe at "
                + "width 1 for 30 epochs.",
        mixinStandardHelpOptions = true)
public final class BnVsTrajRegCommand extends ExperimentCommand {

    /** A profile: the defaults of every option it sets. */
    record Profile(String id, double width, int epochs, int batch, int trainExamples, int testExamples,
                   int evalEvery, int probeEvery, TrainingRecipe recipe) {
    }

    /** Minutes-long smoke profile: quarter width, 10,000 training images, Adam, no augmentation. */
    static final Profile QUICK = new Profile("quick", 0.25, 4, 64, 10_000, 1_000, 40, 160,
            TrainingRecipe.adam(1e-3));
    /**
     * The profile that fits 2 cores: half width, all 50,000 training images with random crop and flip, batch 128,
     * 12 epochs (4,692 steps) of SGD with Nesterov momentum 0.9, a one-cycle rate peaking at 0.05 and weight decay
     * 5e-4; all 10,000 test images.
     */
    static final Profile STANDARD = new Profile("standard", 0.5, 12, 128, 0, 0, 391, 782,
            TrainingRecipe.sgdOneCycle(0.05));
    /** The paper's size: width 1, the standard recipe for 30 epochs (11,730 steps). */
    static final Profile FULL = new Profile("full", 1.0, 30, 128, 0, 0, 391, 782, TrainingRecipe.sgdOneCycle(0.05));

    @Option(names = "--profile", paramLabel = "P",
            description = "quick, standard or full (the defaults of every budget option; --quick is --profile "
                    + "quick). Default: full.")
    String profile;

    @Option(names = "--sizes", paramLabel = "S",
            description = "The conv net's layer sizes: svcca (64 channels, fc 512 and 256, from the authors' SVCCA "
                    + "paper) or tf-tutorial (128 channels at c3-c5, fc 384 and 192). Default: ${DEFAULT-VALUE}.",
            defaultValue = "svcca")
    String sizes;

    @Option(names = "--optimizer", paramLabel = "O",
            description = "adam or sgd-nesterov. Default: the profile's (adam for quick, sgd-nesterov otherwise).")
    String optimizer;

    @Option(names = "--schedule", paramLabel = "S",
            description = "Learning-rate schedule: constant or one-cycle (linear warm-up over 15%% of the steps, "
                    + "cosine decay). Default: the profile's (constant for quick, one-cycle otherwise).")
    String schedule;

    @Option(names = "--momentum", paramLabel = "M", converter = Ranges.Momentum.class,
            description = "Nesterov momentum (sgd-nesterov). Default: 0.9.")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "WD", converter = Ranges.NonNegativeFloat.class,
            description = "L2 weight decay on every weight. Default: the profile's (0 for quick, 5e-4 otherwise).")
    Double weightDecay;

    @Option(names = "--augment", paramLabel = "A",
            description = "Training-set augmentation: crop-flip (random crop with 4 pixels of padding, horizontal "
                    + "flip) or none. Default: the profile's (none for quick, crop-flip otherwise).")
    String augment;

    @Option(names = "--trajreg-penalize", paramLabel = "WHAT",
            description = "The length the trajectory-regularization layers penalize: output (|lambda| L(x), after "
                    + "the scale) or input (L(x), before it; lambda is free). Default: ${DEFAULT-VALUE}.",
            defaultValue = "output")
    String trajRegPenalize;

    @Option(names = "--variants", paramLabel = "V", split = ",",
            description = "Variants to train (none, batchnorm, trajreg). Default: all three.")
    List<String> variants;

    @Option(names = "--width-multiplier", paramLabel = "W", converter = Ranges.WidthMultiplier.class,
            description = "The conv net's width multiplier (1: the SVCCA sizes, 2.4 M parameters). Default: the "
                    + "profile's (0.25 quick, 0.5 standard, 1 full).")
    Double width;

    @Option(names = "--weight-variance", paramLabel = "S2", converter = Ranges.PositiveFloat.class,
            description = "sigma_w^2: weights start N(0, sigma_w^2 / fan_in). Default: 2 (relu).")
    Double weightVariance;

    @Option(names = "--eval-every", paramLabel = "N", converter = Ranges.Count.class,
            description = "Steps between test-accuracy measurements and checkpoints. Default: the profile's (40 "
                    + "quick, 391 = one epoch otherwise).")
    Integer evalEvery;

    @Option(names = "--probe-every", paramLabel = "N", converter = Ranges.Count.class,
            description = "Steps between trajectory probes (a multiple of --eval-every). Default: the profile's (160 "
                    + "quick, 782 otherwise).")
    Integer probeEvery;

    @Option(names = "--probe-points", paramLabel = "N", converter = Ranges.SizeAtLeastTwo.class,
            description = "Points on the probe's quarter circle between two test images. Default: the listener's, "
                    + TrajectoryListener.DEFAULT_POINTS + ".")
    Integer probePoints;

    @Option(names = "--trajreg-coefficient", paramLabel = "C", converter = Ranges.NonNegativeFloat.class,
            description = "Penalty scale c of the trajectory-regularization layers (c L(y) / L_orig added to the "
                    + "loss). Default: the layer's, ${DEFAULT-VALUE}.",
            defaultValue = "" + TrajectoryRegularization.DEFAULT_COEFFICIENT)
    double trajRegCoefficient;

    @Mixin
    TrainingOptions training;

    private BnVsTrajRegSettings settings;
    private int trainExamples;
    private int testExamples;

    @Override
    protected boolean resuming() {
        return training.resume();
    }

    @Override
    protected void validate() {
        training.validate(common.out() != null, this::usage);
        Profile p;
        if (profile == null) {
            p = common.quick() ? QUICK : FULL;
        } else {
            p = switch (profile) {
                case "quick" -> QUICK;
                case "standard" -> STANDARD;
                case "full" -> FULL;
                default -> throw usage("--profile must be quick, standard or full, got '" + profile + "'");
            };
            if (common.quick() && p != QUICK) {
                throw usage("--quick and --profile " + profile + " contradict each other");
            }
        }
        trainExamples = training.trainExamples(Dataset.CIFAR10, p.trainExamples(), this::usage);
        testExamples = training.testExamples(Dataset.CIFAR10, p.testExamples(), this::usage);
        int batch = training.batch(p.batch(), TrainingOptions.used(trainExamples,
                Dataset.CIFAR10.examples(Split.TRAIN)), this::usage);
        List<Variant> chosen = new ArrayList<>();
        try {
            for (String v : variants != null ? variants : List.of("none", "batchnorm", "trajreg")) {
                chosen.add(Variant.fromId(v.trim()));
            }
            if (!chosen.contains(Variant.TRAJECTORY_REGULARIZATION)) {
                refuse("without the trajreg variant (--variants)", "--trajreg-coefficient", "--trajreg-penalize");
            }
            TrainingRecipe base = p.recipe();
            TrainingRecipe.Optimizer opt = optimizer == null ? base.optimizer() : parseOptimizer(optimizer);
            if (opt == TrainingRecipe.Optimizer.ADAM) {
                refuse("to Adam (--optimizer sgd-nesterov takes it)", "--momentum");
            }
            TrainingRecipe recipe = new TrainingRecipe(opt,
                    TrainingOptions.or(training.learningRate(), base.learningRate()),
                    schedule == null ? base.schedule() : parseSchedule(schedule),
                    opt == TrainingRecipe.Optimizer.ADAM ? 0.0
                            : TrainingOptions.or(momentum, base.momentum() > 0 ? base.momentum() : 0.9),
                    TrainingOptions.or(weightDecay, base.weightDecay()),
                    augment == null ? base.augmentation() : parseAugmentation(augment));
            int eval = TrainingOptions.or(evalEvery, p.evalEvery());
            int probe = TrainingOptions.or(probeEvery, evalEvery == null ? p.probeEvery()
                    : eval <= Integer.MAX_VALUE / 2 ? 2 * eval : eval);
            if (probe % eval != 0) {
                throw usage("--probe-every " + probe + " must be a multiple of --eval-every " + eval
                        + (evalEvery == null ? " (the profile's)" : ""));
            }
            settings = new BnVsTrajRegSettings(chosen, Architectures.ConvSizes.fromId(sizes),
                    TrainingOptions.or(width, p.width()),
                    TrainingOptions.or(weightVariance, Architectures.CONV_SIGMA_W2),
                    batch, recipe,
                    TrainingOptions.or(training.epochs(), p.epochs()),
                    TrainingOptions.or(training.batchLimit(), 0), eval, probe,
                    TrainingOptions.or(probePoints, TrajectoryListener.DEFAULT_POINTS), 100, trajRegCoefficient,
                    parsePenalized(trajRegPenalize), common.seed());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        ConvNetChecks.requireChannels(settings.sizes(), settings.width(), this::usage);
        // Every variant's network at once (batch norm's is the largest), evaluated in batches of at least 256, and a
        // probe's points through every layer.
        Architectures.Shape shape = Architectures.convNetShape(settings.sizes(), settings.width(),
                Architectures.Normalization.BATCH_NORM);
        int slots = settings.recipe().optimizer() == TrainingRecipe.Optimizer.ADAM ? 2 : 1;
        requireMemory(MemoryEstimate.training("the conv net", settings.variants().size(), shape.parameters(), slots,
                shape.activationsPerExample(), settings.batch(), 256).plus(MemoryEstimate.FLOAT32
                * shape.activationsPerExample() * settings.probePoints(), "and probing it with "
                + settings.probePoints() + " points"), "--width-multiplier " + ConvNetChecks.format(settings.width())
                + ", --batch " + settings.batch() + ", --probe-points " + settings.probePoints());
    }

    private static TrainingRecipe.Optimizer parseOptimizer(String s) {
        return switch (s) {
            case "adam" -> TrainingRecipe.Optimizer.ADAM;
            case "sgd-nesterov" -> TrainingRecipe.Optimizer.SGD_NESTEROV;
            default -> throw new IllegalArgumentException("--optimizer must be adam or sgd-nesterov, got '" + s + "'");
        };
    }

    private static TrainingRecipe.Schedule parseSchedule(String s) {
        return switch (s) {
            case "constant" -> TrainingRecipe.Schedule.CONSTANT;
            case "one-cycle" -> TrainingRecipe.Schedule.ONE_CYCLE;
            default -> throw new IllegalArgumentException("--schedule must be constant or one-cycle, got '" + s + "'");
        };
    }

    private static Augmentation parseAugmentation(String s) {
        return switch (s) {
            case "crop-flip" -> Augmentation.CIFAR10_STANDARD;
            case "none" -> Augmentation.NONE;
            default -> throw new IllegalArgumentException("--augment must be crop-flip or none, got '" + s + "'");
        };
    }

    private static TrajectoryRegularization.Penalized parsePenalized(String s) {
        return switch (s) {
            case "output" -> TrajectoryRegularization.Penalized.OUTPUT;
            case "input" -> TrajectoryRegularization.Penalized.INPUT;
            default -> throw new IllegalArgumentException("--trajreg-penalize must be output or input, got '" + s
                    + "'");
        };
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
