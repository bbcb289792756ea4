package org.expressivity4j.dl4j.freeze;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The runtime layer of a {@link FrozenWrapper}: the inner layer, built from its frozen copy (the
 * {@link FrozenUpdater} for every parameter, no regularization or constraints, batch norm with {@code decay = 1}), to
 * which everything is delegated: forward passes in the network's mode, backpropagation (so the layers below get their
 * gradients), and the score's terms (a trajectory-regularization penalty stays in the loss). Only constraints are not
 * applied. A frozen output layer is an {@link Output}, which DL4J's networks need at their end.
 */
public class FrozenWrapperLayer extends BaseWrapperLayer {

    public FrozenWrapperLayer(Layer inner) {
        super(inner);
    }

    /** The inner layer. */
    public Layer inner() {
        return underlying;
    }

    /** None: a frozen layer's parameters do not move. */
    @Override
    public void applyConstraints(int iteration, int epoch) {
    }

    @Override
    public String toString() {
        return "FrozenWrapperLayer(" + underlying + ")";
    }

    /** The frozen wrapper of an output layer: also an {@link IOutputLayer}, delegating labels and scores. */
    public static class Output extends FrozenWrapperLayer implements IOutputLayer {

        private final IOutputLayer output;

        public Output(IOutputLayer inner) {
            super(inner);
            this.output = inner;
        }

        @Override
        public boolean needsLabels() {
            return output.needsLabels();
        }

        @Override
        public void setLabels(INDArray labels) {
            output.setLabels(labels);
        }

        @Override
        public INDArray getLabels() {
            return output.getLabels();
        }

        @Override
        public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
            return output.computeScore(fullNetRegTerm, training, workspaceMgr);
        }

        @Override
        public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
            return output.computeScoreForExamples(fullNetRegTerm, workspaceMgr);
        }

        @Override
        public double f1Score(DataSet data) {
            return output.f1Score(data);
        }

        @Override
        public double f1Score(INDArray examples, INDArray labels) {
            return output.f1Score(examples, labels);
        }

        @Override
        public int numLabels() {
            return output.numLabels();
        }

        @Override
        public void fit(DataSetIterator iter) {
            throw new UnsupportedOperationException("a frozen output layer is not fitted on its own");
        }

        @Override
        public int[] predict(INDArray examples) {
            return output.predict(examples);
        }

        @Override
        public List<String> predict(DataSet dataSet) {
            return output.predict(dataSet);
        }

        @Override
        public void fit(INDArray examples, INDArray labels) {
            throw new UnsupportedOperationException("a frozen output layer is not fitted on its own");
        }

        @Override
        public void fit(DataSet data) {
            throw new UnsupportedOperationException("a frozen output layer is not fitted on its own");
        }

        @Override
        public void fit(INDArray examples, int[] labels) {
            throw new UnsupportedOperationException("a frozen output layer is not fitted on its own");
        }
    }
}
