package org.expressivity4j.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.expressivity4j.dl4j.listeners.CsvFile;
import org.expressivity4j.trainers.Expressivity4j;
import org.expressivity4j.trainers.run.AtomicFiles;
import org.expressivity4j.trainers.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps on a real Spark in local mode (loopback only), on trajectory-picture's tiny budgets. */
class SweepLocalTest {

    /** A cheap experiment: one random network of width W and depth 2, 64 trajectory points. */
    static final String[] COMMAND = {"trajectory-picture", "--depth", "2", "--points", "64"};

    @TempDir
    Path tmp;

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Expressivity4j.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                SweepCommand.commandLine()).execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void eachCellEqualsTheCommandRunAloneAndTheAggregateIsTheirMean() throws Exception {
        Path sweep = tmp.resolve("sweep");
        Outcome o = run(concat(concat(new String[] {"sweep"}, COMMAND), "--grid", "seed=1,2", "--grid", "width=6,10",
                "--master", "local[2]", "--out", sweep.toString()));
        assertEquals(0, o.code(), o.err());
        List<Path> cells;
        try (var list = Files.list(sweep.resolve("cells"))) {
            cells = list.sorted().toList();
        }
        assertEquals(List.of("1_seed-1_width-6", "2_seed-1_width-10", "3_seed-2_width-6", "4_seed-2_width-10"),
                cells.stream().map(p -> p.getFileName().toString()).toList());
        // the same cell run alone, with the same options and thread count, writes the same metrics
        for (String[] cell : List.of(new String[] {"1", "6", "1_seed-1_width-6"},
                new String[] {"2", "10", "4_seed-2_width-10"})) {
            Path alone = tmp.resolve("alone-" + cell[2]);
            int code = Expressivity4j.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                    concat(COMMAND, "--seed", cell[0], "--width", cell[1], "--threads", "1", "--out", alone.toString()));
            assertEquals(0, code);
            assertArrayEquals(Files.readAllBytes(alone.resolve("metrics.csv")),
                    Files.readAllBytes(sweep.resolve("cells").resolve(cell[2]).resolve("metrics.csv")), cell[2]);
        }
        // the same grid without Spark, one cell after another: the same files
        Path here = tmp.resolve("no-spark");
        Outcome plain = run(concat(concat(new String[] {"sweep"}, COMMAND), "--grid", "seed=1,2", "--grid",
                "width=6,10", "--no-spark", "--out", here.toString()));
        assertEquals(0, plain.code(), plain.err());
        for (Path cell : cells) {
            assertArrayEquals(Files.readAllBytes(cell.resolve("metrics.csv")),
                    Files.readAllBytes(here.resolve("cells").resolve(cell.getFileName()).resolve("metrics.csv")));
        }
        assertArrayEquals(Files.readAllBytes(sweep.resolve("aggregate.csv")),
                Files.readAllBytes(here.resolve("aggregate.csv")));
        // cells differ where their options differ
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(cells.get(0).resolve("metrics.csv")),
                Files.readAllBytes(cells.get(2).resolve("metrics.csv"))), "seeds 1 and 2 gave the same numbers");

        // aggregate: mean and sd over the two seeds, per width, of a headline number
        String metric = "length_per_layer/2";
        List<List<String>> rows = CsvFile.read(sweep.resolve("aggregate.csv"));
        assertEquals(List.of("width", "metric", "n", "mean", "sd", "ci95_low", "ci95_high"), rows.get(0));
        for (String width : List.of("6", "10")) {
            double a = result(sweep, "seed-1_width-" + width, metric);
            double b = result(sweep, "seed-2_width-" + width, metric);
            List<String> row = rows.stream().filter(r -> r.get(0).equals(width) && r.get(1).equals(metric))
                    .findFirst().orElseThrow();
            assertEquals("2", row.get(2));
            assertEquals((a + b) / 2, Double.parseDouble(row.get(3)), 1e-9 * Math.abs(a + b));
            assertEquals(Math.abs(a - b) / Math.sqrt(2), Double.parseDouble(row.get(4)), 1e-9 * Math.abs(a + b));
        }
        String summary = Files.readString(sweep.resolve("summary.md"));
        assertTrue(summary.contains("Cells: 4, finished 4, failed 0"), summary);
        assertTrue(summary.contains("width=6") && summary.contains(metric), summary);
        assertTrue(summary.lines().anyMatch(l -> l.matches("\\| --width +\\| `6` `10` +\\|")), summary);
        try (var plots = Files.list(sweep.resolve("plots"))) {
            assertTrue(plots.anyMatch(p -> p.toString().endsWith(".png")));
        }
        SweepRecord record = SweepRecord.read(sweep.resolve(SweepCommand.SWEEP_JSON));
        assertEquals("completed", record.status());
        assertEquals(Map.of("seed", List.of("1", "2"), "width", List.of("6", "10")), record.grid());
        assertEquals(4, record.cells().get("completed"));

        // resume after a kill that lost one cell: only that cell runs again
        Path lost = sweep.resolve("cells").resolve("3_seed-2_width-6");
        byte[] lostMetrics = Files.readAllBytes(lost.resolve("metrics.csv"));
        AtomicFiles.deleteTree(lost);
        Map<Path, Long> before = new java.util.HashMap<>();
        for (Path c : List.of(cells.get(0), cells.get(1), cells.get(3))) {
            before.put(c, Files.getLastModifiedTime(c.resolve(SweepCommand.CELL_JSON)).toMillis());
        }
        Thread.sleep(1100);
        Outcome resumed = run(concat(concat(new String[] {"sweep"}, COMMAND), "--grid", "seed=1,2", "--grid",
                "width=6,10", "--master", "local[2]", "--out", sweep.toString(), "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertArrayEquals(lostMetrics, Files.readAllBytes(lost.resolve("metrics.csv")));
        before.forEach((c, t) -> {
            try {
                assertEquals(t, Files.getLastModifiedTime(c.resolve(SweepCommand.CELL_JSON)).toMillis(),
                        c + " was run again");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(1, SweepRecord.read(sweep.resolve(SweepCommand.SWEEP_JSON)).resumes().size());

        // a resume with another grid is refused
        Outcome other = run(concat(concat(new String[] {"sweep"}, COMMAND), "--grid", "seed=1,2,3", "--grid",
                "width=6,10", "--out", sweep.toString(), "--resume"));
        assertEquals(2, other.code());
        assertTrue(other.err().contains("same command, arguments and grid"), other.err());
    }

    private static double result(Path sweep, String suffix, String metric) throws Exception {
        try (var list = Files.list(sweep.resolve("cells"))) {
            Path cell = list.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
            return Aggregation.flatten(RunDirectory.readManifest(cell).results()).get(metric);
        }
    }

    @Test
    void aFailingCellIsReportedWhileTheOthersFinish() throws Exception {
        Path sweep = tmp.resolve("failing");
        Outcome o = run(concat(concat(new String[] {"sweep"}, COMMAND), "--grid", "width=6,0,10",
                "--master", "local[1]", "--max-attempts", "2", "--out", sweep.toString()));
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().contains("1 cell(s) failed") && o.err().contains("2_width-0"), o.err());
        assertTrue(Files.exists(sweep.resolve("cells/1_width-6/cell.json")));
        assertTrue(Files.exists(sweep.resolve("cells/3_width-10/cell.json")));
        assertFalse(Files.exists(sweep.resolve("cells/2_width-0")));
        String summary = Files.readString(sweep.resolve("summary.md"));
        assertTrue(summary.contains("## Failed cells") && summary.contains("2_width-0")
                && summary.contains("--width"), summary);
        SweepRecord record = SweepRecord.read(sweep.resolve(SweepCommand.SWEEP_JSON));
        assertEquals("failed", record.status());
        assertEquals(Set.of("2_width-0"), record.failed().keySet());
        List<List<String>> cells = CsvFile.read(sweep.resolve("cells.csv"));
        assertEquals("failed", cells.get(2).get(2));
    }

    @Test
    void aSecretFileTurnsOnAuthenticationAndStaysOutOfTheFolder() throws Exception {
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, "s3cr3t-value\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Path sweep = tmp.resolve("auth");
        Outcome open = run(concat(concat(new String[] {"sweep"}, COMMAND), "--grid", "seed=1", "--secret-file",
                secret.toString(), "--out", sweep.toString()));
        assertEquals(2, open.code(), open.err());
        assertTrue(open.err().contains("chmod 600"), open.err());
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Outcome o = run(concat(concat(new String[] {"sweep"}, COMMAND), "--grid", "seed=1", "--secret-file",
                secret.toString(), "--master", "local[1]", "--conf", "spark.ssl.keyPassword=pw-on-the-line",
                "--out", sweep.toString()));
        assertEquals(0, o.code(), o.err());
        SweepRecord record = SweepRecord.read(sweep.resolve(SweepCommand.SWEEP_JSON));
        assertEquals("true", record.conf().get("spark.authenticate"));
        assertEquals("(redacted)", record.conf().get("spark.authenticate.secret"));
        try (var files = Files.walk(sweep)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(text.contains("s3cr3t-value") || text.contains("pw-on-the-line"), "a secret is in " + f);
            }
        }
    }

    @Test
    void badArgumentsAreUsageErrorsBeforeSparkStarts() {
        String out = tmp.resolve("bad").toString();
        for (String[] args : List.of(
                new String[] {"sweep", "trajectory-picture", "--out", out},
                new String[] {"sweep", "no-such-command", "--grid", "seed=1,2", "--out", out},
                new String[] {"sweep", "bench", "--grid", "seed=1,2", "--out", out},
                new String[] {"sweep", "trajectory-picture", "--grid", "bogus=1,2", "--out", out},
                new String[] {"sweep", "trajectory-picture", "--grid", "threads=1,2", "--out", out},
                new String[] {"sweep", "trajectory-picture", "--grid", "seed=1,2", "--threads", "2", "--out", out},
                new String[] {"sweep", "trajectory-picture", "--grid", "seed=1,2", "--seed", "3", "--out", out},
                new String[] {"sweep", "trajectory-picture", "--grid", "seed=1,2", "--depth", "x", "--out", out},
                new String[] {"sweep", "trajectory-picture", "--grid", "quick=yes", "--out", out},
                new String[] {"sweep", "trajectory-picture", "--grid", "seed=1,2", "--task-cpus", "0", "--out", out},
                new String[] {"sweep", "trajectory-picture", "--grid", "seed=1,2", "--resume", "--out", out},
                new String[] {"sweep", "trajectory-picture", "--grid", "seed=1,2", "--no-spark", "--master", "local",
                    "--out", out})) {
            Outcome o = run(args);
            assertEquals(2, o.code(), String.join(" ", args) + "\n" + o.err());
            assertTrue(o.err().startsWith("expressivity4j sweep: "), o.err());
            assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        }
        assertFalse(Files.exists(tmp.resolve("bad").resolve(SweepCommand.SWEEP_JSON)));
    }

    /** In local mode nothing listens on any address but loopback, and there is no web UI. */
    @Test
    void localModeListensOnLoopbackOnly() throws Exception {
        Set<String> before = listeningSockets();
        try (JavaSparkContext spark = new JavaSparkContext(SparkSetup.conf("local[1]", 1, 1, Map.of(), List.of()))) {
            assertEquals(List.of(1, 2, 3), spark.parallelize(List.of(1, 2, 3), 2).collect());
            assertTrue(spark.sc().ui().isEmpty(), "the web UI is off");
            Set<String> open = listeningSockets();
            open.removeAll(before);
            assertFalse(open.isEmpty(), "the driver listens (RPC, block manager)");
            for (String address : open) {
                // 127.0.0.1, ::1, or ::ffff:127.0.0.1
                assertTrue(address.startsWith("0100007F:") || address.startsWith("00000000000000000000000001000000:")
                                || address.startsWith("0000000000000000FFFF00000100007F:"),
                        "listening beyond loopback: " + address + " of " + open);
            }
        }
    }

    /** Local addresses (hex, as /proc/net/tcp writes them) of this process's listening TCP sockets. */
    static Set<String> listeningSockets() throws Exception {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (java.io.IOException gone) {
                    // closed meanwhile
                }
            }
        }
        Set<String> listening = new HashSet<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    listening.add(f[1]);
                }
            }
        }
        return listening;
    }
}
