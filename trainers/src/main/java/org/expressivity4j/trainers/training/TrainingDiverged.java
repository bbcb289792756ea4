package org.expressivity4j.trainers.training;

import java.util.Locale;
import org.expressivity4j.trainers.run.RunFailure;

/**
 * Training produced a non-finite loss or non-finite weights: the run stops with status {@code diverged}. The rows
 * recorded up to that step (non-finite values included, as data) stay in {@code metrics.csv}, and the last
 * checkpoint stays the last finite network.
 */
public final class TrainingDiverged extends RunFailure {

    private static final long serialVersionUID = 1L;

    private final String network;
    private final long step;
    private final double loss;

    public TrainingDiverged(String network, long step, int epoch, double loss, boolean finiteWeights) {
        super(String.format(Locale.ROOT, "%s diverged at epoch %d, step %d: %s; try a smaller --learning-rate "
                        + "(or a smaller initial weight scale)", network, epoch + 1, step,
                Double.isFinite(loss) && !finiteWeights ? "non-finite weights" : "loss " + loss));
        this.network = network;
        this.step = step;
        this.loss = loss;
    }

    /** The network that diverged. */
    public String network() {
        return network;
    }

    /** The step (1-based count of updates) after which the loss or the weights were non-finite. */
    public long step() {
        return step;
    }

    /** The training loss of that step. */
    public double loss() {
        return loss;
    }

    @Override
    public String status() {
        return "diverged";
    }
}
