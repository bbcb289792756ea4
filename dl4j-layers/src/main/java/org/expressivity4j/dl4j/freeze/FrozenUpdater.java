package org.expressivity4j.dl4j.freeze;

import java.util.Collections;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The updater of a frozen layer (see {@link LayerFreezing}): every update is exactly +0, so parameters stay
 * bit-identical whatever the gradient (also NaN or infinite), while the gradient itself still flows to the layers
 * below. It has no learning rate, so {@code net.setLearningRate(...)} leaves frozen layers frozen, and no state.
 *
 * <p>Why not DL4J's own: {@code NoOp} applies the raw gradient (it does not freeze); {@code Sgd(0)} multiplies it by
 * 0, which is -0 for negative gradients and NaN for infinite ones, and a network-wide {@code setLearningRate} would
 * give it a learning rate again.
 */
public final class FrozenUpdater implements IUpdater {

    private static final long serialVersionUID = 1L;

    @Override
    public long stateSize(long numParams) {
        return 0;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        return new Zeroing(this);
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        return new Zeroing(this);
    }

    @Override
    public FrozenUpdater clone() {
        return new FrozenUpdater();
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return Double.NaN;
    }

    @Override
    public boolean hasLearningRate() {
        return false;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        throw new UnsupportedOperationException("a frozen layer has no learning rate");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrozenUpdater;
    }

    @Override
    public int hashCode() {
        return FrozenUpdater.class.hashCode();
    }

    @Override
    public String toString() {
        return "FrozenUpdater";
    }

    /** Replaces the gradient by the update +0. */
    private record Zeroing(FrozenUpdater config) implements GradientUpdater<FrozenUpdater> {

        @Override
        public FrozenUpdater getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            if (stateMap != null && !stateMap.isEmpty()) {
                throw new IllegalStateException("a frozen layer's updater has no state, got " + stateMap.keySet());
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Collections.emptyMap();
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder,
                                      boolean initialize) {
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            gradient.assign(0.0);
        }
    }
}
