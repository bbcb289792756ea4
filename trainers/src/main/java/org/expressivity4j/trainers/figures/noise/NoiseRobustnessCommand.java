package org.expressivity4j.trainers.figures.noise;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.Split;
import org.expressivity4j.dl4j.noise.LayerWeightNoise;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.options.ConvNetChecks;
import org.expressivity4j.trainers.options.DatasetConverter;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.options.TrainAccuracyOptions;
import org.expressivity4j.trainers.options.TrainingOptions;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.MemoryEstimate;
import org.expressivity4j.trainers.training.ActivationCaching;
import org.expressivity4j.trainers.training.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code noise-robustness}: train (or load) a network, then add Gaussian noise to one layer's weights at a time and
 * measure test accuracy (Raghu et al. 2017, Fig. 6).
 */
@Command(name = "noise-robustness",
        description = {"Fig. 6: train a network (cifar10: ${bundle:network.cifar10}; mnist: ${bundle:network.mnist}) "
                + "or load one with --model, then for each weighted layer, noise magnitude and noise seed add "
                + "Gaussian noise to that layer's weights only, measure test accuracy, and restore the weights. "
                + "Resumable (--resume).",
            "Values in parentheses below are the --quick profile's.", ""},
        resourceBundle = "org.expressivity4j.trainers.figures.noise.NoiseRobustnessHelp",
        mixinStandardHelpOptions = true)
public final class NoiseRobustnessCommand extends ExperimentCommand {

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "cifar10", converter = DatasetConverter.class,
            description = "cifar10 (Fig. 6) or mnist. Default: ${DEFAULT-VALUE}.")
    Dataset dataset;

    @Option(names = "--model", paramLabel = "FILE",
            description = "A trained MultiLayerNetwork (ModelSerializer .zip, e.g. models/model.zip of an earlier "
                    + "run) to perturb instead of training one.")
    Path model;

    @Option(names = "--noise-scale", paramLabel = "SCALE", defaultValue = "relative",
            converter = ScaleConverter.class,
            description = "relative: noise std = magnitude x the layer's weight std; absolute: noise std = "
                    + "magnitude. Default: ${DEFAULT-VALUE}, because the layers' weight scales differ by "
                    + "their fan-in, so only relative noise perturbs every layer by the same fraction.")
    LayerWeightNoise.Scale scale;

    @Option(names = "--magnitudes", paramLabel = "M", split = ",", converter = Ranges.NonNegativeFloat.class,
            description = "Noise magnitudes. Default: ${bundle:default.magnitudes}.")
    List<Double> magnitudes;

    @Option(names = "--noise-seeds", paramLabel = "N", converter = Ranges.Count.class,
            description = "Noise draws per layer and magnitude. Default: ${bundle:default.noise-seeds}.")
    Integer noiseSeeds;

    @Option(names = "--layers", paramLabel = "NAME", split = ",",
            description = "Layers to perturb. Default: every weighted layer (c1..c5, fc1, fc2, out; h1..hN, out).")
    List<String> layers;

    @Option(names = "--width-multiplier", paramLabel = "W", converter = Ranges.WidthMultiplier.class,
            description = "cifar10: channel and unit counts of the conv net relative to the full one. Default: "
                    + "${bundle:default.width-multiplier}.")
    Double widthMultiplier;

    @Option(names = "--hidden-layers", paramLabel = "N", converter = Ranges.Size.class,
            description = "mnist: hidden layers of the fully connected net. Default: "
                    + "${bundle:default.hidden-layers}.")
    Integer hiddenLayers;

    @Option(names = "--width", paramLabel = "K", converter = Ranges.Size.class,
            description = "mnist: units per hidden layer. Default: ${bundle:default.width}.")
    Integer width;

    @Option(names = "--weight-variance", paramLabel = "S2", converter = Ranges.PositiveFloat.class,
            description = "sigma_w^2 the network is initialized with. Default: "
                    + "${bundle:default.weight-variance}.")
    Double weightVariance;

    @Option(names = "--no-cache",
            description = "Run the whole network over the test examples in every noise measurement, as before the "
                    + "cache: by default the test examples' input to the noised layer is computed once per layer and "
                    + "only the layers from the noised one up run per magnitude and seed (the same numbers).")
    boolean noCache;

    @Mixin
    TrainingOptions training;

    @Mixin
    TrainAccuracyOptions trainAccuracy;

    private NoiseRobustnessSettings settings;

    /** {@code relative} or {@code absolute}, any case. */
    static final class ScaleConverter implements CommandLine.ITypeConverter<LayerWeightNoise.Scale> {
        @Override
        public LayerWeightNoise.Scale convert(String value) {
            try {
                return LayerWeightNoise.Scale.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a noise scale: relative or "
                        + "absolute");
            }
        }
    }

    @Override
    protected int preferredThreads() {
        return dataset == Dataset.CIFAR10 ? 0 : 1;
    }

    @Override
    protected boolean resuming() {
        return training.resume();
    }

    @Override
    protected void validate() {
        training.validate(common.out() != null, this::usage);
        if (model != null && !Files.isRegularFile(model)) {
            throw usage("--model " + model + " is not a file");
        }
        if (model != null) {
            refuse("with --model (the network is loaded, not trained)", "--width-multiplier", "--hidden-layers",
                    "--width", "--weight-variance", "--epochs", "--batch", "--learning-rate", "--train-examples",
                    "--batch-limit", "--train-eval-examples");
        }
        if (dataset == Dataset.CIFAR10) {
            refuse("to --dataset cifar10 (the conv net; --width-multiplier sizes it)", "--hidden-layers", "--width");
        } else {
            refuse("to --dataset " + dataset.id() + " (the fully connected net; --hidden-layers and --width size it)",
                    "--width-multiplier");
        }
        NoiseRobustnessSettings p = NoiseRobustnessSettings.defaults(dataset, common.quick());
        int trainExamples = training.trainExamples(dataset, p.trainExamples(), this::usage);
        int trained = TrainingOptions.used(trainExamples, dataset.examples(Split.TRAIN));
        int batch = training.batch(p.batchSize(), trained, this::usage);
        NoiseRobustnessExperiment.Network network;
        if (p.network() instanceof NoiseRobustnessExperiment.ConvNet c) {
            network = new NoiseRobustnessExperiment.ConvNet(
                    widthMultiplier != null ? widthMultiplier : c.widthMultiplier(),
                    TrainingOptions.or(weightVariance, c.sigmaW2()));
            double w = ((NoiseRobustnessExperiment.ConvNet) network).widthMultiplier();
            ConvNetChecks.requireChannels(Architectures.ConvSizes.SVCCA, w, this::usage);
            Architectures.Shape shape = Architectures.convNetShape(Architectures.ConvSizes.SVCCA, w,
                    Architectures.Normalization.NONE);
            if (model == null) {
                // The network, its clean weights while noise is added, evaluated in batches of 250.
                requireMemory(MemoryEstimate.training("the conv net", 1, shape.parameters(), 3,
                        shape.activationsPerExample(), batch, 250), "--width-multiplier "
                        + ConvNetChecks.format(w) + ", --batch " + batch);
            }
        } else {
            NoiseRobustnessExperiment.Mlp m = (NoiseRobustnessExperiment.Mlp) p.network();
            network = new NoiseRobustnessExperiment.Mlp(TrainingOptions.or(hiddenLayers, m.hiddenLayers()),
                    TrainingOptions.or(width, m.width()), TrainingOptions.or(weightVariance, m.sigmaW2()));
            NoiseRobustnessExperiment.Mlp mlp = (NoiseRobustnessExperiment.Mlp) network;
            Architectures.Shape shape = Architectures.mlpShape(dataset.featureSize(), mlp.hiddenLayers(),
                    mlp.width(), dataset.classes().size());
            if (model == null) {
                requireMemory(MemoryEstimate.training("the fully connected net", 1, shape.parameters(), 3,
                        shape.activationsPerExample(), batch, 1000), "--hidden-layers "
                        + mlp.hiddenLayers() + ", --width " + mlp.width() + ", --batch " + batch);
            }
        }
        boolean trains = model == null;
        if (trains && layers != null) {
            List<String> weighted = network instanceof NoiseRobustnessExperiment.Mlp mlp
                    ? Architectures.mlpWeightedLayers(mlp.hiddenLayers()) : Architectures.convNetWeightedLayers();
            List<String> unknown = layers.stream().filter(l -> !weighted.contains(l)).toList();
            if (!unknown.isEmpty()) {
                throw usage("--layers " + String.join(",", unknown) + ": no such weighted layer in the network; its "
                        + "weighted layers: " + String.join(",", weighted));
            }
        }
        try {
            // With a model nothing is trained: the training settings are recorded as 0.
            settings = new NoiseRobustnessSettings(dataset,
                    trains ? null : model.toAbsolutePath().normalize().toString(), trains ? network : null,
                    trains ? TrainingOptions.or(training.epochs(), p.epochs()) : 0, trains ? batch : 0,
                    trains ? TrainingOptions.or(training.learningRate(), p.learningRate()) : 0,
                    trains ? trainExamples : 0, training.testExamples(dataset, p.testExamples(), this::usage),
                    trains ? trainAccuracy.trainEvalExamples(p.trainEvalExamples(), trained, this::usage) : 0,
                    trains ? TrainingOptions.or(training.batchLimit(), p.batchLimit()) : 0,
                    layers != null ? layers : List.of(), magnitudes != null ? magnitudes : p.magnitudes(),
                    TrainingOptions.or(noiseSeeds, p.noiseSeeds()), scale);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        TrainingData data = TrainingData.load(context.data(), dataset, settings.trainExamples(),
                settings.testExamples(), settings.trainEvalExamples(), context.seed());
        NoiseRobustnessExperiment.Result r = new NoiseRobustnessExperiment(noCache ? ActivationCaching.OFF
                : ActivationCaching.withFreeMemory()).run(context, settings, data);
        NoiseRobustnessReport.write(context, r);
        Map<String, Object> headline = new LinkedHashMap<>();
        headline.put("clean_test_accuracy", r.cleanAccuracy());
        headline.put("noise_scale", settings.scale().label());
        r.drops(0.25).ifPresent(d -> {
            Map<String, Object> drops = new LinkedHashMap<>();
            for (int i = 0; i < d.length; i++) {
                drops.put(r.layers().get(i).layer(), d[i]);
            }
            headline.put("accuracy_drop_at_0.25", drops);
        });
        headline.put("halfway_magnitudes", Arrays.stream(r.halfwayMagnitudes()).boxed().toList());
        headline.put("seconds", r.seconds());
        return headline;
    }
}
