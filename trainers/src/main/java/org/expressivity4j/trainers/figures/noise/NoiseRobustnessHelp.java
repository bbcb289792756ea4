package org.expressivity4j.trainers.figures.noise;

import static org.expressivity4j.trainers.options.HelpValues.examples;
import static org.expressivity4j.trainers.options.HelpValues.list;
import static org.expressivity4j.trainers.options.HelpValues.number;

import java.util.ArrayList;
import java.util.List;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.trainers.figures.noise.NoiseRobustnessExperiment.ConvNet;
import org.expressivity4j.trainers.figures.noise.NoiseRobustnessExperiment.Mlp;
import org.expressivity4j.trainers.options.DatasetProfileHelp;

/**
 * The defaults {@code noise-robustness --help} shows, read from {@link NoiseRobustnessSettings#defaults} for each
 * dataset (cifar10 first, the command's default) and profile.
 */
public final class NoiseRobustnessHelp extends DatasetProfileHelp<NoiseRobustnessSettings> {

    static final List<Dataset> DATASETS = List.of(Dataset.CIFAR10, Dataset.MNIST);

    public NoiseRobustnessHelp() {
        super(DATASETS, NoiseRobustnessSettings::defaults);
    }

    @Override
    protected Object[][] getContents() {
        List<Object[]> contents = new ArrayList<>(List.of(trainingEntries(NoiseRobustnessSettings::epochs,
                NoiseRobustnessSettings::batchSize, NoiseRobustnessSettings::learningRate,
                NoiseRobustnessSettings::trainExamples, NoiseRobustnessSettings::testExamples,
                NoiseRobustnessSettings::batchLimit)));
        contents.add(new Object[] {"default.train-eval-examples", value(s -> examples(s.trainEvalExamples()))});
        contents.add(new Object[] {"default.magnitudes", value(s -> list(s.magnitudes()))});
        contents.add(new Object[] {"default.noise-seeds", value(s -> String.valueOf(s.noiseSeeds()))});
        contents.add(new Object[] {"default.width-multiplier",
            value(Dataset.CIFAR10, s -> number(conv(s).widthMultiplier()))});
        contents.add(new Object[] {"default.hidden-layers", value(Dataset.MNIST, s -> "" + mlp(s).hiddenLayers())});
        contents.add(new Object[] {"default.width", value(Dataset.MNIST, s -> String.valueOf(mlp(s).width()))});
        contents.add(new Object[] {"default.weight-variance", value(s -> number(s.network() instanceof ConvNet c
                ? c.sigmaW2() : mlp(s).sigmaW2()))});
        contents.add(new Object[] {"network.cifar10", "the conv net from sigma_w^2 = "
            + value(Dataset.CIFAR10, s -> number(conv(s).sigmaW2()))});
        contents.add(new Object[] {"network.mnist", "the paper's " + value(Dataset.MNIST, s -> mlp(s).hiddenLayers()
                + " x " + mlp(s).width()) + " hard-tanh net"});
        return contents.toArray(Object[][]::new);
    }

    private static ConvNet conv(NoiseRobustnessSettings s) {
        return (ConvNet) s.network();
    }

    private static Mlp mlp(NoiseRobustnessSettings s) {
        return (Mlp) s.network();
    }
}
