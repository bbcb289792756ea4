package org.expressivity4j.trainers.options;

import java.util.function.Function;
import org.expressivity4j.core.network.Activation;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The nonlinearity of a figure's random networks (a picocli mixin, {@code --activation}). Its default is the figure's
 * profile's; the help shows it through the command's {@link ProfileHelp} ({@code default.activation}).
 */
public final class ActivationOption {

    @Option(names = "--activation", paramLabel = "NAME",
            description = "relu, hard-tanh, tanh, sigmoid, selu or linear. Default: ${bundle:default.activation}.")
    String activation;

    /** The activation given, or {@code fallback} when none was; a usage error for an unknown name. */
    public Activation activation(Activation fallback, Function<String, CommandLine.ParameterException> usage) {
        return activation == null ? fallback : OptionChecks.activation(activation, "--activation", usage);
    }
}
