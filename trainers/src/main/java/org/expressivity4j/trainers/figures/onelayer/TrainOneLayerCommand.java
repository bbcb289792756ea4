package org.expressivity4j.trainers.figures.onelayer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.Split;
import org.expressivity4j.trainers.options.DatasetConverter;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.options.TrainAccuracyOptions;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.options.TrainingOptions;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.MemoryEstimate;
import org.expressivity4j.trainers.training.ActivationCaching;
import org.expressivity4j.trainers.training.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code train-one-layer}: train one hidden layer at a time of a random hard-tanh network, all others frozen at
 * their initialization (Raghu et al. 2017, Fig. 7 on MNIST, Fig. 17 on CIFAR-10).
 */
@Command(name = "train-one-layer",
        description = {"Fig. 7 / Fig. 17: for each chosen layer of the paper's fully connected net "
                + "(${bundle:networks}, hard tanh, sigma_w^2 = ${bundle:default.weight-variance}), train only that "
                + "layer, the others frozen at their random initialization; train and test accuracy per epoch, a "
                + "line per layer, and the rank correlation between the layer's depth and its final accuracy. "
                + "Resumable (--resume).",
            "Values in parentheses below are the --quick profile's.", ""},
        resourceBundle = "org.expressivity4j.trainers.figures.onelayer.TrainOneLayerHelp",
        mixinStandardHelpOptions = true)
public final class TrainOneLayerCommand extends ExperimentCommand {

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "mnist", converter = DatasetConverter.class,
            description = "mnist (Fig. 7) or cifar10 (Fig. 17). Default: ${DEFAULT-VALUE}.")
    Dataset dataset;

    @Option(names = "--layers", paramLabel = "NAME", split = ",",
            description = "Layers to train, one at a time (h1..hN, out). Default: h2..hN, which all have the same "
                    + "number of parameters.")
    List<String> layers;

    @Option(names = "--hidden-layers", paramLabel = "N", converter = Ranges.Size.class,
            description = "Hidden layers. Default: ${bundle:default.hidden-layers} (the paper's).")
    Integer hiddenLayers;

    @Option(names = "--width", paramLabel = "K", converter = Ranges.Size.class,
            description = "Units per hidden layer. Default: ${bundle:default.width} (the paper's).")
    Integer width;

    @Option(names = "--weight-variance", paramLabel = "S2", converter = Ranges.PositiveFloat.class,
            description = "sigma_w^2: weights start N(0, sigma_w^2 / fan_in). Default: "
                    + "${bundle:default.weight-variance} (the paper's).")
    Double weightVariance;

    @Option(names = "--no-cache",
            description = "Run the whole network in every training step and measurement, as before the cache: by "
                    + "default the frozen layers below the trained one are computed once per data set and only the "
                    + "layers from the trained one up run in training (the same numbers; see the README).")
    boolean noCache;

    @Mixin
    TrainingOptions training;

    @Mixin
    TrainAccuracyOptions trainAccuracy;

    private TrainOneLayerSettings settings;

    @Override
    protected int preferredThreads() {
        return 1;
    }

    @Override
    protected boolean resuming() {
        return training.resume();
    }

    @Override
    protected void validate() {
        training.validate(common.out() != null, this::usage);
        TrainOneLayerSettings p = TrainOneLayerSettings.defaults(dataset, common.quick());
        int hidden = TrainingOptions.or(hiddenLayers, p.hiddenLayers());
        int units = TrainingOptions.or(width, p.width());
        int trainExamples = training.trainExamples(dataset, p.trainExamples(), this::usage);
        int trained = TrainingOptions.used(trainExamples, dataset.examples(Split.TRAIN));
        int batch = training.batch(p.batchSize(), trained, this::usage);
        // The untrained network and the copy whose one layer trains, measured in batches of 1000.
        Architectures.Shape shape = Architectures.mlpShape(dataset.featureSize(), hidden, units,
                dataset.classes().size());
        requireMemory(MemoryEstimate.training("the fully connected net", 2, shape.parameters(), 2,
                shape.activationsPerExample(), batch, 1000), "--hidden-layers " + hidden + ", --width "
                + units + ", --batch " + batch);
        try {
            settings = new TrainOneLayerSettings(dataset, hidden, units,
                    TrainingOptions.or(weightVariance, p.sigmaW2()),
                    layers != null ? layers : TrainOneLayerExperiment.defaultLayers(hidden),
                    TrainingOptions.or(training.epochs(), p.epochs()),
                    batch,
                    TrainingOptions.or(training.learningRate(), p.learningRate()),
                    trainExamples, training.testExamples(dataset, p.testExamples(), this::usage),
                    trainAccuracy.trainEvalExamples(p.trainEvalExamples(), trained, this::usage),
                    TrainingOptions.or(training.batchLimit(), p.batchLimit()));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        TrainingData data = TrainingData.load(context.data(), dataset, settings.trainExamples(),
                settings.testExamples(), settings.trainEvalExamples(), context.seed());
        TrainOneLayerExperiment.Result r = new TrainOneLayerExperiment(noCache ? ActivationCaching.OFF
                : ActivationCaching.withFreeMemory()).run(context, settings, data);
        TrainOneLayerReport.write(context, r, data);
        Map<String, Object> headline = new LinkedHashMap<>();
        Map<String, Object> finals = new LinkedHashMap<>();
        for (TrainOneLayerExperiment.LayerResult layer : r.layers()) {
            finals.put(layer.layer(), Map.of("train_accuracy", layer.finalTrain(), "test_accuracy",
                    layer.finalTest()));
        }
        headline.put("final_accuracy", finals);
        headline.put("spearman_depth_train_accuracy", r.rhoTrain());
        headline.put("spearman_depth_test_accuracy", r.rhoTest());
        headline.put("seconds", r.seconds());
        return headline;
    }
}
