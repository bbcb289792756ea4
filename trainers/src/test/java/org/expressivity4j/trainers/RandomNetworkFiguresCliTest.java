package org.expressivity4j.trainers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.expressivity4j.trainers.run.Manifest;
import org.expressivity4j.trainers.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The random-network figure commands and {@code bench propagation} end to end, at tiny sizes. */
@ExtendWith(IsolatedData.class)
class RandomNetworkFiguresCliTest {

    /** Tiny settings of each command (random endpoints: no dataset needed). */
    static final String[] GROWTH = {"trajectory-growth", "--activations", "hard-tanh,relu", "--depth", "3",
        "--base-width", "6", "--weight-variances", "1,8", "--base-weight-variance", "4", "--widths", "3,6",
        "--networks", "2", "--ratio-widths", "4,8", "--ratio-weight-variances", "1,16", "--ratio-depth", "3",
        "--probes", "2", "--endpoints", "random", "--input-dim", "6", "--polygon-vertices", "20"};
    static final String[] TRANSITIONS = {"transitions", "--widths", "6,12", "--weight-variances", "4,16", "--depth",
        "4", "--networks", "2", "--plot-depths", "2,4", "--endpoints", "random", "--input-dim", "8",
        "--polygon-vertices", "20"};
    static final String[] DICHOTOMIES = {"dichotomies", "--widths", "2,4", "--remaining-depths", "1,2,3",
        "--layer-width", "4", "--swept-layers", "1,2", "--networks", "1", "--inputs", "6", "--input-dim", "5"};
    static final String[] PICTURE = {"trajectory-picture", "--width", "10", "--depth", "2", "--points", "60"};

    @TempDir
    Path tmp;

    private static CliTest.Outcome run(String[] command, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(extra));
        args.addAll(List.of("--out", out.toString()));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void trajectoryGrowthWritesItsFiguresAndIsReproducible() throws Exception {
        Path a = tmp.resolve("a");
        CliTest.Outcome o = run(GROWTH, a);
        assertEquals(0, o.code(), o.err());
        assertCompleted(a, List.of("length-vs-depth-weight-variance-hard-tanh", "length-vs-depth-width-relu",
                "growth-vs-width-hard-tanh", "growth-vs-weight-variance-relu"));
        String metrics = Files.readString(a.resolve(RunDirectory.METRICS));
        assertTrue(metrics.startsWith("part,activation,width,weight_variance,bias_variance,network,step,layer,metric,"
                + "value\n"), metrics.substring(0, 100));
        assertTrue(metrics.contains("length,hard-tanh,6,8,0,1,0,3,length,"), "per-network rows");
        assertTrue(metrics.contains("perturbation,relu,8,16,0,mean,0,,lower_bound_explicit,"), "bound rows");
        String summary = Files.readString(a.resolve(RunDirectory.SUMMARY));
        assertTrue(summary.contains("Paper says / we measure"), summary);
        assertTrue(summary.contains("every length of every network and probe was exact or converged"), summary);
        // The same seed and arguments give the same numbers, byte for byte.
        Path b = tmp.resolve("b");
        assertEquals(0, run(GROWTH, b).code());
        assertArrayEquals(Files.readAllBytes(a.resolve(RunDirectory.METRICS)),
                Files.readAllBytes(b.resolve(RunDirectory.METRICS)));
        // Another seed, other numbers.
        Path c = tmp.resolve("c");
        assertEquals(0, run(GROWTH, c, "--seed", "43").code());
        assertFalse(Files.readString(c.resolve(RunDirectory.METRICS)).equals(metrics));
    }

    @Test
    void transitionsQuickRun() throws Exception {
        Path out = tmp.resolve("t");
        CliTest.Outcome o = run(TRANSITIONS, out);
        assertEquals(0, o.code(), o.err());
        assertCompleted(out, List.of("transitions-vs-depth-sw2-4", "transitions-vs-width-sw2-16",
                "transitions-vs-length"));
        assertTrue(Files.readString(out.resolve(RunDirectory.METRICS)).contains("hard-tanh,12,16,0,mean,0,4,"
                + "mean_transitions,"));
        assertTrue(Files.readString(out.resolve(RunDirectory.SUMMARY)).contains("Fig. 5, transitions vs length"));
    }

    @Test
    void dichotomiesQuickRun() throws Exception {
        Path out = tmp.resolve("d");
        CliTest.Outcome o = run(DICHOTOMIES, out);
        assertEquals(0, o.code(), o.err());
        assertCompleted(out, List.of("dichotomies-vs-remaining-depth", "dichotomies-vs-width",
                "dichotomies-vs-remaining-depth-by-layer", "dichotomies-vs-transitions"));
        String metrics = Files.readString(out.resolve(RunDirectory.METRICS));
        assertTrue(metrics.contains("layer,hard-tanh,4,8,0,2,3,0,0,,dichotomies,"), "Fig. 15 rows");
        assertTrue(metrics.contains("random_walk_dichotomies"), "baseline rows");
    }

    @Test
    void trajectoryPictureQuickRun() throws Exception {
        Path out = tmp.resolve("p");
        CliTest.Outcome o = run(PICTURE, out);
        assertEquals(0, o.code(), o.err());
        assertCompleted(out, List.of("trajectory-picture", "trajectory-layer-0", "trajectory-layer-2",
                "length-vs-layer"));
        assertTrue(Files.readString(out.resolve(RunDirectory.METRICS)).contains(",pc2,"));
    }

    @Test
    void propagationBenchReportsBothSidesOrSaysWhyNot() throws Exception {
        String[] tiny = {"bench", "propagation", "--points", "64", "--layers", "2", "--width", "16", "--rounds", "1",
            "--warmup", "0", "--repeats", "2"};
        Path out = tmp.resolve("bench");
        CliTest.Outcome o = run(tiny, out, "--python", tmp.resolve("no-python").toString());
        assertEquals(0, o.code(), o.err());
        Manifest m = RunDirectory.readManifest(out);
        assertEquals("completed", m.status());
        String summary = Files.readString(out.resolve(RunDirectory.SUMMARY));
        assertTrue(summary.contains("PyTorch: not run"), summary);
        assertTrue(summary.contains("apt-get install -y python3-torch libopenblas0-pthread"), summary);
        String metrics = Files.readString(out.resolve(RunDirectory.METRICS));
        assertTrue(metrics.contains("nd4j,propagation,1,,gflops,") && metrics.contains("nd4j,gemm,0,,median_gflops,"),
                metrics);
        assertTrue(Files.exists(out.resolve("torch_propagation.py")), "the bundled script is kept with the run");
        if (torchAvailable()) {
            Path withTorch = tmp.resolve("bench-torch");
            CliTest.Outcome t = run(tiny, withTorch);
            assertEquals(0, t.code(), t.err());
            assertTrue(Files.readString(withTorch.resolve(RunDirectory.METRICS)).contains("torch,propagation,1,,"
                    + "seconds,"));
            assertTrue(Files.readString(withTorch.resolve(RunDirectory.SUMMARY)).contains("PyTorch propagation"));
        } else {
            System.out.println("RandomNetworkFiguresCliTest: /usr/bin/python3 cannot import torch; PyTorch side "
                    + "not exercised");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"trajectory-growth --widths 0", "trajectory-growth --depth 1",
        "trajectory-growth --activations softmax", "trajectory-growth --networks 1",
        "trajectory-growth --endpoints random --dataset mnist", "trajectory-growth --endpoints sphere",
        "trajectory-growth --polygon-vertices 1", "transitions --weight-variances 1,-2", "transitions --depth 0",
        "transitions --dataset imagenet", "transitions --dataset mnist --input-dim 10",
        "transitions --input-dim 10",
        "transitions --depth 4 --plot-depths 6", "dichotomies --inputs 64", "dichotomies --widths 4,0",
        "trajectory-picture --input-dim 1", "trajectory-picture --points 2",
        "bench propagation --activation tanh", "bench propagation --dtype int8", "bench propagation --width 0"})
    void badArgumentsExitTwo(String line) {
        CliTest.Outcome o = CliTest.run(line.split(" "));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("Usage: expressivity4j"), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    private static boolean torchAvailable() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static void assertCompleted(Path out, List<String> plots) throws Exception {
        Manifest m = RunDirectory.readManifest(out);
        assertEquals("completed", m.status());
        assertTrue(Files.readAllLines(out.resolve(RunDirectory.METRICS)).size() > 10, "metrics rows");
        assertTrue(Files.size(out.resolve(RunDirectory.SUMMARY)) > 200);
        for (String plot : plots) {
            Path png = out.resolve("plots").resolve(plot + ".png");
            assertTrue(Files.exists(png) && Files.size(png) > 1000, png + " missing");
        }
    }
}
