package org.expressivity4j.trainers.training;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Classification accuracy and mean cross-entropy of a network over every batch of an iterator, in inference mode.
 *
 * @param accuracy fraction of examples whose most probable class is the label (ties: the lowest class index)
 * @param loss     mean over examples of {@code -log p(label)}, probabilities clipped below at 1e-10 as DL4J's
 *                 MCXENT loss does (NaN from {@link #accuracyOf}, which does not compute it)
 * @param examples number of examples evaluated
 */
public record Accuracy(double accuracy, double loss, long examples) {

    private static final double CLIP = 1e-10;

    /** Evaluates {@code net} on the batches of {@code data} (reset first, and left at its end). */
    public static Accuracy of(MultiLayerNetwork net, DataSetIterator data) {
        data.reset();
        Sum sum = new Sum(true);
        while (data.hasNext()) {
            sum.add(net, data.next());
        }
        return sum.result();
    }

    /**
     * Evaluates {@code net} on {@code batches}, e.g. cached activations of the layers below {@code net} (the same
     * arithmetic as {@link #of(MultiLayerNetwork, DataSetIterator)}, batch by batch).
     */
    public static Accuracy of(MultiLayerNetwork net, Iterable<DataSet> batches) {
        Sum sum = new Sum(true);
        for (DataSet batch : batches) {
            sum.add(net, batch);
        }
        return sum.result();
    }

    /** The accuracy alone (loss NaN) on the batches of {@code data} (reset first, and left at its end). */
    public static Accuracy accuracyOf(MultiLayerNetwork net, DataSetIterator data) {
        data.reset();
        Sum sum = new Sum(false);
        while (data.hasNext()) {
            sum.add(net, data.next());
        }
        return sum.result();
    }

    /** The accuracy alone (loss NaN), which needs fewer array operations per batch. */
    public static Accuracy accuracyOf(MultiLayerNetwork net, Iterable<DataSet> batches) {
        Sum sum = new Sum(false);
        for (DataSet batch : batches) {
            sum.add(net, batch);
        }
        return sum.result();
    }

    /**
     * The number of rows of {@code out} whose largest value (the first, on a tie; a NaN never counts as largest
     * unless the row starts with it) is in the column of the largest value of the same row of {@code labels}: the
     * comparison ND4J's {@code argMax} makes, done here on one copy of each array instead of five array operations.
     */
    static long correct(INDArray out, INDArray labels) {
        if (out.rank() != 2 || !java.util.Arrays.equals(out.shape(), labels.shape())) {
            throw new IllegalArgumentException("outputs " + java.util.Arrays.toString(out.shape()) + " and labels "
                    + java.util.Arrays.toString(labels.shape()) + " must be matrices of one shape");
        }
        int rows = (int) out.size(0);
        int classes = (int) out.size(1);
        double[] o = values(out);
        double[] l = values(labels);
        long correct = 0;
        for (int r = 0; r < rows; r++) {
            if (argMax(o, r * classes, classes) == argMax(l, r * classes, classes)) {
                correct++;
            }
        }
        return correct;
    }

    private static int argMax(double[] v, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[from + j] > v[from + best]) {
                best = j;
            }
        }
        return best;
    }

    /** The values in C order. */
    private static double[] values(INDArray a) {
        INDArray c = a.ordering() == 'c' && !a.isView() && a.data().length() == a.length() ? a : a.dup('c');
        return c.data().asDouble();
    }

    /** Correct predictions and summed loss over batches. */
    private static final class Sum {
        private final boolean withLoss;
        private long correct;
        private long n;
        private double lossSum;

        Sum(boolean withLoss) {
            this.withLoss = withLoss;
            this.lossSum = withLoss ? 0 : Double.NaN;
        }

        void add(MultiLayerNetwork net, DataSet batch) {
            INDArray labels = batch.getLabels();
            INDArray out = net.output(batch.getFeatures(), false);
            correct += correct(out, labels);
            if (withLoss) {
                INDArray p = Transforms.max(out.mul(labels).sum(1).castTo(DataType.DOUBLE), CLIP, false);
                lossSum -= Transforms.log(p, false).sumNumber().doubleValue();
            }
            n += labels.size(0);
        }

        Accuracy result() {
            if (n == 0) {
                throw new IllegalArgumentException("no examples to evaluate");
            }
            return new Accuracy((double) correct / n, lossSum / n, n);
        }
    }
}
