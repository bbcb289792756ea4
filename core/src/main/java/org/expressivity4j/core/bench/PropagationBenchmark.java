package org.expressivity4j.core.bench;

import java.util.Arrays;
import java.util.Objects;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.network.Network;
import org.expressivity4j.core.network.RandomNetwork;
import org.expressivity4j.core.network.SeededGaussians;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Throughput of propagating a trajectory through a random network (the work behind every measure of Raghu et al.,
 * ICML 2017, Section 2): P points through L fully connected layers of width k, timed beside ND4J's raw matrix
 * product on exactly the same shapes.
 *
 * <p>Two passes, alternated after warm-up so that both see the same machine state:
 * <ul>
 *   <li><b>propagation</b>: {@link Network#propagate} without keeping pre-activations, exactly as the measures call
 *       it: per layer one {@code [P, k] x [k, k]} product into a new array, the bias row added in place, the
 *       activation in place;</li>
 *   <li><b>GEMM</b>: the same L products {@code C = A W_l} with {@code Nd4j.gemm} into two preallocated
 *       {@code [P, k]} buffers used in turn, nothing else.</li>
 * </ul>
 * Rates count only the products' {@code 2 P k_in k} floating-point operations per layer, for both passes, so their
 * ratio is the share of the raw GEMM rate that propagation keeps. The input dimension equals the width. The
 * caller sets the native thread count (e.g. {@code NativeBackend.configure} of the cpu-backend module) before running.
 * Nothing is printed; a {@code bench} command formats the {@link Result}.
 */
public final class PropagationBenchmark {

    private PropagationBenchmark() {
    }

    /**
     * What to run.
     *
     * @param points     P, the trajectory's points
     * @param layers     L
     * @param width      k (also the input dimension)
     * @param activation the nonlinearity of the propagation pass
     * @param dataType   FLOAT or DOUBLE
     * @param threads    native threads
     * @param warmup     untimed passes of each kind first
     * @param repeats    timed passes of each kind (medians are reported)
     * @param seed       seed of the network and the points
     */
    public record Settings(int points, int layers, int width, Activation activation, DataType dataType, int threads,
                           int warmup, int repeats, long seed) {

        public Settings {
            if (points < 1 || layers < 1 || width < 1) {
                throw new IllegalArgumentException("points, layers and width must be positive, got " + points + ", "
                        + layers + ", " + width);
            }
            Objects.requireNonNull(activation, "activation");
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
                throw new IllegalArgumentException("FLOAT or DOUBLE, got " + dataType);
            }
            if (threads < 1 || warmup < 0 || repeats < 1) {
                throw new IllegalArgumentException("need threads >= 1, warmup >= 0, repeats >= 1");
            }
        }

        /** The configuration: 10^4 points, 12 layers of width 1000, hard tanh, float32, 2 threads, 2 + 5 passes. */
        public static Settings defaults() {
            return new Settings(10_000, 12, 1000, Activation.HARD_TANH, DataType.FLOAT, 2, 2, 5, 0);
        }

        /** Floating-point operations of one pass's matrix products: {@code 2 P k^2 L}. */
        public double flopsPerPass() {
            return 2.0 * points * (double) width * width * layers;
        }
    }

    /**
     * The measured rates.
     *
     * @param settings           what ran
     * @param propagationGflops  {@code flopsPerPass / median propagation time / 1e9}
     * @param gemmGflops         {@code flopsPerPass / median GEMM time / 1e9}
     * @param ratio              propagation rate / GEMM rate
     * @param propagationSeconds every timed propagation pass
     * @param gemmSeconds        every timed GEMM pass
     * @param backend            the native backend's description
     */
    public record Result(Settings settings, double propagationGflops, double gemmGflops, double ratio,
                         double[] propagationSeconds, double[] gemmSeconds, String backend) {
    }

    /**
     * Runs the benchmark on the backend as configured by the caller (its threads set to {@code settings.threads()},
     * e.g. with {@code NativeBackend.configure} of the cpu-backend module).
     *
     * @param backend the backend's description, recorded in the result
     */
    public static Result run(Settings settings, String backend) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(backend, "backend");
        Network network = network(settings);
        INDArray input = SeededGaussians.matrix(settings.points(), settings.width(), 1.0,
                SeededGaussians.derive(settings.seed(), 1), settings.dataType());
        INDArray[] weights = new INDArray[settings.layers()];
        for (int d = 1; d <= settings.layers(); d++) {
            weights[d - 1] = network.weights(d);
        }
        INDArray bufferA = input.dup('c');
        INDArray bufferB = Nd4j.createUninitialized(settings.dataType(), settings.points(), settings.width());
        for (int i = 0; i < settings.warmup(); i++) {
            propagate(network, input);
            gemmChain(weights, bufferA, bufferB);
        }
        double[] prop = new double[settings.repeats()];
        double[] gemm = new double[settings.repeats()];
        for (int i = 0; i < settings.repeats(); i++) {
            long t0 = System.nanoTime();
            propagate(network, input);
            long t1 = System.nanoTime();
            gemmChain(weights, bufferA, bufferB);
            long t2 = System.nanoTime();
            prop[i] = (t1 - t0) / 1e9;
            gemm[i] = (t2 - t1) / 1e9;
        }
        double propRate = settings.flopsPerPass() / median(prop) / 1e9;
        double gemmRate = settings.flopsPerPass() / median(gemm) / 1e9;
        return new Result(settings, propRate, gemmRate, propRate / gemmRate, prop, gemm, backend);
    }

    /** The benchmark's network: width k on k inputs, sigma_w^2 = 2, sigma_b = 0.1, in the benchmark's data type. */
    public static Network network(Settings settings) {
        return RandomNetwork.builder().inputDimension(settings.width()).width(settings.width())
                .depth(settings.layers()).weightVariance(2).sigmaB(0.1).activation(settings.activation())
                .seed(settings.seed()).build().create(settings.dataType());
    }

    /** The timed propagation pass: the last layer's output. */
    public static INDArray propagate(Network network, INDArray points) {
        INDArray[] last = new INDArray[1];
        network.propagate(points, false, (layer, h, z) -> last[0] = z);
        return last[0];
    }

    private static void gemmChain(INDArray[] weights, INDArray a, INDArray b) {
        INDArray in = a;
        INDArray out = b;
        for (INDArray w : weights) {
            Nd4j.gemm(in, w, out, false, false, 1.0, 0.0);
            INDArray t = in;
            in = out;
            out = t;
        }
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
