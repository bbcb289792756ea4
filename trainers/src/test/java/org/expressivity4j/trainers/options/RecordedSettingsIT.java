package org.expressivity4j.trainers.options;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.RealData;
import org.expressivity4j.trainers.CliTest;
import org.expressivity4j.trainers.run.RunSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's settings.json records the values the run used, never a default it did not use: a profile's batch larger
 * than the examples trained on, a train-accuracy subset covering them all, Adam's momentum, a loaded model's training
 * settings. Tiny runs on the real datasets (skipped without them).
 */
class RecordedSettingsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode settings(Path run) throws Exception {
        return JSON.readTree(run.resolve(RunSettings.FILE).toFile());
    }

    @Test
    void trainingOnFewExamplesAndNoiseOnALoadedModel() throws Exception {
        RealData.locateOrSkip(Dataset.MNIST, "RecordedSettingsIT");
        Path trained = tmp.resolve("one-layer");
        CliTest.Outcome o = CliTest.run("train-one-layer", "--offline", "--out", trained.toString(), "--train-examples",
                "100", "--test-examples", "50", "--epochs", "1", "--layers", "h2", "--threads", "1");
        assertEquals(0, o.code(), o.err());
        JsonNode s = settings(trained);
        // The full profile's batch of 128 and train-accuracy subset of 10,000: 100 examples are one batch of 100,
        // all of them measured (0).
        assertEquals(100, s.get("batchSize").asInt(), s.toString());
        assertEquals(0, s.get("trainEvalExamples").asInt(), s.toString());
        assertEquals(100, s.get("trainExamples").asInt(), s.toString());

        Path noise = tmp.resolve("noise");
        CliTest.Outcome n = CliTest.run("noise-robustness", "--dataset", "mnist", "--offline", "--out", noise.toString(),
                "--model", trained.resolve("models/h2.zip").toString(), "--test-examples", "50", "--magnitudes",
                "0,1", "--noise-seeds", "1", "--layers", "h2", "--threads", "1");
        assertEquals(0, n.code(), n.err());
        JsonNode loaded = settings(noise);
        for (String field : new String[] {"epochs", "batchSize", "trainExamples", "trainEvalExamples", "batchLimit"}) {
            assertEquals(0, loaded.get(field).asInt(), field + ": nothing is trained: " + loaded);
        }
        assertEquals(0.0, loaded.get("learningRate").asDouble(), loaded.toString());
        assertEquals(50, loaded.get("testExamples").asInt(), loaded.toString());
    }

    @Test
    void adamHasNoMomentum() throws Exception {
        RealData.locateOrSkip(Dataset.CIFAR10, "RecordedSettingsIT");
        Path out = tmp.resolve("bn");
        CliTest.Outcome o = CliTest.run("bn-vs-trajreg", "--quick", "--offline", "--out", out.toString(), "--variants",
                "none", "--width-multiplier", "0.05", "--train-examples", "40", "--test-examples", "20", "--batch", "8",
                "--epochs", "1", "--eval-every", "5", "--probe-points", "5", "--threads", "1");
        assertEquals(0, o.code(), o.err());
        JsonNode recipe = settings(out).get("experiment").get("recipe");
        assertEquals("ADAM", recipe.get("optimizer").asText(), recipe.toString());
        assertEquals(0.0, recipe.get("momentum").asDouble(), recipe.toString());
    }
}
