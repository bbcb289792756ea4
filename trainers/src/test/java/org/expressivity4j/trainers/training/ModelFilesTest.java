package org.expressivity4j.trainers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.expressivity4j.trainers.models.Architectures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Sgd;

class ModelFilesTest {

    @TempDir
    Path tmp;

    record State(long step) {
    }

    @Test
    void aTruncatedCheckpointIsNamedWithWhatToDo() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.mlp(4, 1, 3, 2,
                org.nd4j.linalg.activations.Activation.TANH, 1.0, new Sgd(0.1), 1));
        net.init();
        Path file = tmp.resolve("checkpoints/h1.zip");
        ModelFiles.write(net, "state.json", new State(7), file);
        assertEquals(7, ModelFiles.readObject(file, "state.json", State.class).orElseThrow().step());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelFiles.restore(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("looks damaged")
                && e.getMessage().contains("delete it"), e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> ModelFiles.readObject(file, "state.json", State.class));
        assertTrue(s.getMessage().contains("looks damaged"), s.getMessage());
    }
}
