package org.expressivity4j.trainers.figures.linearity;

import java.util.ArrayList;
import java.util.List;
import org.expressivity4j.trainers.options.HelpValues;
import org.expressivity4j.trainers.options.ProfileHelp;

/**
 * The defaults {@code linearity --help} shows: {@link LinearitySettings#full()} and {@code quick()}, the input
 * standard deviations between powers of ten written as such ({@code 1, 10^-0.5, 0.1}).
 */
public final class LinearityHelp extends ProfileHelp {

    public LinearityHelp() {
        super(LinearitySettings.full(), LinearitySettings.quick());
    }

    @Override
    protected String show(String component, Object value) {
        if (component.equals("sigmas")) {
            List<String> shown = new ArrayList<>();
            for (double sigma : (double[]) value) {
                shown.add(sigma(sigma));
            }
            // With spaces, so that the help breaks its lines between the values.
            return String.join(", ", shown);
        }
        return super.show(component, value);
    }

    /** {@code 0.01}, or {@code 10^-2.5} for a half power of ten. */
    static String sigma(double sigma) {
        double exponent = Math.round(2 * Math.log10(sigma)) / 2.0;
        return exponent != Math.rint(exponent) && Math.pow(10, exponent) == sigma
                ? "10^" + HelpValues.number(exponent) : HelpValues.number(sigma);
    }
}
