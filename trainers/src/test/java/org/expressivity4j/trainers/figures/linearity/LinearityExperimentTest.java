package org.expressivity4j.trainers.figures.linearity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.expressivity4j.core.network.Activation;
import org.junit.jupiter.api.Test;

class LinearityExperimentTest {

    /** A small profile: m = 4, width 30, depth 5, 300 samples, sigma = 0.1, 0.01, 0.001, with the variants. */
    private static final LinearitySettings SMALL = new LinearitySettings(
            List.of(Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.SELU, Activation.LINEAR),
            4, 30, 5, 1.0, 0.0, 300, 21, new double[] {0.1, 0.01, 0.001}, true, 5000);

    @Test
    void theActivationsReachTheirLimits() {
        LinearityExperiment.Result r = new LinearityExperiment().compute(3, SMALL);
        // Main configurations + relu, selu at sigma_w^2 = 2 + four nonlinear ones with biases.
        assertEquals(5 + 2 + 4, r.configs().size());
        double[] tanh = r.config(Activation.TANH, 1, 0).lastResiduals();
        double[] sigmoid = r.config(Activation.SIGMOID, 1, 0).lastResiduals();
        double[] relu = r.config(Activation.RELU, 1, 0).lastResiduals();
        double[] linear = r.config(Activation.LINEAR, 1, 0).lastResiduals();
        // Slopes over the last decade (see NearLinearityTest for the tolerances): tanh 2, sigmoid 1, relu 0.
        assertEquals(2.0, Math.log10(tanh[1] / tanh[2]), 0.02);
        assertEquals(1.0, Math.log10(sigmoid[1] / sigmoid[2]), 0.02);
        assertEquals(relu[0], relu[2], 1e-10);
        assertTrue(linear[2] < 1e-12);
        // sigma_w only rescales a zero-bias relu network (homogeneous in the weights too): the same residual.
        assertEquals(relu[2], r.config(Activation.RELU, 2, 0).lastResiduals()[2], 1e-10);
        // With biases no relu unit sits on its kink at 0: the limit is affine.
        assertTrue(r.config(Activation.RELU, 1, 0.1).limitResiduals()[4] < 1e-12);
        assertEquals(0, r.config(Activation.RELU, 1, 0.1).kinks());
        assertEquals(5 * 30, r.config(Activation.SELU, 1, 0).kinks());
    }

    @Test
    void batchNormWithoutGammaAndBetaKeepsASigmoidNearLinear() {
        List<LinearityExperiment.SigmoidRow> rows = LinearityExperiment.sigmoidTable(5, 20_000);
        LinearityExperiment.SigmoidRow raw = rows.get(0);
        LinearityExperiment.SigmoidRow normalized = rows.get(1);
        LinearityExperiment.SigmoidRow scaled = rows.get(2);
        LinearityExperiment.SigmoidRow identity = rows.get(3);
        // Normalized to N(0, 1): P(|h| <= 2) = 0.9545; binomial standard error sqrt(0.9545 x 0.0455 / 20000)
        // = 0.0015, 5 of them 0.0074.
        assertEquals(0.9545, normalized.nearLinearFraction(), 0.0074);
        assertEquals(0.0, normalized.preActivationMean(), 1e-12);
        assertEquals(1.0, normalized.preActivationStd(), 1e-12);
        // The residual of sigmoid(Z) on Z ~ N(0, 1), by quadrature (an independent computation of the same
        // population quantity): the sample value has a relative standard error ~1/sqrt(20000) ~ 0.7%; 5% covers it.
        assertEquals(standardNormalSigmoidResidual(), normalized.relativeResidual(),
                0.05 * standardNormalSigmoidResidual());
        assertTrue(normalized.relativeResidual() < scaled.relativeResidual());
        assertTrue(scaled.relativeResidual() < raw.relativeResidual());
        // gamma = sqrt(Var z), beta = E z is the identity (population variance, no epsilon): rounding only.
        assertTrue(identity.identityError() < 1e-12, "max |h - z| = " + identity.identityError());
        assertEquals(raw.relativeResidual(), identity.relativeResidual(), 1e-12);
    }

    /** {@code sqrt(1 - Cov(s(Z), Z)^2 / Var s(Z))} for the sigmoid s and Z ~ N(0, 1), by the trapezoid rule. */
    private static double standardNormalSigmoidResidual() {
        int n = 200_000;
        double lo = -12;
        double step = 24.0 / n;
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        for (int i = 0; i <= n; i++) {
            double z = lo + i * step;
            double w = (i == 0 || i == n ? 0.5 : 1.0) * step * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
            double s = 1 / (1 + Math.exp(-z));
            m0 += w * s;
            m1 += w * s * z;
            m2 += w * s * s;
        }
        double variance = m2 - m0 * m0;
        return Math.sqrt(1 - m1 * m1 / variance);
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LinearitySettings(List.of(Activation.TANH),
                10, 10, 2, 1, 0, 11, 10, new double[] {0.1}, false, 100));
        assertThrows(IllegalArgumentException.class, () -> new LinearitySettings(List.of(Activation.TANH),
                2, 10, 2, 1, 0, 100, 10, new double[] {0}, false, 100));
    }
}
