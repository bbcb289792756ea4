package org.expressivity4j.core.linearity;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The best affine fit {@code y ~ x A + b} of outputs on inputs over a sample, by least squares, and how much of the
 * outputs it leaves unexplained: the measure of near-linearity for the exercise of inputs {@code N(0, sigma^2 I)},
 * {@code sigma << 1} (papers/002: which activations make a deep network equivalent to a linear one).
 *
 * <p>The <em>relative residual</em> of outputs {@code Y} ({@code [N, q]}, one sample per row) is
 * {@code |Y - Y^|_F / |Y - mean(Y)|_F}, where {@code Y^} is the least-squares affine fit on the inputs and the mean
 * is over the samples: 0 for an exactly affine map, 1 when the fit explains nothing beyond the mean; its square is
 * {@code 1 - R^2} of the multi-output regression. It is invariant to scaling and shifting the inputs (the columns
 * of {@code [1, X]} span the same space), so a sample {@code sigma u} may be fitted once on {@code u}.
 *
 * <p>Computed in double precision with a Householder QR factorization of {@code [1, X]} (not the normal equations,
 * which square the condition number): residuals are the last {@code N - m - 1} coordinates of {@code Q^T y}.
 */
public final class AffineFit {

    private final int samples;
    private final int parameters;
    /** Householder vectors, one per column of [1, X], each of length N (zeros above its row). */
    private final double[][] reflectors;

    private AffineFit(int samples, int parameters, double[][] reflectors) {
        this.samples = samples;
        this.parameters = parameters;
        this.reflectors = reflectors;
    }

    /**
     * The fit on these inputs.
     *
     * @param inputs {@code [N, m]} with {@code N > m + 1} (more samples than affine parameters), any floating type
     * @throws IllegalArgumentException if there are too few samples or the inputs (with the constant) are
     *                                  numerically collinear
     */
    public static AffineFit of(INDArray inputs) {
        Objects.requireNonNull(inputs, "inputs");
        if (inputs.rank() != 2) {
            throw new IllegalArgumentException("inputs must be [N, m], got shape " + Arrays.toString(inputs.shape()));
        }
        int n = Math.toIntExact(inputs.rows());
        int m = Math.toIntExact(inputs.columns());
        double[] columnMajor = inputs.castTo(DataType.DOUBLE).dup('f').data().asDouble();
        double[][] columns = new double[m + 1][n];
        Arrays.fill(columns[0], 1.0);
        for (int j = 0; j < m; j++) {
            System.arraycopy(columnMajor, j * n, columns[j + 1], 0, n);
        }
        return factorize(columns, n);
    }

    /** The fit on inputs given as rows {@code x_1 .. x_N}. */
    public static AffineFit of(double[][] inputs) {
        Objects.requireNonNull(inputs, "inputs");
        if (inputs.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        int m = inputs[0].length;
        double[][] columns = new double[m + 1][inputs.length];
        Arrays.fill(columns[0], 1.0);
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].length != m) {
                throw new IllegalArgumentException("sample " + i + " has dimension " + inputs[i].length
                        + ", sample 0 has " + m);
            }
            for (int j = 0; j < m; j++) {
                columns[j + 1][i] = inputs[i][j];
            }
        }
        return factorize(columns, inputs.length);
    }

    private static AffineFit factorize(double[][] columns, int n) {
        int p = columns.length;
        if (n <= p) {
            throw new IllegalArgumentException("an affine fit of " + (p - 1) + " inputs needs more than " + p
                    + " samples, got " + n);
        }
        double[][] v = new double[p][];
        for (int j = 0; j < p; j++) {
            double original = 0;
            for (double x : columns[j]) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("inputs must be finite");
                }
                original += x * x;
            }
            double[] a = columns[j];
            double norm = 0;
            for (int i = j; i < n; i++) {
                norm += a[i] * a[i];
            }
            norm = Math.sqrt(norm);
            if (!(norm > 1e-12 * Math.sqrt(original))) {
                throw new IllegalArgumentException("the inputs (with a constant) are collinear: column " + j
                        + " of [1, X] is a combination of the previous ones");
            }
            double alpha = a[j] > 0 ? -norm : norm;
            double[] reflector = new double[n];
            for (int i = j; i < n; i++) {
                reflector[i] = a[i];
            }
            reflector[j] -= alpha;
            double rn = 0;
            for (int i = j; i < n; i++) {
                rn += reflector[i] * reflector[i];
            }
            rn = Math.sqrt(rn);
            for (int i = j; i < n; i++) {
                reflector[i] /= rn;
            }
            v[j] = reflector;
            for (int c = j + 1; c < p; c++) {
                reflect(reflector, columns[c], j, n);
            }
        }
        return new AffineFit(n, p, v);
    }

    private static void reflect(double[] reflector, double[] y, int from, int n) {
        double s = 0;
        for (int i = from; i < n; i++) {
            s += reflector[i] * y[i];
        }
        s *= 2;
        for (int i = from; i < n; i++) {
            y[i] -= s * reflector[i];
        }
    }

    /** The number of samples N. */
    public int samples() {
        return samples;
    }

    /** The input dimension m. */
    public int inputDimension() {
        return parameters - 1;
    }

    /**
     * The residual of the fit of these outputs.
     *
     * @param outputs {@code [N, q]}, row i the output of sample i
     */
    public Residual residual(INDArray outputs) {
        Objects.requireNonNull(outputs, "outputs");
        if (outputs.rank() != 2 || outputs.rows() != samples) {
            throw new IllegalArgumentException("outputs must be [" + samples + ", q], got shape "
                    + Arrays.toString(outputs.shape()));
        }
        int q = Math.toIntExact(outputs.columns());
        double[] columnMajor = outputs.castTo(DataType.DOUBLE).dup('f').data().asDouble();
        double residual = 0;
        double spread = 0;
        double[] y = new double[samples];
        for (int c = 0; c < q; c++) {
            System.arraycopy(columnMajor, c * samples, y, 0, samples);
            double[] r = columnResidual(y);
            residual += r[0];
            spread += r[1];
        }
        return new Residual(Math.sqrt(residual), Math.sqrt(spread));
    }

    /** The residual of the fit of one output per sample. */
    public Residual residual(double[] outputs) {
        Objects.requireNonNull(outputs, "outputs");
        if (outputs.length != samples) {
            throw new IllegalArgumentException(outputs.length + " outputs for " + samples + " samples");
        }
        double[] r = columnResidual(outputs.clone());
        return new Residual(Math.sqrt(r[0]), Math.sqrt(r[1]));
    }

    /** {squared residual, squared spread about the mean} of one column; y is overwritten. */
    private double[] columnResidual(double[] y) {
        double mean = 0;
        for (double v : y) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("outputs must be finite");
            }
            mean += v;
        }
        mean /= samples;
        double spread = 0;
        for (double v : y) {
            spread += (v - mean) * (v - mean);
        }
        for (int j = 0; j < parameters; j++) {
            reflect(reflectors[j], y, j, samples);
        }
        double residual = 0;
        for (int i = parameters; i < samples; i++) {
            residual += y[i] * y[i];
        }
        return new double[] {residual, spread};
    }

    /**
     * The unexplained part of the outputs.
     *
     * @param residualNorm {@code |Y - Y^|_F}
     * @param spreadNorm   {@code |Y - mean(Y)|_F}
     */
    public record Residual(double residualNorm, double spreadNorm) {

        /**
         * {@code residualNorm / spreadNorm}, in [0, 1]; 0 for constant outputs (which are affine).
         */
        public double relative() {
            return spreadNorm == 0.0 ? 0.0 : Math.min(1.0, residualNorm / spreadNorm);
        }

        /** The fraction of the outputs' variance the affine fit explains, {@code 1 - relative^2} (R^2). */
        public double explainedVariance() {
            double r = relative();
            return 1 - r * r;
        }
    }
}
