package org.expressivity4j.trainers.training;

import java.util.Locale;
import java.util.Objects;
import org.expressivity4j.datasets.Augmentation;
import org.expressivity4j.dl4j.schedule.OneCycleSchedule;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * How a CIFAR-10 conv net is trained: optimizer, learning rate and its schedule, momentum, L2 weight decay and
 * training-set augmentation. One recipe serves every variant of a comparison, so that only the normalization
 * differs.
 *
 * @param optimizer    Adam, or SGD with Nesterov momentum
 * @param learningRate Adam's rate, or the peak rate of the one-cycle schedule
 * @param schedule     constant, or one cycle over the whole run ({@link OneCycleSchedule}: linear warm-up over 15% of
 *                     the steps from rate / 25, cosine annealing to rate / 10^4)
 * @param momentum     Nesterov momentum (SGD only; 0 for Adam)
 * @param weightDecay  L2 coefficient on every weight (not biases, gamma, beta or lambda), PyTorch's SGD
 *                     {@code weight_decay}; 0 for none
 * @param augmentation applied to the training batches only
 */
public record TrainingRecipe(Optimizer optimizer, double learningRate, Schedule schedule, double momentum,
                             double weightDecay, Augmentation augmentation) {

    /** The optimizers. */
    public enum Optimizer { ADAM, SGD_NESTEROV }

    /** Learning-rate schedules. */
    public enum Schedule { CONSTANT, ONE_CYCLE }

    /**
     * The recipe of the standard and full profiles: SGD with Nesterov momentum 0.9, a one-cycle schedule peaking at
     * 0.05, weight decay 5e-4, random crop (padding 4) and horizontal flip.
     */
    public static TrainingRecipe sgdOneCycle(double peak) {
        return new TrainingRecipe(Optimizer.SGD_NESTEROV, peak, Schedule.ONE_CYCLE, 0.9, 5e-4,
                Augmentation.CIFAR10_STANDARD);
    }

    /** Adam at a constant rate, no weight decay, no augmentation: the quick profile's recipe. */
    public static TrainingRecipe adam(double learningRate) {
        return new TrainingRecipe(Optimizer.ADAM, learningRate, Schedule.CONSTANT, 0.0, 0.0, Augmentation.NONE);
    }

    public TrainingRecipe {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(augmentation, "augmentation");
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
    }

    /** The DL4J updater for a run of {@code totalSteps} steps. */
    public IUpdater updater(long totalSteps) {
        ISchedule lr = schedule == Schedule.ONE_CYCLE
                ? new OneCycleSchedule(learningRate, Math.toIntExact(Math.max(1, totalSteps))) : null;
        return switch (optimizer) {
            case ADAM -> lr == null ? new Adam(learningRate) : new Adam(lr);
            case SGD_NESTEROV -> lr == null ? new Nesterovs(learningRate, momentum) : new Nesterovs(lr, momentum);
        };
    }

    /** One line for summaries, e.g. {@code SGD, Nesterov momentum 0.9, one-cycle peak 0.05, weight decay 0.0005, ...}. */
    public String describe() {
        String opt = optimizer == Optimizer.ADAM ? "Adam"
                : String.format(Locale.ROOT, "SGD with Nesterov momentum %s", fmt(momentum));
        String lr = schedule == Schedule.ONE_CYCLE
                ? "one-cycle learning rate peaking at " + fmt(learningRate) + " (15% linear warm-up, cosine decay)"
                : "learning rate " + fmt(learningRate);
        String wd = weightDecay > 0 ? ", weight decay " + fmt(weightDecay) : "";
        return opt + ", " + lr + wd + ", augmentation: " + augmentation.describe();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%s", (float) v);
    }
}
