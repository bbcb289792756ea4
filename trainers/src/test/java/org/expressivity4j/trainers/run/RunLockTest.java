package org.expressivity4j.trainers.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.expressivity4j.trainers.CliTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondLockOnTheSameFolderIsRefusedUntilTheFirstIsReleased() {
        Path folder = tmp.resolve("run");
        RunLock first = RunLock.acquire(folder);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunLock.acquire(folder));
        assertTrue(e.getMessage().contains("in use by another run") && e.getMessage().contains("process "
                + ProcessHandle.current().pid()), e.getMessage());
        first.close();
        RunLock.acquire(folder).close();
    }

    @Test
    void anotherProcessHoldingTheFolderMakesACommandExitWithAUsageError() throws Exception {
        Path folder = tmp.resolve("held");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), folder.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("locked"));
            assertEquals("locked", line, "the holder took the lock");
            CliTest.Outcome o = CliTest.run("bn-init-counterexample", "--out", folder.toString(), "--starts", "1");
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains("in use by another run (process " + holder.pid()), o.err());
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(30, TimeUnit.SECONDS);
            holder.destroyForcibly();
        }
        // The lock died with its process: the folder is usable at once.
        CliTest.Outcome after = CliTest.run("bn-init-counterexample", "--out", folder.toString(), "--starts", "1");
        assertEquals(0, after.code(), after.err());
    }

    @Test
    void emptyOrForeignOutFoldersAreUsageErrors() throws Exception {
        CliTest.Outcome empty = CliTest.run("bn-init-counterexample", "--out", "", "--starts", "1");
        assertEquals(2, empty.code(), empty.err());
        assertTrue(empty.err().contains("--out must name a folder"), empty.err());
        Path foreign = tmp.resolve("notes");
        java.nio.file.Files.createDirectories(foreign);
        java.nio.file.Files.writeString(foreign.resolve("todo.txt"), "mine");
        CliTest.Outcome mixed = CliTest.run("bn-init-counterexample", "--out", foreign.toString(), "--starts", "1");
        assertEquals(2, mixed.code(), mixed.err());
        assertTrue(mixed.err().contains("holds other files (todo.txt)"), mixed.err());
        assertEquals(1, java.nio.file.Files.list(foreign).count(), "nothing written into it");
    }
}
