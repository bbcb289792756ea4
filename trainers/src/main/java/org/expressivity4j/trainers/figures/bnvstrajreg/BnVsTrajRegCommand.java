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
                + "(--profile): ${bundle:profiles}.",
        resourceBundle = "org.expressivity4j.trainers.figures.bnvstrajreg.BnVsTrajRegHelp",
        mixinStandardHelpOptions = true)
public final class BnVsTrajRegCommand extends ExperimentCommand {

    @Option(names = "--profile", paramLabel = "P",
            description = "quick, standard or full (the defaults of every budget option; --quick is --profile "
                    + "quick). Default: ${bundle:default.profile}.")
    String profile;

    @Option(names = "--sizes", paramLabel = "S",
            description = "The conv net's layer sizes: svcca (64 channels, fc 512 and 256, from the authors' SVCCA "
                    + "paper) or tf-tutorial (128 channels at c3-c5, fc 384 and 192). Default: ${DEFAULT-VALUE}.",
            defaultValue = "svcca")
    String sizes;

    @Option(names = "--optimizer", paramLabel = "O",
            description = "adam or sgd-nesterov. Default: the profile's (${bundle:default.optimizer}).")
    String optimizer;

    @Option(names = "--schedule", paramLabel = "S",
            description = "Learning-rate schedule: constant or one-cycle (linear warm-up over 15%% of the steps, "
                    + "cosine decay). Default: the profile's (${bundle:default.schedule}).")
    String schedule;

    @Option(names = "--momentum", paramLabel = "M", converter = Ranges.Momentum.class,
            description = "Nesterov momentum (sgd-nesterov). Default: the profile's, or ${bundle:default.momentum} "
                    + "where the profile's optimizer is Adam.")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "WD", converter = Ranges.NonNegativeFloat.class,
            description = "L2 weight decay on every weight. Default: the profile's (${bundle:default.weight-decay}).")
    Double weightDecay;

    @Option(names = "--augment", paramLabel = "A",
            description = "Training-set augmentation: crop-flip (random crop with 4 pixels of padding, horizontal "
                    + "flip) or none. Default: the profile's (${bundle:default.augment}).")
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
                    + "profile's (${bundle:default.width-multiplier}).")
    Double width;

    @Option(names = "--weight-variance", paramLabel = "S2", converter = Ranges.PositiveFloat.class,
            description = "sigma_w^2: weights start N(0, sigma_w^2 / fan_in). Default: ${bundle:default.weight-variance} "
                    + "(relu).")
    Double weightVariance;

    @Option(names = "--eval-every", paramLabel = "N", converter = Ranges.Count.class,
            description = "Steps between test-accuracy measurements and checkpoints. Default: the profile's "
                    + "(${bundle:default.eval-every}).")
    Integer evalEvery;

    @Option(names = "--probe-every", paramLabel = "N", converter = Ranges.Count.class,
            description = "Steps between trajectory probes (a multiple of --eval-every). Default: the profile's "
                    + "(${bundle:default.probe-every}), or twice --eval-every where that is given.")
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
        BnVsTrajRegSettings.Profile p;
        if (profile == null) {
            p = common.quick() ? BnVsTrajRegSettings.quick() : BnVsTrajRegSettings.full();
        } else {
            try {
                p = BnVsTrajRegSettings.profile(profile);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            if (common.quick() && !p.equals(BnVsTrajRegSettings.quick())) {
                throw usage("--quick and --profile " + profile + " contradict each other");
            }
        }
        BnVsTrajRegSettings d = p.settings(common.seed());
        trainExamples = training.trainExamples(Dataset.CIFAR10, p.trainExamples(), this::usage);
        testExamples = training.testExamples(Dataset.CIFAR10, p.testExamples(), this::usage);
        int batch = training.batch(p.batch(), TrainingOptions.used(trainExamples,
                Dataset.CIFAR10.examples(Split.TRAIN)), this::usage);
        List<Variant> chosen = new ArrayList<>();
        try {
            if (variants == null) {
                chosen.addAll(d.variants());
            } else {
                for (String v : variants) {
                    chosen.add(Variant.fromId(v.trim()));
                }
            }
            if (!chosen.contains(Variant.TRAJECTORY_REGULARIZATION)) {
                refuse("without the trajreg variant (--variants)", "--trajreg-coefficient", "--trajreg-penalize");
            }
            TrainingRecipe base = d.recipe();
            TrainingRecipe.Optimizer opt = optimizer == null ? base.optimizer() : parseOptimizer(optimizer);
            if (opt == TrainingRecipe.Optimizer.ADAM) {
                refuse("to Adam (--optimizer sgd-nesterov takes it)", "--momentum");
            }
            TrainingRecipe recipe = new TrainingRecipe(opt,
                    TrainingOptions.or(training.learningRate(), base.learningRate()),
                    schedule == null ? base.schedule() : parseSchedule(schedule),
                    opt == TrainingRecipe.Optimizer.ADAM ? 0.0
                            : TrainingOptions.or(momentum, base.momentum() > 0 ? base.momentum()
                            : BnVsTrajRegSettings.MOMENTUM),
                    TrainingOptions.or(weightDecay, base.weightDecay()),
                    augment == null ? base.augmentation() : parseAugmentation(augment));
            int eval = TrainingOptions.or(evalEvery, d.evalEvery());
            int probe = TrainingOptions.or(probeEvery, evalEvery == null ? d.probeEvery()
                    : eval <= Integer.MAX_VALUE / 2 ? 2 * eval : eval);
            if (probe % eval != 0) {
                throw usage("--probe-every " + probe + " must be a multiple of --eval-every " + eval
                        + (evalEvery == null ? " (the profile's)" : ""));
            }
            settings = new BnVsTrajRegSettings(chosen, Architectures.ConvSizes.fromId(sizes),
                    TrainingOptions.or(width, d.width()),
                    TrainingOptions.or(weightVariance, d.sigmaW2()),
                    batch, recipe,
                    TrainingOptions.or(training.epochs(), d.epochs()),
                    TrainingOptions.or(training.batchLimit(), d.batchLimit()), eval, probe,
                    TrainingOptions.or(probePoints, d.probePoints()), d.inferenceBatch(), trajRegCoefficient,
                    parsePenalized(trajRegPenalize), d.seed());
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
