package org.expressivity4j.core.batchnorm;

import java.util.Objects;

/**
 * One linear neuron without bias, {@code phi_w(x) = <w, x>}, trained on a whole batch by least squares, with and
 * without batch normalization: Dannemann and Junike, "Batch normalization does not improve initialization",
 * Section 3, Example 3.2. The batch is the whole learning set {@code x_1 .. x_M} in {@code R^p} with targets
 * {@code y_1 .. y_M}.
 *
 * <ul>
 *   <li>Plain cost (the paper's {@code C}): {@code C(w) = sum_m (<w, x_m> - y_m)^2}, a sum (not a mean) of squared
 *       errors, minimized by the least-squares solution {@link #leastSquaresOptimum()} {@code W*}.</li>
 *   <li>Batch-normalized cost (the paper's {@code C^}): {@code C^(w) = sum_m (BN(z)_m - y_m)^2} with
 *       {@code z_m = <w, x_m>} and {@code BN} the {@link BatchNormTransform} (gamma = 1, beta = 0, population
 *       variance, no epsilon in the paper).</li>
 * </ul>
 *
 * <p>With centred inputs {@code c_m = x_m - mean(x)}, {@code u_m = <w, c_m>}, {@code v = (1/D) sum u_m^2} (D = M for
 * the population variance, M - 1 for the sample variance), {@code s = sqrt(v + epsilon)} and residuals
 * {@code r_m = gamma u_m / s + beta - y_m}, the gradient is
 * <pre>
 *   grad C^(w) = 2 gamma [ (sum_m r_m c_m) / s  -  (sum_m r_m u_m) (sum_m u_m c_m) / (D s^3) ].
 * </pre>
 * With {@code epsilon = 0}, {@code C^(t w) = C^(w)} for every {@code t > 0}: the cost depends only on the direction
 * of {@code w}, its gradient is orthogonal to {@code w}, and its minima form open rays. Writing
 * {@code z^ = BN(z)}, which has {@code sum z^_m = 0} and {@code sum z^_m^2 = D} when gamma = 1, beta = 0,
 * <pre>
 *   C^(w) = gamma^2 D + |y - mean(y)|^2 + M (beta - mean(y))^2 - 2 gamma sum_m z^_m (y_m - mean(y)),
 * </pre>
 * so for gamma &gt; 0 the minimizers are the directions that maximize the correlation of {@code <w, c>} with the
 * centred targets: the ray of the least-squares solution on centred data, {@link #optimalDirection()}, and the
 * minimum is {@link #minimalCost()}.
 */
public final class BatchNormNeuron implements CostFunction {

    private final double[][] inputs;
    private final double[] targets;
    private final BatchNormTransform transform;
    private final double[][] centred;
    private final double[] inputMean;

    /**
     * The neuron on a batch.
     *
     * @param inputs    {@code x_1 .. x_M}, each of dimension p (at least 1), at least 2 of them; copied
     * @param targets   {@code y_1 .. y_M}; copied
     * @param transform the batch normalization of the neuron's output
     */
    public BatchNormNeuron(double[][] inputs, double[] targets, BatchNormTransform transform) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(targets, "targets");
        this.transform = Objects.requireNonNull(transform, "transform");
        if (inputs.length < 2) {
            throw new IllegalArgumentException("batch normalization needs a batch of at least 2 examples, got "
                    + inputs.length);
        }
        if (targets.length != inputs.length) {
            throw new IllegalArgumentException(inputs.length + " inputs but " + targets.length + " targets");
        }
        int p = Objects.requireNonNull(inputs[0], "input 0").length;
        if (p < 1) {
            throw new IllegalArgumentException("inputs must have at least one coordinate");
        }
        this.inputs = new double[inputs.length][];
        for (int m = 0; m < inputs.length; m++) {
            double[] x = Objects.requireNonNull(inputs[m], "input " + m);
            if (x.length != p) {
                throw new IllegalArgumentException("input " + m + " has dimension " + x.length + ", input 0 has " + p);
            }
            for (double v : x) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("input " + m + " is not finite");
                }
            }
            this.inputs[m] = x.clone();
        }
        for (double y : targets) {
            if (!Double.isFinite(y)) {
                throw new IllegalArgumentException("targets must be finite");
            }
        }
        this.targets = targets.clone();
        this.inputMean = new double[p];
        for (double[] x : this.inputs) {
            for (int j = 0; j < p; j++) {
                inputMean[j] += x[j] / this.inputs.length;
            }
        }
        this.centred = new double[this.inputs.length][p];
        for (int m = 0; m < this.inputs.length; m++) {
            for (int j = 0; j < p; j++) {
                centred[m][j] = this.inputs[m][j] - inputMean[j];
            }
        }
    }

    /** The same batch with another batch normalization (e.g. another epsilon or variance convention). */
    public BatchNormNeuron withTransform(BatchNormTransform other) {
        return new BatchNormNeuron(inputs, targets, other);
    }

    /** The batch normalization applied to the neuron's output. */
    public BatchNormTransform transform() {
        return transform;
    }

    /** The number of weights p. */
    @Override
    public int dimension() {
        return inputMean.length;
    }

    /** The batch size M. */
    public int batchSize() {
        return inputs.length;
    }

    /** A copy of the inputs. */
    public double[][] inputs() {
        double[][] copy = new double[inputs.length][];
        for (int m = 0; m < inputs.length; m++) {
            copy[m] = inputs[m].clone();
        }
        return copy;
    }

    /** A copy of the targets. */
    public double[] targets() {
        return targets.clone();
    }

    /** The neuron's outputs before normalization, {@code z_m = <w, x_m>}. */
    public double[] preNormalization(double[] w) {
        checkWeights(w);
        double[] z = new double[inputs.length];
        for (int m = 0; m < inputs.length; m++) {
            z[m] = dot(w, inputs[m]);
        }
        return z;
    }

    /** The batch-normalized outputs {@code BN(z)_m}, the paper's {@code phi^_w(x_m)}. */
    public double[] outputs(double[] w) {
        return transform.apply(preNormalization(w));
    }

    /** The batch-normalized cost {@code C^(w) = sum_m (BN(z)_m - y_m)^2}. */
    @Override
    public double value(double[] w) {
        double[] out = outputs(w);
        double c = 0;
        for (int m = 0; m < out.length; m++) {
            c += (out[m] - targets[m]) * (out[m] - targets[m]);
        }
        return c;
    }

    /**
     * The analytic gradient of {@link #value} (see the class comment).
     *
     * @throws IllegalArgumentException if the batch of {@code <w, x_m>} is constant and epsilon is 0
     */
    @Override
    public double[] gradient(double[] w) {
        checkWeights(w);
        int p = dimension();
        int mCount = inputs.length;
        double[] u = new double[mCount];
        double sumSquares = 0;
        for (int m = 0; m < mCount; m++) {
            u[m] = dot(w, centred[m]);
            sumSquares += u[m] * u[m];
        }
        double d = transform.variance().divisor(mCount);
        double s = Math.sqrt(sumSquares / d + transform.epsilon());
        if (!(s > 0.0)) {
            throw new IllegalArgumentException("<w, x_m> is constant over the batch and epsilon is 0: the "
                    + "normalization (and its gradient) is undefined at w");
        }
        double gamma = transform.gamma();
        double[] rc = new double[p];
        double[] uc = new double[p];
        double ru = 0;
        for (int m = 0; m < mCount; m++) {
            double r = gamma * u[m] / s + transform.beta() - targets[m];
            ru += r * u[m];
            for (int j = 0; j < p; j++) {
                rc[j] += r * centred[m][j];
                uc[j] += u[m] * centred[m][j];
            }
        }
        double[] g = new double[p];
        for (int j = 0; j < p; j++) {
            g[j] = 2 * gamma * (rc[j] / s - ru * uc[j] / (d * s * s * s));
        }
        return g;
    }

    /** The plain least-squares cost {@code C(w) = sum_m (<w, x_m> - y_m)^2} (no batch normalization). */
    public double plainCost(double[] w) {
        double[] z = preNormalization(w);
        double c = 0;
        for (int m = 0; m < z.length; m++) {
            c += (z[m] - targets[m]) * (z[m] - targets[m]);
        }
        return c;
    }

    /** The gradient of {@link #plainCost}: {@code 2 sum_m (<w, x_m> - y_m) x_m}. */
    public double[] plainGradient(double[] w) {
        double[] z = preNormalization(w);
        double[] g = new double[dimension()];
        for (int m = 0; m < z.length; m++) {
            for (int j = 0; j < g.length; j++) {
                g[j] += 2 * (z[m] - targets[m]) * inputs[m][j];
            }
        }
        return g;
    }

    /** The plain cost as a {@link CostFunction}. */
    public CostFunction plain() {
        BatchNormNeuron self = this;
        return new CostFunction() {
            @Override
            public int dimension() {
                return self.dimension();
            }

            @Override
            public double value(double[] w) {
                return self.plainCost(w);
            }

            @Override
            public double[] gradient(double[] w) {
                return self.plainGradient(w);
            }
        };
    }

    /**
     * The minimizer {@code W*} of the plain cost: the solution of the normal equations {@code X^T X w = X^T y}.
     *
     * @throws IllegalStateException if {@code X^T X} is singular
     */
    public double[] leastSquaresOptimum() {
        int p = dimension();
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int m = 0; m < inputs.length; m++) {
            for (int i = 0; i < p; i++) {
                b[i] += inputs[m][i] * targets[m];
                for (int j = 0; j < p; j++) {
                    a[i][j] += inputs[m][i] * inputs[m][j];
                }
            }
        }
        return solve(a, b, "X^T X");
    }

    /**
     * A direction {@code d} whose open ray {@code {t d : t > 0}} is the set of minimizers of the batch-normalized
     * cost when epsilon = 0: for gamma &gt; 0 the least-squares solution on centred data,
     * {@code (sum c_m c_m^T)^(-1) sum c_m (y_m - mean(y))}; for gamma &lt; 0 its negative. Not normalized.
     *
     * @throws IllegalStateException if gamma is 0 (the cost is then constant) or the centred inputs do not span
     *                               {@code R^p}
     */
    public double[] optimalDirection() {
        if (transform.gamma() == 0.0) {
            throw new IllegalStateException("with gamma = 0 the batch-normalized cost does not depend on w");
        }
        double[] d = centredRegression();
        if (transform.gamma() < 0) {
            for (int j = 0; j < d.length; j++) {
                d[j] = -d[j];
            }
        }
        return d;
    }

    /**
     * The minimum of the batch-normalized cost over {@code w != 0} when epsilon = 0 (see the class comment):
     * {@code gamma^2 D + |y - mean(y)|^2 + M (beta - mean(y))^2 - 2 |gamma| sqrt(D) |P (y - mean(y))|}, where P
     * projects onto the span of the centred inputs' coordinates.
     *
     * @throws IllegalStateException if epsilon is not 0 (the cost is then not scale-invariant and the formula does
     *                               not apply)
     */
    public double minimalCost() {
        if (transform.epsilon() != 0.0) {
            throw new IllegalStateException("the closed-form minimum assumes epsilon = 0, got "
                    + transform.epsilon());
        }
        int mCount = inputs.length;
        double yMean = mean(targets);
        double[] d = centredRegression();
        double yy = 0;
        double projectedSquared = 0;
        for (int m = 0; m < mCount; m++) {
            double yc = targets[m] - yMean;
            yy += yc * yc;
            // |P yc|^2 = yc^T C (C^T C)^-1 C^T yc = sum_m <d, c_m> yc_m with d = (C^T C)^-1 C^T yc.
            projectedSquared += dot(d, centred[m]) * yc;
        }
        double gamma = transform.gamma();
        double beta = transform.beta();
        double divisor = transform.variance().divisor(mCount);
        return gamma * gamma * divisor + yy + mCount * (beta - yMean) * (beta - yMean)
                - 2 * Math.abs(gamma) * Math.sqrt(divisor) * Math.sqrt(Math.max(projectedSquared, 0.0));
    }

    /** {@code (sum c_m c_m^T)^(-1) sum c_m (y_m - mean(y))}: least squares of the centred targets on centred inputs. */
    private double[] centredRegression() {
        int p = dimension();
        double yMean = mean(targets);
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int m = 0; m < inputs.length; m++) {
            for (int i = 0; i < p; i++) {
                b[i] += centred[m][i] * (targets[m] - yMean);
                for (int j = 0; j < p; j++) {
                    a[i][j] += centred[m][i] * centred[m][j];
                }
            }
        }
        return solve(a, b, "the centred inputs' scatter matrix");
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private void checkWeights(double[] w) {
        Objects.requireNonNull(w, "w");
        if (w.length != dimension()) {
            throw new IllegalArgumentException("w must have " + dimension() + " coordinates, got " + w.length);
        }
        for (double v : w) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("w must be finite");
            }
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Gaussian elimination with partial pivoting on copies of a small system. */
    static double[] solve(double[][] matrix, double[] rhs, String what) {
        int n = rhs.length;
        double[][] a = new double[n][];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
            for (double v : a[i]) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double[] b = rhs.clone();
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(a[pivot][col]) > 1e-13 * scale)) {
                throw new IllegalStateException(what + " is singular: the inputs do not determine w");
            }
            double[] rowTmp = a[col];
            a[col] = a[pivot];
            a[pivot] = rowTmp;
            double bTmp = b[col];
            b[col] = b[pivot];
            b[pivot] = bTmp;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c < n; c++) {
                    a[r][c] -= f * a[col][c];
                }
                b[r] -= f * b[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int c = r + 1; c < n; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }
}
