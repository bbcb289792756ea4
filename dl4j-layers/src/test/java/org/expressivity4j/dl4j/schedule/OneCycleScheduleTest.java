package org.expressivity4j.dl4j.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class OneCycleScheduleTest {

    @Test
    void rateAtGivenIterations() {
        // peak 0.1 over 1000 iterations, 200 warm-up, start 0.1 / 10 = 0.01, end 0.1 / 100 = 0.001.
        OneCycleSchedule s = new OneCycleSchedule(0.1, 1000, 0.2, 10, 100);
        assertEquals(200, s.warmupIterations());
        assertEquals(0.01, s.valueAt(0, 0), 1e-15);
        assertEquals(0.01 + 0.09 * 0.5, s.valueAt(100, 0), 1e-15);
        assertEquals(0.1, s.valueAt(200, 0), 1e-15);
        // Halfway through the annealing, cos(pi / 2) = 0: the mean of peak and end.
        assertEquals((0.1 + 0.001) / 2, s.valueAt(600, 3), 1e-15);
        // A quarter through: end + (peak - end) (1 + cos(pi / 4)) / 2.
        assertEquals(0.001 + 0.099 * (1 + Math.sqrt(0.5)) / 2, s.valueAt(400, 0), 1e-15);
        assertEquals(0.001, s.valueAt(1000, 0), 1e-15);
        assertEquals(0.001, s.valueAt(5000, 0), 1e-15);
        for (int i = 200; i < 1000; i++) {
            assertTrue(s.valueAt(i + 1, 0) <= s.valueAt(i, 0), "falls after the peak, at " + i);
        }
    }

    @Test
    void noWarmupStartsAtThePeak() {
        OneCycleSchedule s = new OneCycleSchedule(0.5, 10, 0.0, 25, 1e4);
        assertEquals(0.5, s.valueAt(0, 0), 1e-15);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OneCycleSchedule(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new OneCycleSchedule(Double.NaN, 10));
        assertThrows(IllegalArgumentException.class, () -> new OneCycleSchedule(0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new OneCycleSchedule(0.1, 10, 1.0, 25, 1e4));
        assertThrows(IllegalArgumentException.class, () -> new OneCycleSchedule(0.1, 10, 0.1, 0.5, 1e4));
    }

    @Test
    void survivesJsonAndDrivesTheUpdater() {
        OneCycleSchedule s = new OneCycleSchedule(0.2, 50, 0.3, 20, 1000);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Nesterovs(s, 0.9))
                .list().layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(2)
                        .activation(Activation.IDENTITY).build()).build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        MultiLayerNetwork net = new MultiLayerNetwork(back);
        net.init();
        for (int i = 0; i < 7; i++) {
            net.fit(Nd4j.rand(4, 3), Nd4j.rand(4, 2));
        }
        // DL4J's learning rate at the network's iteration count comes from the schedule.
        assertEquals(s.valueAt(7, 0), net.getLearningRate(0), 1e-12);
    }
}
