package org.expressivity4j.trainers.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir
    Path tmp;

    private static Manifest start(String command) {
        return new Manifest(command, List.of(command, "--quick"), Map.of("--quick", true), 7, true, Map.of(),
                Map.of(), RunDirectory.now(), null, "running", null, null, null);
    }

    @Test
    void manifestRecordsStartAndEnd() {
        RunDirectory run = RunDirectory.create(tmp.resolve("r"), start("demo"));
        assertEquals("running", RunDirectory.readManifest(run.folder()).status());
        assertNull(RunDirectory.readManifest(run.folder()).end());
        run.complete(Map.of("accuracy", 0.5));
        Manifest m = RunDirectory.readManifest(run.folder());
        assertEquals("completed", m.status());
        assertNotNull(m.end());
        assertEquals(0.5, ((Number) m.results().get("accuracy")).doubleValue());
        assertEquals(7, m.seed());
        assertTrue(Files.isDirectory(run.folder().resolve("plots")));
    }

    @Test
    void aFolderHoldingARunIsNotOverwritten() {
        RunDirectory.create(tmp.resolve("r"), start("demo"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RunDirectory.create(tmp.resolve("r"), start("demo")));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void resumeKeepsTheRunAndRecordsTheAttempt() {
        RunDirectory first = RunDirectory.create(tmp.resolve("r"), start("demo"));
        first.fail(new IllegalStateException("killed"));
        assertEquals("killed", RunDirectory.readManifest(first.folder()).error());
        RunDirectory again = RunDirectory.resume(tmp.resolve("r"), "demo", List.of("demo", "--resume"));
        Manifest m = RunDirectory.readManifest(again.folder());
        assertEquals("running", m.status());
        assertNull(m.error());
        assertEquals(1, m.resumes().size());
        assertEquals(first.manifest().start(), m.start());
        assertThrows(IllegalStateException.class, () -> RunDirectory.resume(tmp.resolve("r"), "other", List.of()));
        assertThrows(IllegalStateException.class, () -> RunDirectory.resume(tmp.resolve("none"), "demo", List.of()));
    }

    @Test
    void atomicWritesLeaveNoTemporaryFiles() throws Exception {
        RunDirectory run = RunDirectory.create(tmp.resolve("r"), start("demo"));
        run.writeSummary("# one");
        run.writeSummary("# two");
        assertEquals("# two", Files.readString(run.file(RunDirectory.SUMMARY)));
        try (Stream<Path> files = Files.list(run.folder())) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    @Test
    void tablesFormatNumbers() {
        String table = new MarkdownTable("a", "b").row("x", 0.123456).row("y", 12345.0).render();
        assertTrue(table.contains("| x   | 0.1235 |"), table);
        assertTrue(table.contains("12345"), table);
        assertEquals("1.000e-05", MarkdownTable.format(1e-5));
    }
}
