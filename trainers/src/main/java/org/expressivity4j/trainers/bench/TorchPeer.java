package org.expressivity4j.trainers.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A PyTorch script run beside a benchmark as its peer (the scripts in the repository's {@code bench/} folder, bundled
 * in the jar): found or written into the run folder, checked for an interpreter that imports torch, run in a
 * subprocess with its native thread counts set, its last JSON line read back.
 *
 * <p>The subprocess gets {@code OMP_NUM_THREADS} and {@code OPENBLAS_NUM_THREADS} set to the thread count
 * ({@code torch.set_num_threads} does not reach the system OpenBLAS's own threads); its standard error is appended to
 * a log file.
 *
 * @param python         the interpreter
 * @param script         the script
 * @param log            the file standard error is appended to, or null to discard it
 * @param timeoutSeconds the most one run may take
 */
public record TorchPeer(Path python, Path script, Path log, long timeoutSeconds) {

    /** How to install PyTorch and a fast BLAS for it on Debian / Ubuntu. */
    public static final String INSTALL = "apt-get install -y python3-torch libopenblas0-pthread";

    /** The interpreter the benchmarks use by default: Debian's, where apt installs python3-torch. */
    public static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");

    private static final ObjectMapper JSON = new ObjectMapper();

    public TorchPeer {
        Objects.requireNonNull(python, "python");
        Objects.requireNonNull(script, "script");
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("the timeout must be at least 1 s, got " + timeoutSeconds);
        }
    }

    /**
     * Writes the bundled script {@code name} (a file of the repository's {@code bench/} folder) into {@code folder},
     * so that a run keeps the exact code it timed, and returns its path.
     */
    public static Path extract(String name, Path folder) {
        String resource = "/bench/" + name;
        Path target = folder.resolve(name);
        try (InputStream in = TorchPeer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            Files.write(target, in.readAllBytes());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Null if the interpreter runs and imports torch, else why not (one line, with how to install it). */
    public String problem() {
        if (!Files.isExecutable(python)) {
            return python + " is not an executable interpreter (install PyTorch: " + INSTALL + ")";
        }
        if (!Files.isRegularFile(script)) {
            return "the PyTorch script " + script + " is missing";
        }
        try {
            Process p = start(List.of(python.toString(), "-c", "import torch"), 1);
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return python + " -c 'import torch' did not finish in 120 s";
            }
            return p.exitValue() == 0 ? null : python + " cannot import torch (install: " + INSTALL + ")";
        } catch (IOException e) {
            return "cannot run " + python + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking for torch";
        }
    }

    /** Runs the script with {@code args} on {@code threads} native threads; returns the last JSON line it printed. */
    public JsonNode run(List<String> args, int threads) {
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString()));
        command.addAll(args);
        try {
            Process p = start(command, threads);
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the PyTorch run took more than " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("the PyTorch run failed with exit code " + p.exitValue()
                        + (log != null ? " (see " + log + ")" : ""));
            }
            return lastJson(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the PyTorch run", e);
        }
    }

    /** The last line of {@code output} that is a JSON object. */
    public static JsonNode lastJson(String output) {
        String line = null;
        for (String l : output.split("\n")) {
            if (l.startsWith("{")) {
                line = l;
            }
        }
        if (line == null) {
            throw new IllegalStateException("the PyTorch script printed no JSON line: " + output.strip());
        }
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse the PyTorch script's output '" + line + "': "
                    + e.getMessage(), e);
        }
    }

    private Process start(List<String> command, int threads) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.redirectError(log != null ? ProcessBuilder.Redirect.appendTo(log.toFile())
                : ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }
}
