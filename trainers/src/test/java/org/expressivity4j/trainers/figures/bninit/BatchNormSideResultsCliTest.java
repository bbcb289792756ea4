package org.expressivity4j.trainers.figures.bninit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.expressivity4j.trainers.run.Manifest;
import org.expressivity4j.trainers.run.RunDirectory;
import org.expressivity4j.trainers.CliTest;
import org.expressivity4j.trainers.IsolatedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code bn-init-counterexample} and {@code linearity} commands end to end, on their quick profiles. */
@ExtendWith(IsolatedData.class)
class BatchNormSideResultsCliTest {

    @TempDir
    Path tmp;

    private static CliTest.Outcome run(String... args) {
        return CliTest.run(args);
    }

    @Test
    void bnInitCounterexampleQuickRun() throws Exception {
        Path out = tmp.resolve("bn");
        CliTest.Outcome o = run("bn-init-counterexample", "--quick", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertCompleted(out, List.of("bn-cost-vs-angle", "bn-descent-paths", "bn-descent-angles", "bn-epsilon-scale"));
        String summary = Files.readString(out.resolve(RunDirectory.SUMMARY));
        assertTrue(summary.contains("(-0.339317432008"), summary);
        assertTrue(summary.contains("FAILS"), summary);
        assertTrue(o.out().contains("Results: "), o.out());
    }

    @Test
    void linearityQuickRun() throws Exception {
        Path out = tmp.resolve("lin");
        CliTest.Outcome o = run("linearity", "--quick", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertCompleted(out, List.of("residual-vs-sigma", "residual-vs-sigma-variants", "length-ratio-vs-sigma",
                "trajectory-growth-sigma-1", "trajectory-growth-sigma-0.001", "sigmoid-batchnorm"));
        String summary = Files.readString(out.resolve(RunDirectory.SUMMARY));
        assertTrue(summary.contains("1.75814"), "the exercise's alpha is discussed");
        assertTrue(Files.readString(out.resolve(RunDirectory.METRICS)).contains("bn-sigmoid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bn-init-counterexample --starts 0", "bn-init-counterexample --epsilon -1",
        "linearity --activations softmax", "linearity --samples 5", "linearity --sigmas 0.1,0"})
    void badArgumentsExitTwo(String line) {
        CliTest.Outcome o = run(line.split(" "));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("Usage: expressivity4j"), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    private static void assertCompleted(Path out, List<String> plots) throws Exception {
        Manifest m = RunDirectory.readManifest(out);
        assertEquals("completed", m.status());
        assertTrue(Files.size(out.resolve(RunDirectory.METRICS)) > 100);
        assertTrue(Files.size(out.resolve(RunDirectory.SUMMARY)) > 100);
        for (String plot : plots) {
            Path png = out.resolve("plots").resolve(plot + ".png");
            assertTrue(Files.exists(png) && Files.size(png) > 1000, png + " missing");
        }
    }
}
