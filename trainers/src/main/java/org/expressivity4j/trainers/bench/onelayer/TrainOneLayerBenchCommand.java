package org.expressivity4j.trainers.bench.onelayer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.LabeledImages;
import org.expressivity4j.datasets.LocatedDataset;
import org.expressivity4j.datasets.Split;
import org.expressivity4j.trainers.bench.TorchPeer;
import org.expressivity4j.trainers.bench.TorchPeerOptions;
import org.expressivity4j.trainers.figures.onelayer.TrainOneLayerSettings;
import org.expressivity4j.trainers.options.OptionChecks;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.training.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench train-one-layer}: train-one-layer on MNIST by this project (cached and not) and by PyTorch. */
@Command(name = "train-one-layer",
        description = {"Train-one-layer (Fig. 7) on MNIST three ways, alternating in rounds: expressivity4j as "
                + "train-one-layer runs it (the frozen layers' outputs cached), the same with --no-cache (the whole "
                + "network every step), and PyTorch the way its users write it (bench/torch_train_one_layer.py, run "
                + "with /usr/bin/python3 if it can import torch: requires_grad = False on the other layers, the "
                + "whole network every step). Same initial weights, batch order and measurements; medians of the "
                + "runs' wall times and their ratios. 1 native thread.",
            "Defaults: the full profile's data (60,000 training examples, 10,000 for train accuracy, 10,000 test), "
                + "layers h2..h9, 1 epoch each, 2 rounds: a 1/50 scale model of the full run. --quick: h5, 10,000 / "
                + "2,000 examples, 1 epoch, 1 round.", ""},
        mixinStandardHelpOptions = true)
public final class TrainOneLayerBenchCommand extends ExperimentCommand {

    @Option(names = "--layers", paramLabel = "NAME", split = ",",
            description = "Layers to train, one at a time. Default: h2..h9 (h5 with --quick).")
    List<String> layers;

    @Option(names = "--epochs", paramLabel = "E", converter = Ranges.Count.class,
            description = "Epochs per layer. Default: 1.")
    Integer epochs;

    @Option(names = "--rounds", paramLabel = "N", converter = Ranges.Count.class,
            description = "Rounds. Default: 2 (1 with --quick).")
    Integer rounds;

    @Option(names = "--train-examples", paramLabel = "N", converter = Ranges.Subset.class,
            description = "Training examples (0: all). Default: all (10000 with --quick).")
    Integer trainExamples;

    @Option(names = "--test-examples", paramLabel = "N", converter = Ranges.Subset.class,
            description = "Test examples (0: all). Default: all (2000 with --quick).")
    Integer testExamples;

    @Option(names = "--batch-limit", paramLabel = "N", converter = Ranges.CountOrZero.class,
            description = "At most N training batches per epoch (0: no limit). Default: 0.")
    Integer batchLimit;

    @Option(names = "--no-uncached", description = "Leave out expressivity4j --no-cache (the slowest way).")
    boolean noUncached;

    @Mixin
    TorchPeerOptions torchOptions;

    private TrainOneLayerSettings experiment;

    @Override
    protected int preferredThreads() {
        return 1;
    }

    @Override
    protected void validate() {
        if (!torchOptions.enabled()) {
            refuse("with --no-torch", TorchPeerOptions.NAMES);
        }
        torchOptions.validate(this::usage);
        for (Split split : List.of(Split.TRAIN, Split.TEST)) {
            Integer given = split == Split.TRAIN ? trainExamples : testExamples;
            int size = Dataset.MNIST.examples(split);
            if (given != null && given > size) {
                throw usage((split == Split.TRAIN ? "--train-examples " : "--test-examples ") + given + " exceeds the "
                        + size + " examples of MNIST's " + split.label() + " split (0 uses all)");
            }
        }
        boolean quick = common.quick();
        TrainOneLayerSettings p = TrainOneLayerSettings.defaults(Dataset.MNIST, quick);
        try {
            experiment = p.withLayers(layers != null ? layers : quick ? List.of("h5") : p.layers())
                    .withEpochs(OptionChecks.or(epochs, 1))
                    .withTrainExamples(OptionChecks.or(trainExamples, p.trainExamples()))
                    .withTestExamples(OptionChecks.or(testExamples, p.testExamples()))
                    .withBatchLimit(OptionChecks.or(batchLimit, 0));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        LabeledImages fullTrain = Dataset.MNIST.load(context.data(), Split.TRAIN);
        LabeledImages fullTest = Dataset.MNIST.load(context.data(), Split.TEST);
        TrainingData data = TrainingData.of(Dataset.MNIST.id(), fullTrain, fullTest, experiment.trainExamples(),
                experiment.testExamples(), experiment.trainEvalExamples(), context.seed());
        TrainingData.Selection selection = TrainingData.select(fullTrain, fullTest, experiment.trainExamples(),
                experiment.testExamples(), experiment.trainEvalExamples(), context.seed());
        LocatedDataset mnist = context.data().locate(Dataset.MNIST.spec());
        List<TrainOneLayerBenchmark.Way> ways = new ArrayList<>(List.of(TrainOneLayerBenchmark.Way.CACHED));
        if (!noUncached) {
            ways.add(TrainOneLayerBenchmark.Way.WHOLE);
        }
        if (torchOptions.enabled()) {
            ways.add(TrainOneLayerBenchmark.Way.TORCH);
        }
        TorchPeer torch = !torchOptions.enabled() ? null : new TorchPeer(torchOptions.python(),
                torchOptions.script("torch_train_one_layer.py", context.run().folder()),
                context.run().file("torch-stderr.log"), 7200);
        TrainOneLayerBenchmark.Settings settings = new TrainOneLayerBenchmark.Settings(experiment,
                OptionChecks.or(rounds, context.quick() ? 1 : 2), ways, torch);
        TrainOneLayerBenchmark.Result r = new TrainOneLayerBenchmark().run(settings, data, mnist, selection, context);
        return TrainOneLayerBenchReport.write(context, r);
    }
}
