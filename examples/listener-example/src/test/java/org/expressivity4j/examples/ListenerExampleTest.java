package org.expressivity4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ListenerExampleTest {

    @TempDir
    Path tmp;

    /** 64 random 28 x 28 images whose label is the brighter half, in batches of 16. */
    private static ListDataSetIterator<DataSet> data(long seed) {
        Nd4j.getRandom().setSeed(seed);
        var features = Nd4j.rand(DataType.FLOAT, 64, 784);
        var labels = Nd4j.zeros(DataType.FLOAT, 64, 2);
        for (int i = 0; i < 64; i++) {
            double left = features.getRow(i).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 392))
                    .sumNumber().doubleValue();
            double right = features.getRow(i).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(392, 784))
                    .sumNumber().doubleValue();
            labels.putScalar(i, left > right ? 0 : 1, 1.0);
        }
        return new ListDataSetIterator<>(new DataSet(features, labels).asList(), 16);
    }

    @Test
    void trainsAndWritesEachLayersTrajectoryLength() throws Exception {
        ListenerExample.configureBackend();
        MultiLayerNetwork net = ListenerExample.network(2, 7);
        Path csv = tmp.resolve("trajectory.csv");
        ListenerExample.train(net, data(1), data(2), csv, 2, 2);
        List<String> lines = Files.readAllLines(csv);
        String header = lines.get(0);
        assertTrue(header.contains("metric") && header.contains("value"), header);
        Set<String> layers = lines.stream().skip(1).map(l -> l.split(",")).filter(f -> f.length > 4)
                .map(f -> f[3]).collect(Collectors.toSet());
        for (String layer : List.of("c1", "tr1", "p1", "fc1")) {
            assertTrue(layers.contains(layer), layer + " in " + layers);
        }
        // 8 iterations, a probe every 2: 4 probes of at least 4 layers, several metrics each.
        assertTrue(lines.size() > 1 + 4 * 4, "rows: " + lines.size());
        List<Path> plots = ListenerExample.plot(csv, tmp.resolve("plots"));
        assertEquals(List.of(tmp.resolve("plots/trajectory-length-by-layer.png"),
                tmp.resolve("plots/sigma-w2-over-training.png")), plots);
        for (Path png : plots) {
            assertEquals(960, javax.imageio.ImageIO.read(png.toFile()).getWidth(), png.toString());
        }
    }

    /**
     * The example's runtime classpath holds the natives of the backend it names (linux-x86_64) and no other
     * platform's, although this build sets no javacpp.platform for it.
     */
    @Test
    void onlyTheNamedBackendsNativesAreOnTheClasspath() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString().toLowerCase(Locale.ROOT)).toList();
        for (String other : List.of("macosx", "windows", "android", "ios-", "linux-arm", "linux-ppc64le",
                "linux-x86.jar", "-cuda")) {
            assertFalse(jars.stream().anyMatch(j -> j.contains(other)), other + " natives in " + jars);
        }
        assertTrue(jars.stream().anyMatch(j -> j.contains("nd4j-native") && j.contains("linux-x86_64-onednn-avx2")),
                jars.toString());
        assertFalse(jars.stream().anyMatch(j -> j.startsWith("nd4j-native-1.0.0-m2.1-linux-x86_64.jar")),
                "the generic natives are replaced by the oneDNN build");
        assertEquals(1, jars.stream().filter(j -> j.startsWith("openblas") && j.contains("linux-x86_64")).count());
    }
}
