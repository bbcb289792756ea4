package org.expressivity4j.dl4j.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's plots of a listener's CSV: PNG and SVG, drawn from the file of a real training run. */
class TrajectoryChartsTest {

    @TempDir
    static Path dir;
    private static Path csv;
    private static MemoryHistory history;

    @BeforeAll
    static void train() {
        csv = dir.resolve("trajectory.csv");
        MultiLayerNetwork net = ListenerNets.network(ListenerNets.denseConf(7));
        try (TrajectoryListener listener = new TrajectoryListener.Builder().probe(TrainingUnchangedTest.probe(false))
                .points(16).everyIterations(1).csv(csv).build()) {
            net.addListeners(listener);
            net.fit(ListenerNets.data(false, 15, 8, 1), 1);
        }
        history = MemoryHistory.fromCsv(csv);
    }

    @Test
    void pngPlotsOfTheCsv() throws IOException {
        Path out = dir.resolve("png");
        List<Path> written = TrajectoryCharts.write(csv, out);
        assertEquals(List.of(out.resolve("trajectory-length-by-layer.png"), out.resolve("sigma-w2-over-training.png")),
                written);
        for (Path png : written) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(960, image.getWidth());
            assertEquals(600, image.getHeight());
            // The first line's colour (blue, and the first of the layer colours) is drawn.
            int blue = 0;
            for (int x = 0; x < image.getWidth(); x++) {
                for (int y = 0; y < image.getHeight(); y++) {
                    int rgb = image.getRGB(x, y);
                    int r = (rgb >> 16) & 0xff;
                    int b = rgb & 0xff;
                    if (b > 150 && r < 60) {
                        blue++;
                    }
                }
            }
            assertTrue(blue > 200, png + ": " + blue + " blue pixels");
        }
    }

    @Test
    void svgLinesFollowTheLengthsOfEachThinnedIteration() throws IOException {
        Path svg = dir.resolve("lengths.svg");
        assertTrue(TrajectoryCharts.lengthByLayer(history, "t", svg));
        String text = Files.readString(svg);
        List<Long> shown = TrajectoryCharts.thin(history.iterations(), TrajectoryCharts.MAX_LINES);
        assertEquals(16, history.iterations().size(), "0 to 15");
        assertEquals(TrajectoryCharts.MAX_LINES, shown.size());
        List<List<double[]>> lines = polylines(text);
        assertEquals(shown.size(), lines.size());
        List<MemoryHistory.Layer> layers = history.layers();
        for (int k = 0; k < shown.size(); k++) {
            assertTrue(text.contains(">iteration " + shown.get(k) + "</text>"), "legend " + shown.get(k));
            List<double[]> points = lines.get(k);
            assertEquals(layers.size(), points.size(), "one point per layer");
            for (int i = 1; i < points.size(); i++) {
                assertTrue(points.get(i)[0] > points.get(i - 1)[0], "layers left to right");
                double before = history.value(shown.get(k), layers.get(i - 1).index(), TrajectoryMetric.LENGTH)
                        .orElseThrow();
                double now = history.value(shown.get(k), layers.get(i).index(), TrajectoryMetric.LENGTH)
                        .orElseThrow();
                // Longer is higher up (smaller y).
                double dy = points.get(i - 1)[1] - points.get(i)[1];
                if (Math.abs(Math.log(now / before)) > 1e-3) {
                    assertEquals(Math.signum(Math.log(now / before)), Math.signum(dy), 0.0, "layer " + i);
                } else {
                    assertTrue(Math.abs(dy) <= 0.2, "layer " + i + ": equal lengths at equal heights");
                }
            }
        }
        for (MemoryHistory.Layer layer : layers) {
            assertTrue(text.contains(">" + layer.name() + "</text>"), "x tick " + layer.name());
        }
        // The scale is logarithmic: y is affine in log(length), fixed by the shortest and the longest.
        List<double[]> first = lines.get(0);
        double[] log = layers.stream().mapToDouble(l -> Math.log(history.value(0, l.index(), TrajectoryMetric.LENGTH)
                .orElseThrow())).toArray();
        int lo = 0;
        int hi = 0;
        for (int i = 0; i < log.length; i++) {
            lo = log[i] < log[lo] ? i : lo;
            hi = log[i] > log[hi] ? i : hi;
        }
        double slope = (first.get(hi)[1] - first.get(lo)[1]) / (log[hi] - log[lo]);
        assertTrue(slope < 0);
        for (int i = 0; i < log.length; i++) {
            assertEquals(first.get(lo)[1] + slope * (log[i] - log[lo]), first.get(i)[1], 0.2, "layer " + i);
        }
    }

    @Test
    void svgWeightScalesHaveOneLinePerLayerWithWeights() throws IOException {
        List<Path> written = TrajectoryCharts.write(history, "t", dir.resolve("svg"), TrajectoryCharts.Format.SVG);
        assertEquals(2, written.size());
        String text = Files.readString(written.get(1));
        assertTrue(text.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        List<String> weighted = history.layers().stream()
                .filter(l -> !history.series(l.index(), TrajectoryMetric.SIGMA_W2).isEmpty())
                .map(MemoryHistory.Layer::name).toList();
        assertEquals(List.of("d1", "d2", "out"), weighted, "dense and output layers: batch norm's gamma is no W");
        assertEquals(weighted.size(), polylines(text).size());
        for (String name : weighted) {
            assertTrue(text.contains(">" + name + "</text>"), name);
        }
    }

    @Test
    void nothingToPlotWritesNothingAndMixedRunsAreRefused() throws IOException {
        Path none = dir.resolve("none.png");
        assertFalse(TrajectoryCharts.lengthByLayer(new MemoryHistory(), "t", none));
        assertFalse(Files.exists(none));
        Path mixed = dir.resolve("mixed.csv");
        Files.writeString(mixed, Files.readString(csv) + String.join("\n", Files.readAllLines(csv).subList(1, 4))
                + "\n");
        var e = assertThrows(IllegalStateException.class, () -> TrajectoryCharts.write(mixed, dir.resolve("m")));
        assertTrue(e.getMessage().contains("holds 2 runs"), e.getMessage());
    }

    @Test
    void thinningKeepsTheEndsAndSpacesEvenly() {
        List<Long> all = LongStream.rangeClosed(0, 100).boxed().toList();
        List<Long> thinned = TrajectoryCharts.thin(all, 12);
        assertEquals(12, thinned.size());
        assertEquals(0L, thinned.get(0));
        assertEquals(100L, thinned.get(11));
        for (int i = 1; i < thinned.size(); i++) {
            long gap = thinned.get(i) - thinned.get(i - 1);
            assertTrue(gap == 9 || gap == 10, "gap " + gap);
        }
        assertEquals(List.of(3L, 4L), TrajectoryCharts.thin(List.of(3L, 4L), 12));
    }

    private static List<List<double[]>> polylines(String svg) {
        List<List<double[]>> out = new ArrayList<>();
        Matcher m = Pattern.compile("<polyline [^>]*points=\"([^\"]*)\"").matcher(svg);
        while (m.find()) {
            List<double[]> points = new ArrayList<>();
            for (String p : m.group(1).split(" ")) {
                String[] xy = p.split(",");
                points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
            }
            out.add(points);
        }
        return out;
    }
}
