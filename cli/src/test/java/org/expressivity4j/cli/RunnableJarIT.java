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
