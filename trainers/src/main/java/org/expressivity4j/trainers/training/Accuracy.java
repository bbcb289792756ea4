package org.expressivity4j.trainers.training;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Classification accuracy and mean cross-entropy of a network over every batch of an iterator, in inference mode.
 *
 * @param accuracy fraction of examples whose most probable class is the label (ties: the lowest class index)
 * @param loss     mean over examples of {@code -log p(label)}, probabilities clipped below at 1e-10 as DL4J's
 *                 MCXENT loss does
 * @param examples number of examples evaluated
 */
public record Accuracy(double accuracy, double loss, long examples) {

    private static final double CLIP = 1e-10;

    /** Evaluates {@code net} on the batches of {@code data} (reset first, and left at its end). */
    public static Accuracy of(MultiLayerNetwork net, DataSetIterator data) {
        data.reset();
        long correct = 0;
        long n = 0;
        double lossSum = 0;
        while (data.hasNext()) {
            DataSet batch = data.next();
            INDArray labels = batch.getLabels();
            INDArray out = net.output(batch.getFeatures(), false);
            INDArray predicted = Nd4j.argMax(out, 1);
            INDArray actual = Nd4j.argMax(labels, 1);
            correct += predicted.eq(actual).castTo(DataType.INT64).sumNumber().longValue();
            INDArray p = Transforms.max(out.mul(labels).sum(1).castTo(DataType.DOUBLE), CLIP, false);
            lossSum -= Transforms.log(p, false).sumNumber().doubleValue();
            n += labels.size(0);
        }
        if (n == 0) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
        return new Accuracy((double) correct / n, lossSum / n, n);
    }
}
