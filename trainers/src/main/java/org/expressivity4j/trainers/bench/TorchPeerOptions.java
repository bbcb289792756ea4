package org.expressivity4j.trainers.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of a benchmark's PyTorch side (a picocli mixin): whether to run it, the interpreter, and the script.
 * A command refuses {@link #NAMES} with {@code --no-torch} (through its {@code refuse}) and calls
 * {@link #validate}.
 */
public final class TorchPeerOptions {

    /** The options that only apply with the PyTorch side. */
    public static final String[] NAMES = {"--python", "--torch-script"};

    @Option(names = "--no-torch", description = "Leave out the PyTorch side.")
    boolean noTorch;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
            description = "The interpreter for the PyTorch side. Default: ${DEFAULT-VALUE}.")
    Path python;

    @Option(names = "--torch-script", paramLabel = "FILE",
            description = "The PyTorch script. Default: the benchmark's bundled script (bench/torch_*.py, named in "
                    + "its description), written into the run folder.")
    Path torchScript;

    /** Whether the PyTorch side runs. */
    public boolean enabled() {
        return !noTorch;
    }

    /** The interpreter. */
    public Path python() {
        return python;
    }

    /** A given --torch-script must be a file. */
    public void validate(Function<String, CommandLine.ParameterException> usage) {
        if (torchScript != null && !Files.isRegularFile(torchScript)) {
            throw usage.apply("--torch-script " + torchScript + " is not a file");
        }
    }

    /** The script to run: --torch-script, or the bundled one of that name written into {@code folder}. */
    public Path script(String bundled, Path folder) {
        return torchScript != null ? torchScript : TorchPeer.extract(bundled, folder);
    }
}
