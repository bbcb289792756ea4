package org.expressivity4j.trainers.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.expressivity4j.trainers.Expressivity4j;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM during a run leaves its manifest saying "interrupted", not "running". */
class InterruptedRunTest {

    @TempDir
    Path tmp;

    @Test
    void sigtermMarksTheRunInterrupted() throws Exception {
        Path out = tmp.resolve("run");
        // The full trajectory-growth profile runs for minutes: long enough to be stopped in the middle.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Expressivity4j.class.getName(),
                "trajectory-growth", "--threads", "1", "--out", out.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.contains("run folder:"));
            assertTrue(line != null, "the run started");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM exits on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        Manifest m = RunDirectory.readManifest(out);
        assertEquals("interrupted", m.status());
        assertTrue(m.end() != null);
        // The lock died with the process: the folder can be used at once (here: it holds a run, so a new start is
        // refused for that reason, not for a held lock).
        RunLock.acquire(out).close();
    }
}
