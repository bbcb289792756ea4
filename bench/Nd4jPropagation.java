import java.util.Arrays;
import java.util.Locale;
import org.expressivity4j.core.bench.PropagationBenchmark;
import org.expressivity4j.core.network.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runs {@link PropagationBenchmark} once and prints its result as one JSON line (the field names of
 * torch_propagation.py). A stand-in for the command line's bench subcommand; run it with run_propagation.sh.
 *
 * <p>Arguments (all optional, in order): threads (2), dtype FLOAT|DOUBLE (FLOAT), points (10000), layers (12),
 * width (1000), activation (hard-tanh), warmup (2), repeats (5).
 */
public class Nd4jPropagation {
    public static void main(String[] args) {
        PropagationBenchmark.Settings d = PropagationBenchmark.Settings.defaults();
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : d.threads();
        DataType type = args.length > 1 ? DataType.valueOf(args[1]) : d.dataType();
        int points = args.length > 2 ? Integer.parseInt(args[2]) : d.points();
        int layers = args.length > 3 ? Integer.parseInt(args[3]) : d.layers();
        int width = args.length > 4 ? Integer.parseInt(args[4]) : d.width();
        Activation activation = args.length > 5 ? Activation.parse(args[5]) : d.activation();
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : d.warmup();
        int repeats = args.length > 7 ? Integer.parseInt(args[7]) : d.repeats();
        PropagationBenchmark.Result r = PropagationBenchmark.run(new PropagationBenchmark.Settings(points, layers,
                width, activation, type, threads, warmup, repeats, d.seed()));
        System.out.println(String.format(Locale.ROOT, "{\"impl\": \"nd4j\", \"dtype\": \"%s\", \"threads\": %d, "
                        + "\"points\": %d, \"layers\": %d, \"width\": %d, \"activation\": \"%s\", "
                        + "\"propagation_gflops\": %.2f, \"gemm_gflops\": %.2f, \"ratio\": %.3f, \"prop_s\": %s, "
                        + "\"gemm_s\": %s}",
                type == DataType.FLOAT ? "float32" : "float64", threads, points, layers, width, activation.id(),
                r.propagationGflops(), r.gemmGflops(), r.ratio(), round(r.propagationSeconds()),
                round(r.gemmSeconds())));
    }

    private static String round(double[] seconds) {
        return Arrays.toString(Arrays.stream(seconds).map(s -> Math.round(s * 1e4) / 1e4).toArray());
    }
}
