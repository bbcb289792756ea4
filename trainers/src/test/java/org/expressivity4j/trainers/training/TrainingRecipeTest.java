package org.expressivity4j.trainers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.expressivity4j.datasets.Augmentation;
import org.expressivity4j.dl4j.schedule.OneCycleSchedule;
import org.expressivity4j.trainers.figures.bnvstrajreg.BnVsTrajRegExperimentTest;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;

class TrainingRecipeTest {

    @Test
    void sgdOneCycleBuildsNesterovWithTheScheduleOverTheRun() {
        TrainingRecipe r = TrainingRecipe.sgdOneCycle(0.05);
        Nesterovs n = assertInstanceOf(Nesterovs.class, r.updater(4692));
        assertEquals(0.9, n.getMomentum(), 0.0);
        OneCycleSchedule s = assertInstanceOf(OneCycleSchedule.class, n.getLearningRateSchedule());
        assertEquals(4692, s.getTotalIterations());
        assertEquals(0.05, s.valueAt(s.warmupIterations(), 0), 1e-15);
        assertEquals(Augmentation.CIFAR10_STANDARD, r.augmentation());
        assertEquals(5e-4, r.weightDecay(), 0.0);
    }

    @Test
    void adamIsConstantWithoutAugmentation() {
        Adam a = assertInstanceOf(Adam.class, TrainingRecipe.adam(1e-3).updater(100));
        assertNull(a.getLearningRateSchedule());
        assertEquals(1e-3, a.getLearningRate(), 0.0);
        assertEquals(Augmentation.NONE, TrainingRecipe.adam(1e-3).augmentation());
    }

    @Test
    void onlyTheTrainingIteratorIsAugmented() {
        TrainingData d = BnVsTrajRegExperimentTest.data();
        var layout = org.expressivity4j.datasets.ImageDataSetIterator.Layout.NCHW;
        assertEquals(Augmentation.CIFAR10_STANDARD,
                d.trainIterator(8, 1, layout, 0, Augmentation.CIFAR10_STANDARD).augmentation());
        assertEquals(Augmentation.NONE, d.trainIterator(8, 1, layout, 0).augmentation());
        assertEquals(Augmentation.NONE, d.evalIterator(d.test(), 8, layout).augmentation());
    }

    @Test
    void badValuesNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainingRecipe(
                TrainingRecipe.Optimizer.SGD_NESTEROV, 0.1, TrainingRecipe.Schedule.CONSTANT, 1.0, 0, Augmentation.NONE));
        assertEquals("momentum must be in [0, 1), got 1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingRecipe.sgdOneCycle(Double.NaN));
    }
}
