package org.expressivity4j.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.expressivity4j.trainers.run.Manifest;
import org.expressivity4j.trainers.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(IsolatedData.class)
public class CliTest {

    @TempDir
    Path tmp;

    /** Exit code, standard output and standard error of one invocation. */
    public record Outcome(int code, String out, String err) {
    }

    public static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Expressivity4j.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommands() {
        Outcome o = run("--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("data-info") && o.out().contains("bench"), o.out());
    }

    @Test
    void versionNamesTheProgramAndDl4j() {
        Outcome o = run("--version");
        assertEquals(0, o.code());
        assertTrue(o.out().startsWith("expressivity4j "), o.out());
        assertTrue(o.out().contains("1.0.0-M2.1"), o.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "data-info --seed notanumber", "data-info --dataset imagenet",
        "bench data-load --rounds 0", "no-such-command", "data-info --threads 0", "bench trajreg-step --batch 1",
        "bench trajreg-step --width 0", "train-one-layer --epochs 0", "train-one-layer --dataset imagenet",
        "train-one-layer --layers h10", "train-one-layer --layers h2,h2", "train-one-layer --resume",
        "noise-robustness --noise-scale huge", "noise-robustness --magnitudes -1",
        "noise-robustness --model /no/such/model.zip", "noise-robustness --noise-seeds 0",
        "noise-robustness --width-multiplier 0", "data-info --threads 1000000",
        "bench backend --no-torch --python /usr/bin/python3", "bench train-one-layer --no-torch --torch-script x.py",
        "bench propagation --no-torch --torch-script x.py", "bench backend --torch-script /no/such/script.py",
        "bn-vs-trajreg --width-multiplier 1e6", "noise-robustness --width-multiplier 30",
        "bench trajreg-step --width-multiplier 1e-9", "noise-robustness --width-multiplier 0.0078",
        "linearity --width 2000000000", "trajectory-picture --width 1", "transitions --plot-depths 100",
        "bn-vs-trajreg --quick --probe-every 100", "bn-vs-trajreg --eval-every 0", "bn-vs-trajreg --probe-points 1",
        "bn-vs-trajreg --trajreg-coefficient NaN", "bn-vs-trajreg --weight-variance 0",
        "bn-vs-trajreg --width-multiplier -0.5", "train-one-layer --test-examples 20000",
        "train-one-layer --train-examples 100000", "train-one-layer --train-examples 3",
        "train-one-layer --train-examples 1000 --batch 2000", "train-one-layer --train-examples 500 "
        + "--train-eval-examples 600", "noise-robustness --dataset mnist --width-multiplier 0.5",
        "noise-robustness --hidden-layers 3", "train-one-layer --learning-rate 1e39",
        "bn-vs-trajreg --quick --momentum 0.5", "bn-vs-trajreg --variants none,batchnorm --trajreg-coefficient 0.1",
        "trajectory-picture --polygon-vertices 50", "bench propagation --no-torch --torch-timeout 5",
        "noise-robustness --layers foo", "noise-robustness --dataset mnist --hidden-layers 3 --layers h4"})
    void badArgumentsExitTwoWithAOneLineErrorAndUsage(String line) {
        Outcome o = run(line.split(" "));
        assertEquals(2, o.code(), o.err());
        String[] lines = o.err().split("\n");
        assertTrue(lines[0].startsWith("expressivity4j"), o.err());
        assertTrue(o.err().contains("Usage: expressivity4j"), o.err());
        assertTrue(o.err().contains("--help"), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace for a user's mistake: " + o.err());
        assertEquals("", o.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-2"})
    void aBadThreadCountFromTheEnvironmentIsAUsageError(String value) {
        // EXPRESSIVITY4J_THREADS and the system property are read alike; the property can be set in a test.
        System.setProperty("expressivity4j.threads", value);
        try {
            Outcome o = run("data-info", "--offline", "--out", tmp.resolve("t" + value).toString());
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains("expressivity4j.threads must be a positive integer, got '" + value + "'"),
                    o.err());
            assertFalse(o.err().contains("\tat "), o.err());
        } finally {
            System.clearProperty("expressivity4j.threads");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOUD", ""})
    void anUnknownLogLevelIsAUsageError(String level) {
        // logback reads EXPRESSIVITY4J_LOG_LEVEL from a system property of that name first, then the environment.
        System.setProperty("EXPRESSIVITY4J_LOG_LEVEL", level);
        try {
            Outcome o = run("data-info", "--offline", "--out", tmp.resolve("log").toString());
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().startsWith("expressivity4j data-info: EXPRESSIVITY4J_LOG_LEVEL must be one of TRACE, "
                    + "DEBUG, INFO, WARN, ERROR, OFF, ALL, got '" + level + "'"), o.err());
        } finally {
            System.clearProperty("EXPRESSIVITY4J_LOG_LEVEL");
        }
    }

    @Test
    void missingDataIsAClearFailureRecordedInTheRun() throws Exception {
        Path out = tmp.resolve("run");
        Outcome o = run("data-info", "--offline", "--data-dir", tmp.resolve("empty").toString(), "--dataset", "mnist",
                "--out", out.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("MNIST was not found"), o.err());
        assertTrue(o.err().contains("train-images-idx3-ubyte"), o.err());
        assertTrue(o.err().contains(tmp.resolve("empty").toString()), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
        Manifest m = RunDirectory.readManifest(out);
        assertEquals("failed", m.status());
        assertTrue(Files.readString(out.resolve("summary.md")).contains("Not available"));
    }

    @Test
    void trajRegBenchWritesStepTimesAndRatios() throws Exception {
        Path out = tmp.resolve("bench");
        // The smallest width multiplier: one channel in every convolution.
        Outcome o = run("bench", "trajreg-step", "--quick", "--rounds", "1", "--batch", "4", "--width-multiplier",
                "0.0078125", "--layer-fits", "1", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("trajectory regularization / batch norm"), summary);
        assertTrue(summary.contains("Command: `expressivity4j bench trajreg-step --quick --rounds 1"), summary);
        assertTrue(summary.contains("The normalization layers alone"), summary);
        // Header; for each of the three variants one step time and one inference time per round; for batch norm
        // and trajectory regularization, one training and one inference cost per position and round.
        assertEquals(1 + 3 * 2 + 2 * 4 * 2, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertEquals("completed", RunDirectory.readManifest(out).status());
    }

    @Test
    void trainingOptionsDoNotApplyToALoadedModel() throws Exception {
        Path model = Files.writeString(tmp.resolve("model.zip"), "not opened: refused before");
        Outcome o = run("noise-robustness", "--model", model.toString(), "--epochs", "3", "--learning-rate", "0.1",
                "--offline", "--out", tmp.resolve("run").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("expressivity4j noise-robustness: --epochs, --learning-rate do not apply with "
                + "--model"), o.err());
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    @Test
    void anExistingRunIsNeverOverwritten() {
        Path out = tmp.resolve("run");
        run("data-info", "--offline", "--data-dir", tmp.toString(), "--dataset", "mnist", "--out", out.toString());
        Outcome again = run("data-info", "--offline", "--dataset", "mnist", "--out", out.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a run"), again.err());
    }

    @ParameterizedTest
    @CsvSource({"dichotomies,--base-width,--layer-width,2147483647",
        "bench trajreg-step,--width-multiplier,--width,1e300", "bench propagation,--depth,--layers,2147483647"})
    void renamedOptionsShowTheirNewNameAndStillAcceptTheOldOne(String command, String name, String old,
                                                                String tooLarge) {
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        Outcome help = run(args.toArray(String[]::new));
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains(name + "="), help.out());
        assertFalse(help.out().contains(old + "="), "the old spelling is hidden: " + help.out());
        List<String> bad = new java.util.ArrayList<>(List.of(command.split(" ")));
        // A value in range but too large to hold: the memory check names the new option with the old one's value.
        bad.addAll(List.of(old, tooLarge, "--offline"));
        Outcome o = run(bad.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains(name + " " + (tooLarge.equals("1e300") ? "1E300" : tooLarge)),
                "the old spelling sets the new option: " + o.err());
    }
}
