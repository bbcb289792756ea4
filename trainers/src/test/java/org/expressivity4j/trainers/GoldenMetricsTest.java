package org.expressivity4j.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.RealData;
import org.expressivity4j.trainers.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The random-network and side-result commands give the same {@code metrics.csv}, byte for byte, as the golden files
 * under {@code src/test/resources/org/expressivity4j/trainers/golden/}: the in-process part of
 * {@code bench/equivalence.sh} (same arguments, {@code --seed 7 --offline --threads 1}). Rows of timed metrics
 * (wall times and rates or ratios of them) are compared without their value, as in the script. A change of any other
 * byte fails: a change of the numbers must be deliberate, and then the golden file is written anew with
 * {@code bench/equivalence.sh run} (its {@code metrics.csv}) and committed with the change that explains it.
 */
@ExtendWith(IsolatedData.class)
class GoldenMetricsTest {

    /** Metric names whose values are wall times or rates and ratios of them (bench/equivalence.sh's TIMED). */
    static final Pattern TIMED = Pattern.compile("(^|_)(ms|seconds|gflops|percent)($|_)");

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return Stream.of(
                golden("trajectory-growth", false, "trajectory-growth --depth 3 --base-width 4 --weight-variances 1,4 "
                        + "--base-weight-variance 4 --widths 4,8 --networks 2 --ratio-widths 4,8 "
                        + "--ratio-weight-variances 1,4 --ratio-depth 2 --probes 4"),
                golden("trajectory-growth-tanh", false, "trajectory-growth --activations tanh --depth 2 "
                        + "--base-width 4 --weight-variances 4 --widths 4 --networks 2 --ratio-widths 4 "
                        + "--ratio-weight-variances 4 --ratio-depth 2 --probes 2"),
                golden("transitions", true, "transitions --widths 8,16 --weight-variances 5,10 --depth 3 "
                        + "--networks 2 --max-transitions 500 --plot-depths 2"),
                golden("transitions-random", false, "transitions --widths 8,16 --weight-variances 5,10 --depth 3 "
                        + "--networks 2 --max-transitions 500 --plot-depths 2 --endpoints random"),
                golden("dichotomies", false, "dichotomies --widths 2,4 --remaining-depths 1,3 --layer-width 4 "
                        + "--swept-layers 1,2 --networks 1 --max-flips 200 --inputs 7 --input-dim 10"),
                golden("trajectory-picture", false, "trajectory-picture --width 10 --depth 2 --points 64"),
                golden("linearity", false, "linearity --activations tanh,relu --depth 2 --width 10 --input-dim 4 "
                        + "--samples 40 --sigmas 1,0.1"),
                golden("bn-init-counterexample", false, "bn-init-counterexample --starts 2"));
    }

    private static Arguments golden(String name, boolean needsMnist, String args) {
        return Arguments.of(name, needsMnist, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void metricsAreThoseOfTheGoldenFile(String name, boolean needsMnist, String args) throws IOException {
        List<String> line = new ArrayList<>(List.of(args.split(" ")));
        if (needsMnist) {
            // IsolatedData hides the real data from commands; this one reads MNIST from the folder named explicitly.
            Path mnist = RealData.locateOrSkip(Dataset.MNIST, "GoldenMetricsTest " + name).location();
            line.addAll(List.of("--data-dir", mnist.getParent().toString()));
        }
        Path out = tmp.resolve(name);
        line.addAll(List.of("--seed", "7", "--offline", "--threads", "1", "--out", out.toString()));
        CliTest.Outcome o = CliTest.run(line.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        String actual = Files.readString(out.resolve(RunDirectory.METRICS), StandardCharsets.UTF_8);
        String expected = resource("golden/" + name + ".csv");
        if (sameCpuFamily()) {
            assertEquals(untimed(expected), untimed(actual), () -> name + ": metrics.csv differs from the golden "
                    + "file, " + firstDifference(untimed(expected), untimed(actual)));
        } else {
            String difference = numericDifference(untimed(expected), untimed(actual));
            assertEquals("", difference, () -> name + " (on a CPU family other than the golden files', compared "
                    + "to " + RELATIVE + " relative): " + difference);
        }
    }

    /** Relative tolerance for non-integer values when the CPU family differs from the golden files' one. */
    static final double RELATIVE = 1e-9;

    /**
     * Whether this CPU is of the family the golden files were written on (AVX-512 or not, as recorded in
     * {@code golden/cpu.txt}): the native kernels are chosen per CPU at run time, and another family may change the
     * last bits of sums (README, determinism). Then the files must match byte for byte; otherwise values may differ in
     * their last bits, and every other byte must still match.
     */
    static boolean sameCpuFamily() throws IOException {
        String recorded = resource("golden/cpu.txt").trim();
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.exists(cpuinfo)) {
            return false;
        }
        boolean avx512 = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("flags"))
                .anyMatch(l -> l.contains(" avx512f"));
        return recorded.equals(avx512 ? "avx512f" : "avx2");
    }

    /**
     * "" when the two CSV texts have the same lines apart from the last column's numbers, which may differ by
     * {@link #RELATIVE} unless they are integers (counts must match); otherwise the first difference.
     */
    static String numericDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        if (e.length != a.length) {
            return e.length + " lines expected, " + a.length + " found";
        }
        for (int i = 0; i < e.length; i++) {
            if (e[i].equals(a[i])) {
                continue;
            }
            int ce = e[i].lastIndexOf(',');
            int ca = a[i].lastIndexOf(',');
            String why = "line " + (i + 1) + ": expected '" + e[i] + "', got '" + a[i] + "'";
            if (i == 0 || ce < 0 || ca < 0 || !e[i].substring(0, ce).equals(a[i].substring(0, ca))) {
                return why;
            }
            String ve = e[i].substring(ce + 1);
            String va = a[i].substring(ca + 1);
            if (ve.matches("-?\\d+") || va.matches("-?\\d+")) {
                return why + " (a count)";
            }
            try {
                double x = Double.parseDouble(ve);
                double y = Double.parseDouble(va);
                if (!(Math.abs(x - y) <= RELATIVE * Math.max(Math.abs(x), Math.abs(y)))) {
                    return why;
                }
            } catch (NumberFormatException notNumbers) {
                return why;
            }
        }
        return "";
    }

    @Test
    void onAnotherCpuFamilyOnlyTheLastBitsOfNonIntegerValuesMayDiffer() {
        String golden = "a,metric,value\nx,length,3.25\nx,transitions,12\n";
        assertEquals("", numericDifference(golden, golden.replace("3.25", "3.2500000000000004")));
        assertNotEquals("", numericDifference(golden, golden.replace("3.25", "3.2500001")));
        assertNotEquals("", numericDifference(golden, golden.replace("12", "13")));
        assertNotEquals("", numericDifference(golden, golden.replace("x,length", "y,length")));
        assertNotEquals("", numericDifference(golden, golden + "x,extra,1\n"));
        assertNotEquals("", numericDifference(golden, golden.replace("a,metric", "b,metric")));
    }

    @Test
    void timedRowsAreComparedWithoutTheirValueAndEveryOtherByteCounts() {
        String golden = "a,step,layer,metric,value\nx,0,,forward_ms,12.5\nx,0,1,length,3.25\n";
        assertEquals(untimed(golden), untimed(golden.replace("12.5", "13")));
        assertEquals(untimed(golden), untimed(golden.replace("forward_ms,12.5", "forward_ms,NaN")));
        assertNotEquals(untimed(golden), untimed(golden.replace("3.25", "3.250")));
        assertNotEquals(untimed(golden), untimed(golden.replace("forward_ms", "forward")));
        assertNotEquals(untimed(golden), untimed(golden.replace("x,0,,", "y,0,,")));
        assertNotEquals(untimed(golden), untimed(golden.substring(0, golden.length() - 1)));
        assertNotEquals(untimed(golden), untimed(golden.replace("\n", "\r\n")));
        // the header is never masked, whatever its second-to-last column is called
        assertNotEquals(untimed("a,ms,value\n"), untimed("a,ms,values\n"));
        assertEquals(untimed("a,metric,value\nx,seconds,1\nx,gflops,2\nx,load_percent,3\nx,ms_total,4\n"),
                untimed("a,metric,value\nx,seconds,9\nx,gflops,8\nx,load_percent,7\nx,ms_total,6\n"));
        assertNotEquals(untimed("a,metric,value\nx,items,1\n"), untimed("a,metric,value\nx,items,2\n"));
    }

    /** The CSV text with the value of each timed row (not the header) replaced by {@code *}; all else kept. */
    static String untimed(String csv) {
        String[] lines = csv.split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            int last = lines[i].lastIndexOf(',');
            if (last < 0) {
                continue;
            }
            String metric = lines[i].substring(lines[i].lastIndexOf(',', last - 1) + 1, last);
            if (TIMED.matcher(metric).find()) {
                lines[i] = lines[i].substring(0, last + 1) + "*";
            }
        }
        return String.join("\n", lines);
    }

    /** The first line where the two texts differ, both ways, for the failure message. */
    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "(end of file)";
            String al = i < a.length ? a[i] : "(end of file)";
            if (!el.equals(al)) {
                return "first at line " + (i + 1) + ": expected '" + el + "', got '" + al + "'";
            }
        }
        return "nowhere";
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GoldenMetricsTest.class.getResourceAsStream(name)) {
            assertNotNull(in, "missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
