package org.expressivity4j.trainers.figures.onelayer;

import static org.expressivity4j.trainers.options.HelpValues.examples;
import static org.expressivity4j.trainers.options.HelpValues.number;

import java.util.ArrayList;
import java.util.List;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.trainers.options.DatasetProfileHelp;

/**
 * The defaults {@code train-one-layer --help} shows, read from {@link TrainOneLayerSettings#defaults} for each
 * dataset (mnist first, the command's default) and profile.
 */
public final class TrainOneLayerHelp extends DatasetProfileHelp<TrainOneLayerSettings> {

    static final List<Dataset> DATASETS = List.of(Dataset.MNIST, Dataset.CIFAR10);

    public TrainOneLayerHelp() {
        super(DATASETS, TrainOneLayerSettings::defaults);
    }

    @Override
    protected Object[][] getContents() {
        List<Object[]> contents = new ArrayList<>(List.of(trainingEntries(TrainOneLayerSettings::epochs,
                TrainOneLayerSettings::batchSize, TrainOneLayerSettings::learningRate,
                TrainOneLayerSettings::trainExamples, TrainOneLayerSettings::testExamples,
                TrainOneLayerSettings::batchLimit)));
        contents.add(new Object[] {"default.train-eval-examples", value(s -> examples(s.trainEvalExamples()))});
        contents.add(new Object[] {"default.hidden-layers", value(s -> String.valueOf(s.hiddenLayers()))});
        contents.add(new Object[] {"default.width", value(s -> String.valueOf(s.width()))});
        contents.add(new Object[] {"default.weight-variance", value(s -> number(s.sigmaW2()))});
        List<String> networks = new ArrayList<>();
        for (Dataset d : DATASETS) {
            networks.add(d.id() + ": " + value(d, s -> s.hiddenLayers() + " x " + s.width()));
        }
        contents.add(new Object[] {"networks", String.join(", ", networks)});
        return contents.toArray(Object[][]::new);
    }
}
