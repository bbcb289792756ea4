package org.expressivity4j.trainers.shared;

import java.util.Arrays;

/** Small statistics for the random-network experiments: means, standard errors, least-squares lines. */
public final class Stats {

    private Stats() {
    }

    /** Mean of the finite values; NaN if none. */
    public static double mean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Standard error of the mean of the finite values (sample standard deviation / sqrt n); NaN below 2 values. */
    public static double standardError(double[] v) {
        double[] f = Arrays.stream(v).filter(Double::isFinite).toArray();
        int n = f.length;
        if (n < 2) {
            return Double.NaN;
        }
        double m = mean(f);
        double ss = 0;
        for (double x : f) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (n - 1) / n);
    }

    /**
     * The least-squares line {@code y = intercept + slope x} through the points whose x and y are both finite.
     *
     * @param points number of points used
     * @param r2     coefficient of determination (NaN with fewer than 3 points or constant y)
     */
    public record Line(double slope, double intercept, double r2, int points) {
    }

    public static Line fit(double[] x, double[] y) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                sx += x[i];
                sy += y[i];
                n++;
            }
        }
        if (n < 2) {
            return new Line(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                sxx += (x[i] - mx) * (x[i] - mx);
                sxy += (x[i] - mx) * (y[i] - my);
                syy += (y[i] - my) * (y[i] - my);
            }
        }
        if (sxx == 0) {
            return new Line(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double slope = sxy / sxx;
        double r2 = n < 3 || syy == 0 ? Double.NaN : sxy * sxy / (sxx * syy);
        return new Line(slope, my - slope * mx, r2, n);
    }

    /** The natural logarithm of each value; NaN for values that are not positive. */
    public static double[] log(double[] v) {
        return Arrays.stream(v).map(x -> x > 0 ? Math.log(x) : Double.NaN).toArray();
    }

    /** 0, 1, ..., n - 1 as doubles. */
    public static double[] range(int from, int to) {
        double[] r = new double[to - from + 1];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /** The entries of x and y where y is positive and finite (for logarithmic axes). */
    public static double[][] positive(double[] x, double[] y) {
        int n = 0;
        for (double v : y) {
            if (v > 0 && Double.isFinite(v)) {
                n++;
            }
        }
        double[][] r = new double[2][n];
        for (int i = 0, j = 0; i < y.length; i++) {
            if (y[i] > 0 && Double.isFinite(y[i])) {
                r[0][j] = x[i];
                r[1][j++] = y[i];
            }
        }
        return r;
    }

    /** {@code count} values from {@code a} to {@code b} equally spaced on a logarithmic scale (a, b positive). */
    public static double[] logSpace(double a, double b, int count) {
        double[] r = new double[count];
        for (int i = 0; i < count; i++) {
            r[i] = a * Math.pow(b / a, count == 1 ? 0 : (double) i / (count - 1));
        }
        r[count - 1] = b;
        return r;
    }
}
