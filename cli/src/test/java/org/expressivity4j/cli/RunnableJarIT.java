package org.expressivity4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The packaged cli/target/expressivity4j.jar: what ./expressivity4j runs with java -jar. */
class RunnableJarIT {

    private static final Path JAR = Path.of("target", "expressivity4j.jar");

    @Test
    void manifestOpensEveryPackageSparkAsksFor() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built in the package phase");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals(Main.class.getName(), main.getValue("Main-Class"));
            Set<String> opened = Set.of(main.getValue("Add-Opens").trim().split("\\s+"));
            Set<String> wanted = Arrays.stream(JavaModuleOptions.defaultModuleOptionArray())
                    .filter(o -> o.startsWith("--add-opens="))
                    .map(o -> o.substring("--add-opens=".length()).replace("=ALL-UNNAMED", ""))
                    .collect(Collectors.toSet());
            assertTrue(opened.containsAll(wanted), "missing from Add-Opens: " + wanted.stream()
                    .filter(w -> !opened.contains(w)).toList());
            List<String> classPath = List.of(main.getValue("Class-Path").trim().split("\\s+"));
            for (String entry : classPath) {
                assertTrue(Files.isRegularFile(JAR.getParent().resolve(entry)), entry + " is not in target/lib");
            }
            assertTrue(classPath.stream().anyMatch(e -> e.contains("spark-core")));
            assertTrue(classPath.stream().anyMatch(e -> e.contains("expressivity4j-trainers")));
        }
    }

    /**
     * spark-submit with the jar: Spark's own launcher class (SparkSubmit, in spark-core) on a class path of Spark's
     * jars only; the sweep takes spark-submit's master and finds the experiments through the jar's Class-Path.
     */
    @Test
    void sparkSubmitRunsTheJar() throws Exception {
        Path out = Files.createTempDirectory("expressivity4j-submit");
        try {
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                    "java").toString(), "-Xmx1g", "-cp", sparkOnlyClassPath()));
            command.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
            command.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--class",
                    Main.class.getName(), JAR.toAbsolutePath().toString(), "sweep", "trajectory-picture", "--depth",
                    "2", "--points", "32", "--grid", "seed=1,2", "--out", out.resolve("s").toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "timed out");
            assertEquals(0, p.exitValue(), output);
            assertTrue(output.contains("Cells: 2, finished 2, failed 0"), output);
            String record = Files.readString(out.resolve("s/sweep.json"));
            assertTrue(record.contains("\"master\" : \"local[2]\""), record);
        } finally {
            try (var walk = Files.walk(out)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** target/lib without the experiments' and DL4J's jars: what a Spark installation has. */
    private static String sparkOnlyClassPath() throws Exception {
        java.util.regex.Pattern experiments = java.util.regex.Pattern.compile(
                "(expressivity4j|nd4j|deeplearning4j|datavec|javacpp|openblas|mkl|picocli|xchart).*\\.jar");
        try (var lib = Files.list(JAR.getParent().resolve("lib"))) {
            return lib.filter(j -> !experiments.matcher(j.getFileName().toString()).matches())
                    .map(j -> j.toAbsolutePath().toString()).collect(Collectors.joining(java.io.File.pathSeparator));
        }
    }

    /** java -jar with no other flag: Spark starts on Java 17 thanks to the manifest, and a sweep runs. */
    @Test
    void javaDashJarRunsASweep() throws Exception {
        Path out = Files.createTempDirectory("expressivity4j-jar-sweep");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xmx1g", "-jar", JAR.toString(), "sweep", "trajectory-picture", "--depth",
                    "2", "--points", "32", "--grid", "seed=1,2", "--master", "local[2]", "--out",
                    out.resolve("s").toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "timed out");
            assertEquals(0, p.exitValue(), output);
            assertTrue(Files.exists(out.resolve("s/cells/1_seed-1/cell.json")), output);
            assertTrue(Files.exists(out.resolve("s/cells/2_seed-2/cell.json")), output);
            assertTrue(output.contains("Cells: 2, finished 2, failed 0"), output);
        } finally {
            try (var walk = Files.walk(out)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
