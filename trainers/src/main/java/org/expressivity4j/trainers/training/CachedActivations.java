package org.expressivity4j.trainers.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The activations of a fixed network's layers {@code 0..level-1} for every batch of a data set, in inference mode:
 * the input of layer {@code level} (before its input preprocessor), batch by batch with the data set's own batch
 * boundaries and labels. Run the top of the network ({@link NetworkCut#top}) on these batches and it computes what
 * the whole network computes on the data set's batches, without the layers below.
 *
 * <p>The arrays are detached copies, owned by this object; {@link #bytes()} is what they take.
 */
public final class CachedActivations {

    private final int level;
    private final List<DataSet> batches;
    private final long examples;
    private final long valuesPerExample;

    private CachedActivations(int level, List<DataSet> batches) {
        this.level = level;
        this.batches = Collections.unmodifiableList(batches);
        this.examples = batches.stream().mapToLong(b -> b.getFeatures().size(0)).sum();
        INDArray first = batches.isEmpty() ? null : batches.get(0).getFeatures();
        this.valuesPerExample = first == null ? 0 : first.length() / first.size(0);
    }

    /**
     * The input of layer {@code level} of {@code net} for every batch of {@code data} (reset first, and left at its
     * end); level 0 is the data itself.
     */
    public static CachedActivations of(MultiLayerNetwork net, int level, DataSetIterator data) {
        Objects.requireNonNull(net, "net");
        checkLevel(net, level);
        List<DataSet> out = new ArrayList<>();
        data.reset();
        while (data.hasNext()) {
            DataSet batch = data.next();
            out.add(new DataSet(below(net, level, batch.getFeatures()), batch.getLabels()));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no batches to cache");
        }
        return new CachedActivations(level, out);
    }

    /**
     * The activations one level higher up, {@code level} &gt; {@link #level()}: these batches passed through layers
     * {@code level()..level-1} of {@code net}.
     */
    public CachedActivations advance(MultiLayerNetwork net, int newLevel) {
        checkLevel(net, newLevel);
        if (newLevel < level) {
            throw new IllegalArgumentException("cannot go down from level " + level + " to " + newLevel);
        }
        if (newLevel == level) {
            return this;
        }
        MultiLayerNetwork top = NetworkCut.topForInference(net, level);
        List<DataSet> out = new ArrayList<>();
        for (DataSet batch : batches) {
            out.add(new DataSet(below(top, newLevel - level, batch.getFeatures()), batch.getLabels()));
        }
        return new CachedActivations(newLevel, out);
    }

    /** Values per example of layer {@code level}'s input, found by passing {@code oneExample} through the layers below. */
    public static long valuesPerExample(MultiLayerNetwork net, int level, INDArray oneExample) {
        checkLevel(net, level);
        INDArray out = below(net, level, oneExample);
        return out.length() / out.size(0);
    }

    /** Layer {@code level}'s input for {@code features}: the outputs of layers {@code 0..level-1}, detached. */
    static INDArray below(MultiLayerNetwork net, int level, INDArray features) {
        if (level == 0) {
            return features;
        }
        List<INDArray> acts = net.feedForwardToLayer(level - 1, features, false);
        return acts.get(acts.size() - 1).detach();
    }

    private static void checkLevel(MultiLayerNetwork net, int level) {
        if (level < 0 || level >= net.getnLayers()) {
            throw new IllegalArgumentException("level " + level + " is outside the network's layers 0.."
                    + (net.getnLayers() - 1));
        }
    }

    /** The layer whose input these are. */
    public int level() {
        return level;
    }

    /** The batches: activations and the data set's labels. */
    public List<DataSet> batches() {
        return batches;
    }

    /** Examples in all batches. */
    public long examples() {
        return examples;
    }

    /** Activation values per example. */
    public long valuesPerExample() {
        return valuesPerExample;
    }

    /** Bytes the activations take. */
    public long bytes() {
        return batches.stream().mapToLong(b -> b.getFeatures().length() * b.getFeatures().dataType().width())
                .sum();
    }
}
