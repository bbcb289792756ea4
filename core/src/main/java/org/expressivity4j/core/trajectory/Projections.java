package org.expressivity4j.core.trajectory;

import java.util.Objects;
import org.expressivity4j.core.network.SeededGaussians;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two-dimensional pictures of a trajectory's image in a layer, as in Fig. 3 of Raghu et al. (ICML 2017), where a
 * circle's image after each layer of a width-100 tanh network is "projected down to two dimensions".
 *
 * <p>Our choice for Fig. 3 is {@link #principalPlane}: the plane of the two largest principal components of the
 * layer's points (centred), which shows as much of the curve's spread as any plane can, and adapts to each layer
 * (a fixed plane of a high-dimensional layer sees a random, mostly uninformative shadow). {@link #randomPlane}
 * gives a fixed random plane instead, for pictures that must use the same plane across steps or runs.
 */
public final class Projections {

    private Projections() {
    }

    /**
     * A plane and the coordinates of the points in it.
     *
     * @param coordinates {@code [N, 2]}: the projections of the points (centred at their mean for the principal
     *                    plane; not centred for a random plane)
     * @param basis       {@code [D, 2]}: orthonormal columns spanning the plane
     * @param variance    for the principal plane, the variance of the points along each axis (largest first); for a
     *                    random plane, the same quantity measured along its axes
     */
    public record Projection(INDArray coordinates, INDArray basis, double[] variance) {
    }

    /**
     * Projects the points onto their two leading principal axes: the eigenvectors of the covariance matrix
     * {@code C = X_c^T X_c / N} ({@code X_c} the centred points) with the two largest eigenvalues, each axis signed so
     * that its largest-magnitude component is positive (so the picture does not flip from run to run).
     *
     * @param points {@code [N, D]}, N and D at least 2; computed in double precision
     */
    public static Projection principalPlane(INDArray points) {
        INDArray x = check(points);
        INDArray centred = x.subRowVector(x.mean(0));
        long n = centred.rows();
        long d = centred.columns();
        INDArray basis;
        if (d <= n) {
            INDArray covariance = centred.transpose().mmul(centred).divi(n);
            basis = topEigenvectors(covariance);
        } else {
            // Fewer points than dimensions: the eigenvectors of the N x N Gram matrix, mapped back (X_c^T v / |.|).
            INDArray gram = centred.mmul(centred.transpose()).divi(n);
            INDArray v = topEigenvectors(gram);
            basis = centred.transpose().mmul(v);
            for (int j = 0; j < 2; j++) {
                INDArray column = basis.getColumn(j);
                double norm = column.norm2Number().doubleValue();
                if (norm > 0) {
                    column.divi(norm);
                }
            }
        }
        for (int j = 0; j < 2; j++) {
            double[] column = basis.getColumn(j).toDoubleVector();
            double largest = 0;
            for (double c : column) {
                if (Math.abs(c) > Math.abs(largest)) {
                    largest = c;
                }
            }
            if (largest < 0) {
                basis.getColumn(j).negi();
            }
        }
        INDArray coordinates = centred.mmul(basis);
        return new Projection(coordinates, basis, axisVariance(coordinates));
    }

    /**
     * Projects the (uncentred) points onto a fixed random plane of {@code R^D}: two orthonormalized Gaussian vectors
     * from the seed.
     *
     * @param points {@code [N, D]}, D at least 2
     */
    public static Projection randomPlane(INDArray points, long seed) {
        INDArray x = check(points);
        int d = (int) x.columns();
        double[] u = SeededGaussians.values(d, 1.0, SeededGaussians.derive(seed, 0));
        double[] v = SeededGaussians.values(d, 1.0, SeededGaussians.derive(seed, 1));
        normalize(u);
        double dot = 0;
        for (int i = 0; i < d; i++) {
            dot += u[i] * v[i];
        }
        for (int i = 0; i < d; i++) {
            v[i] -= dot * u[i];
        }
        normalize(v);
        INDArray basis = Nd4j.createFromArray(new double[][] {u, v}).transpose().dup('c');
        INDArray coordinates = x.mmul(basis);
        return new Projection(coordinates, basis, axisVariance(coordinates));
    }

    private static INDArray topEigenvectors(INDArray symmetric) {
        // Symmetrize against rounding, then LAPACK syev: eigenvalues ascending, eigenvectors in a's columns.
        INDArray a = symmetric.add(symmetric.transpose()).divi(2).dup('f');
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(a, true);
        long m = values.length();
        INDArray basis = Nd4j.create(DataType.DOUBLE, a.rows(), 2);
        basis.putColumn(0, a.getColumn(m - 1));
        basis.putColumn(1, a.getColumn(m - 2));
        return basis;
    }

    /** Population variance of each of the two coordinates. */
    private static double[] axisVariance(INDArray coordinates) {
        double[] v = new double[2];
        for (int j = 0; j < 2; j++) {
            double[] c = coordinates.getColumn(j).toDoubleVector();
            double mean = 0;
            for (double x : c) {
                mean += x / c.length;
            }
            for (double x : c) {
                v[j] += (x - mean) * (x - mean) / c.length;
            }
        }
        return v;
    }

    private static void normalize(double[] u) {
        double s = 0;
        for (double x : u) {
            s += x * x;
        }
        double norm = Math.sqrt(s);
        for (int i = 0; i < u.length; i++) {
            u[i] /= norm;
        }
    }

    private static INDArray check(INDArray points) {
        Objects.requireNonNull(points, "points");
        if (points.rank() != 2 || points.rows() < 2 || points.columns() < 2) {
            throw new IllegalArgumentException("points must be [N, D] with N, D >= 2, got shape "
                    + java.util.Arrays.toString(points.shape()));
        }
        return points.castTo(DataType.DOUBLE).dup('c');
    }
}
