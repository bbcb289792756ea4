package org.expressivity4j.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.expressivity4j.trainers.Expressivity4j;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on a real Spark standalone cluster on this machine: a master and a worker started as their own JVMs from
 * the main classes in Spark's jars, bound to 127.0.0.1, and the test JVM as the driver. The worker's executor gets
 * the experiment's classes only through spark.jars, as a remote cluster would.
 */
class SweepClusterIT {

    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopCluster() throws InterruptedException {
        for (Process p : processes.stream().sorted(java.util.Collections.reverseOrder(
                java.util.Comparator.comparingInt(processes::indexOf))).toList()) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aTwoCellSweepRunsOnAStandaloneMasterAndWorker() throws Exception {
        Path sparkHome = fakeSparkHome();
        int port = freePort();
        Path masterLog = tmp.resolve("master.log");
        processes.add(start(sparkHome, masterLog, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())));
        awaitPort(port, 120);
        Path workerLog = tmp.resolve("worker.log");
        processes.add(start(sparkHome, workerLog, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", "2", "--memory", "3g", "--webui-port", Integer.toString(freePort()), "--work-dir",
                tmp.resolve("work").toString(), "spark://127.0.0.1:" + port));
        awaitLog(masterLog, "Registering worker", 120, workerLog);

        Path sweep = tmp.resolve("sweep");
        List<String> args = new ArrayList<>(List.of("sweep"));
        args.addAll(List.of(SweepLocalTest.COMMAND));
        args.addAll(List.of("--grid", "seed=1,2", "--master", "spark://127.0.0.1:" + port,
                "--conf", "spark.executor.memory=1g", "--out", sweep.toString()));
        SweepLocalTest.Outcome o = SweepLocalTest.run(args.toArray(String[]::new));
        assertEquals(0, o.code(), o.err() + "\nworker log:\n" + tail(workerLog));

        SweepRecord record = SweepRecord.read(sweep.resolve(SweepCommand.SWEEP_JSON));
        assertEquals("completed", record.status());
        assertEquals(Map.of("total", 2, "completed", 2, "failed", 0), record.cells());
        // the cells ran in the worker's executor, not in this JVM, and equal a run of the command alone
        for (String[] cell : List.of(new String[] {"1", "1_seed-1"}, new String[] {"2", "2_seed-2"})) {
            Path alone = tmp.resolve("alone-" + cell[0]);
            List<String> single = new ArrayList<>(List.of(SweepLocalTest.COMMAND));
            single.addAll(List.of("--seed", cell[0], "--threads", "1", "--out", alone.toString()));
            assertEquals(0, Expressivity4j.execute(new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()), single.toArray(String[]::new)));
            assertArrayEquals(Files.readAllBytes(alone.resolve("metrics.csv")),
                    Files.readAllBytes(sweep.resolve("cells").resolve(cell[1]).resolve("metrics.csv")), cell[1]);
        }
        try (var executors = Files.walk(tmp.resolve("work"))) {
            assertTrue(executors.anyMatch(p -> p.getFileName().toString().equals("stderr")),
                    "the worker launched an executor");
        }
    }

    /** Jars a Spark installation does not have: the experiments and DL4J; the executor gets them from spark.jars. */
    private static final java.util.regex.Pattern EXPERIMENT_JARS = java.util.regex.Pattern.compile(
            "(expressivity4j|nd4j|deeplearning4j|datavec|javacpp|openblas|mkl|picocli|xchart).*\\.jar");

    /**
     * A Spark home for the worker's executor launcher: jars/ holds the class path's jars except the experiments' and
     * DL4J's own, which must reach the executor through spark.jars, as on a real cluster.
     */
    private Path fakeSparkHome() throws IOException {
        Path jars = Files.createDirectories(tmp.resolve("spark-home").resolve("jars"));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && !EXPERIMENT_JARS.matcher(p.getFileName()
                    .toString()).matches()) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        return jars.getParent();
    }

    private Process start(Path sparkHome, Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", sparkHome.resolve("jars").toString() + "/*"));
        for (String opt : org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptionArray()) {
            command.add(opt);
        }
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_WORKER_DIR", tmp.resolve("work").toString());
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitPort(int port, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                assertTrue(processes.get(0).isAlive(), "the master exited:\n" + tail(tmp.resolve("master.log")));
                Thread.sleep(500);
            }
        }
        throw new AssertionError("the master did not listen on 127.0.0.1:" + port + " within " + seconds + " s:\n"
                + tail(tmp.resolve("master.log")));
    }

    private void awaitLog(Path log, String text, int seconds, Path other) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            for (Process p : processes) {
                assertTrue(p.isAlive(), "a cluster process exited:\n" + tail(log) + "\n" + tail(other));
            }
            Thread.sleep(500);
        }
        throw new AssertionError("'" + text + "' did not appear in " + log + " within " + seconds + " s:\n"
                + tail(log) + "\n" + tail(other));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no " + log + ")";
        }
    }
}
