package org.expressivity4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void helpListsSweepBesideTheExperiments() {
        String[] r = run("--help");
        assertEquals("0", r[0], r[2]);
        for (String command : new String[] {"sweep", "reproduce", "trajectory-growth", "bn-vs-trajreg", "bench"}) {
            assertTrue(r[1].contains(command), command + " missing from:\n" + r[1]);
        }
    }

    @Test
    void sweepHelpRendersWithoutFormatWarnings() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        String[] r;
        try {
            r = run("sweep", "--help");
        } finally {
            System.setErr(original);
        }
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("--grid=NAME=V1,V2") && r[1].contains("95% confidence"), r[1]);
        assertTrue(!captured.toString(java.nio.charset.StandardCharsets.UTF_8).contains("picocli WARN"),
                captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void sweepErrorsGetTheCommandLinesHandlingAndStreams() {
        String[] r = run("sweep", "trajectory-growth", "--grid", "bogus=1,2");
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("expressivity4j sweep: trajectory-growth has no option --bogus"), r[2]);
        assertTrue(r[2].contains("Usage: expressivity4j sweep"), r[2]);
    }
}
