package org.expressivity4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkSetupTest {

    @TempDir
    Path tmp;

    @Test
    void localMastersGetRetriesLoopbackAndNoUi() {
        SparkConf conf = SparkSetup.conf("local[*]", 1, 3, Map.of(), List.of("file:/x.jar"));
        assertEquals("local[*,3]", conf.get("spark.master"));
        assertEquals("127.0.0.1", conf.get("spark.driver.bindAddress"));
        assertEquals("127.0.0.1", conf.get("spark.driver.host"));
        assertEquals("false", conf.get("spark.ui.enabled"));
        assertFalse(conf.contains("spark.jars"), "local mode ships nothing");
        assertEquals("local[2,3]", SparkSetup.conf("local[2]", 1, 3, Map.of(), List.of()).get("spark.master"));
        assertEquals("local[1,3]", SparkSetup.conf("local", 1, 3, Map.of(), List.of()).get("spark.master"));
        assertEquals("local[2,5]", SparkSetup.conf("local[2,5]", 1, 3, Map.of(), List.of()).get("spark.master"));
        assertEquals("2", SparkSetup.conf("local[2]", 2, 3, Map.of(), List.of()).get("spark.task.cpus"));
    }

    @Test
    void clusterMastersShipJarsAndBindToLoopbackOnlyForLoopbackMasters() {
        SparkConf loop = SparkSetup.conf("spark://127.0.0.1:7077", 1, 4, Map.of(), List.of("file:/a.jar"));
        assertEquals("spark://127.0.0.1:7077", loop.get("spark.master"));
        assertEquals("file:/a.jar", loop.get("spark.jars"));
        assertEquals("127.0.0.1", loop.get("spark.driver.host"));
        assertEquals("4", loop.get("spark.task.maxFailures"));
        SparkConf remote = SparkSetup.conf("spark://10.0.0.5:7077", 1, 4, Map.of(), List.of());
        assertFalse(remote.contains("spark.driver.host"), "a remote cluster must reach the driver");
    }

    @Test
    void confSettingsWinAndSecretsAreRedacted() {
        SparkConf conf = SparkSetup.conf("local[2]", 1, 2, Map.of("spark.ui.enabled", "true",
                "spark.authenticate", "true"), List.of());
        assertEquals("true", conf.get("spark.ui.enabled"));
        assertEquals("true", conf.get("spark.authenticate"));
        Map<String, String> shown = SparkSetup.redacted(Map.of("spark.authenticate.secret", "s3cr3t",
                "spark.authenticate.secret.file", "/etc/secret", "spark.executor.memory", "2g"));
        assertEquals("(redacted)", shown.get("spark.authenticate.secret"));
        assertEquals("/etc/secret", shown.get("spark.authenticate.secret.file"));
        assertEquals("2g", shown.get("spark.executor.memory"));
    }

    @Test
    void jarsToShipPackClassFoldersAndLeaveSparkAndScalaOut() throws Exception {
        List<String> jars = SparkSetup.jarsToShip(tmp);
        assertFalse(jars.isEmpty());
        assertTrue(jars.stream().noneMatch(j -> j.matches(".*/(spark-core|scala-library)[^/]*\\.jar")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.contains("nd4j-native")), "the natives travel: " + jars);
        // Spark's own dependencies are the cluster's: not sent
        assertTrue(jars.stream().noneMatch(j -> j.contains("rocksdbjni") || j.contains("hadoop-client")
                || j.contains("netty-")), jars.toString());
        assertTrue(SparkSetup.experimentJars().contains("picocli-4.7.6.jar"), SparkSetup.experimentJars().toString());
        // the build's class folders (this module's and trainers' when built in the reactor) are packed
        assertTrue(jars.stream().anyMatch(j -> j.contains("classes-")), jars.toString());
        for (String j : jars) {
            assertTrue(Files.isRegularFile(Path.of(java.net.URI.create(j))), j);
        }
    }
}
