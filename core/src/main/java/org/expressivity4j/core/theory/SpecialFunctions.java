package org.expressivity4j.core.theory;

/** The few special functions the bounds need, to double precision. */
final class SpecialFunctions {

    private SpecialFunctions() {
    }

    /**
     * The error function, from the series {@code erf(x) = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1 3 5 ... (2n+1))}
     * (all terms positive: no cancellation), summed until terms fall below 1e-17 of the sum; 1 beyond x = 6.5, where
     * {@code 1 - erf(x) < 1e-19}. Odd.
     */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < 0) {
            return -erf(-x);
        }
        if (x > 6.5) {
            return 1.0;
        }
        double term = x;
        double sum = x;
        double x2 = x * x;
        for (int n = 1; n < 500; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return Math.min(1.0, 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum);
    }

    /**
     * {@code E[chi_k] / sqrt(k) = sqrt(2 / k) Gamma((k + 1)/2) / Gamma(k/2)}, from the recursion
     * {@code r(k + 2) = r(k) (k + 1) / k} on {@code r(k) = Gamma((k + 1)/2) / Gamma(k/2)}, with
     * {@code r(1) = 1/sqrt(pi)} and {@code r(2) = sqrt(pi)/2}; relative error about k/2 ulps.
     */
    static double chiMeanOverSqrtK(int k) {
        double r = (k % 2 == 1) ? 1 / Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
        for (int j = (k % 2 == 1) ? 1 : 2; j < k; j += 2) {
            r *= (j + 1.0) / j;
        }
        return Math.sqrt(2.0 / k) * r;
    }
}
