package org.expressivity4j.trainers.figures.bnvstrajreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.RealData;
import org.expressivity4j.trainers.CliTest;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** bn-vs-trajreg from the command line: a tiny run on the real CIFAR-10 (skipped without it), and usage errors. */
class BnVsTrajRegIT {

    @TempDir
    Path tmp;

    @Test
    void aTinyRunOnRealCifarWritesTheCurvesPlotsAndSummary() throws Exception {
        RealData.locateOrSkip(Dataset.CIFAR10, "BnVsTrajRegIT");
        Path out = tmp.resolve("run");
        String[] args = {"bn-vs-trajreg", "--offline", "--out", out.toString(), "--width-multiplier", "0.05",
            "--train-examples", "40", "--test-examples", "20", "--batch", "8", "--epochs", "1", "--eval-every", "2",
            "--probe-every", "4", "--probe-points", "5", "--threads", "1"};
        CliTest.Outcome o = CliTest.run(args);
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("| trajectory regularization"), o.out());
        assertEquals("completed", RunDirectory.readManifest(out).status());
        List<MetricsCsv.Row> rows = MetricsCsv.read(out.resolve("metrics.csv"), 1);
        for (String v : List.of("none", "batchnorm", "trajreg")) {
            assertTrue(rows.contains(rows.stream().filter(r -> r.run().get(0).equals(v) && r.step() == 5
                    && r.metric().equals("test_accuracy")).findFirst().orElseThrow()), v);
            assertTrue(Files.size(out.resolve("plots/trajectory-length-" + v + ".png")) > 1000, v);
        }
        assertTrue(Files.size(out.resolve("plots/test-accuracy.png")) > 1000);
        assertTrue(Files.size(out.resolve("plots/test-accuracy-vs-time.png")) > 1000);
        // The default (full) profile's recipe, recorded for --resume to check.
        String settings = Files.readString(out.resolve("settings.json"));
        assertTrue(settings.contains("\"SGD_NESTEROV\"") && settings.contains("\"ONE_CYCLE\"")
                && settings.contains("\"padding\" : 4"), settings);
        int before = rows.size();
        // Resuming a finished run trains nothing and writes no row twice.
        String[] resume = new String[args.length + 1];
        System.arraycopy(args, 0, resume, 0, args.length);
        resume[args.length] = "--resume";
        CliTest.Outcome again = CliTest.run(resume);
        assertEquals(0, again.code(), again.err());
        assertEquals(before, MetricsCsv.read(out.resolve("metrics.csv"), 1).size());
        // Another seed or thread count would change the numbers: refused, naming the value to use.
        List<String> otherSeed = new java.util.ArrayList<>(List.of(resume));
        otherSeed.addAll(List.of("--seed", "43"));
        CliTest.Outcome seed = CliTest.run(otherSeed.toArray(String[]::new));
        assertEquals(2, seed.code(), seed.err());
        assertTrue(seed.err().contains("resume it with --seed 42"), seed.err());
        List<String> otherThreads = new java.util.ArrayList<>(List.of(resume));
        otherThreads.set(otherThreads.indexOf("--threads") + 1, "2");
        CliTest.Outcome threads = CliTest.run(otherThreads.toArray(String[]::new));
        assertEquals(2, threads.code(), threads.err());
        assertTrue(threads.err().contains("resume it with --threads 1"), threads.err());
        assertEquals(before, MetricsCsv.read(out.resolve("metrics.csv"), 1).size());
    }

    /** A run whose loss becomes NaN ends as diverged, exit 1, with its NaN rows kept as data. */
    @Test
    void divergenceIsAFailureNotAResult() throws Exception {
        RealData.locateOrSkip(Dataset.CIFAR10, "BnVsTrajRegIT");
        Path out = tmp.resolve("diverged");
        CliTest.Outcome o = CliTest.run("bn-vs-trajreg", "--offline", "--out", out.toString(), "--quick",
                "--variants", "none", "--weight-variance", "1e30", "--epochs", "1", "--batch-limit", "4",
                "--width-multiplier", "0.05", "--train-examples", "40", "--test-examples", "20", "--batch", "8",
                "--eval-every", "2", "--probe-every", "4", "--probe-points", "5", "--threads", "1");
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().contains("none diverged at epoch 1, step ") && o.err().contains("loss NaN"), o.err());
        assertEquals("diverged", RunDirectory.readManifest(out).status());
        List<MetricsCsv.Row> rows = MetricsCsv.read(out.resolve("metrics.csv"), 1);
        assertTrue(rows.stream().anyMatch(r -> r.metric().equals("train_loss") && Double.isNaN(r.value())),
                rows.toString());
        assertTrue(Files.notExists(out.resolve("models/none.zip")), "no trained model from a diverged run");
    }

    @Test
    void theInputReadingAndTheQuickRecipeAreRecorded() throws Exception {
        RealData.locateOrSkip(Dataset.CIFAR10, "BnVsTrajRegIT");
        Path out = tmp.resolve("input");
        CliTest.Outcome o = CliTest.run("bn-vs-trajreg", "--offline", "--out", out.toString(), "--quick",
                "--variants", "trajreg", "--trajreg-penalize", "input", "--width-multiplier", "0.05",
                "--train-examples", "20", "--test-examples", "10", "--batch", "5", "--epochs", "1", "--eval-every", "2",
                "--probe-every", "4", "--probe-points", "5", "--threads", "1", "--sizes", "tf-tutorial");
        assertEquals(0, o.code(), o.err());
        String settings = Files.readString(out.resolve("settings.json"));
        assertTrue(settings.contains("\"trajRegPenalized\" : \"INPUT\"") && settings.contains("\"ADAM\"")
                && settings.contains("\"c345\" : 128") && settings.contains("\"padding\" : 0"), settings);
        assertTrue(o.out().contains("on the layer's input length"), o.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--variants=none,foo", "--eval-every=3 --probe-every=4", "--resume", "--width-multiplier=0",
        "--train-eval-examples=10", "--profile=huge", "--quick --profile=full", "--optimizer=rmsprop",
        "--schedule=step", "--augment=rotate", "--trajreg-penalize=both", "--sizes=vgg", "--weight-decay=-1",
        "--momentum=1", "--learning-rate=1e39"})
    void badArgumentsAreUsageErrors(String options) {
        List<String> args = new java.util.ArrayList<>(List.of("bn-vs-trajreg"));
        args.addAll(List.of(options.split(" ")));
        CliTest.Outcome o = CliTest.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("Usage:"), o.err());
    }
}
