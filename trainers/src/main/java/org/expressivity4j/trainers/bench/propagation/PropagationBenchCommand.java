package org.expressivity4j.trainers.bench.propagation;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.expressivity4j.core.backend.NativeBackend;
import org.expressivity4j.core.bench.PropagationBenchmark;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.trainers.bench.TorchPeerOptions;
import org.expressivity4j.trainers.options.OptionChecks;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.MemoryEstimate;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench propagation}: the achieved GFLOP/s of propagating a trajectory's points through a random network
 * (the work behind every measure of Raghu et al., ICML 2017, Section 2), beside ND4J's raw GEMM rate on the same
 * shapes and beside PyTorch doing the same propagation, in one run.
 */
@Command(name = "propagation",
        description = {"Propagation throughput: P points through L random fully connected layers of width k "
                + "(Network.propagate, as the measures call it), beside ND4J's raw matrix products on the same shapes "
                + "and PyTorch doing the same propagation (bench/torch_propagation.py, run with /usr/bin/python3 if "
                + "it can import torch), rounds alternating ND4J and PyTorch. Rates count the products' 2 P k^2 L "
                + "flops over the median of all timed passes.",
            "Defaults: 10^4 points, 12 layers of width 1000, hard tanh, float32, 2 native threads (for both), "
                + "3 rounds of 1 warm-up and 3 timed passes each. --quick: 2000 points, 6 layers of width 500, "
                + "2 rounds.",
            "PyTorch: " + PropagationComparison.TORCH_INSTALL + " (libopenblas0-pthread gives it OpenBLAS "
                + "instead of the reference BLAS).", ""},
        mixinStandardHelpOptions = true)
public final class PropagationBenchCommand extends ExperimentCommand {

    @Option(names = "--points", paramLabel = "P", converter = Ranges.Size.class,
            description = "Points. Default: 10000 (2000).")
    Integer points;

    @Option(names = "--depth", paramLabel = "L", converter = Ranges.Size.class,
            description = "Layers. Default: 12 (6).")
    Integer layers;

    /** The old spelling of --depth, kept for existing scripts. */
    @Option(names = "--layers", paramLabel = "L", hidden = true, converter = Ranges.Size.class)
    void layers(Integer l) {
        layers = l;
    }

    @Option(names = "--width", paramLabel = "K", converter = Ranges.Size.class,
            description = "Width (and input dimension). Default: 1000 (500).")
    Integer width;

    @Option(names = "--activation", paramLabel = "NAME",
            description = "hard-tanh or relu (PyTorch's side knows these two). Default: hard-tanh.")
    String activation;

    @Option(names = "--dtype", paramLabel = "TYPE", description = "float32 or float64. Default: float32.")
    String dtype;

    @Option(names = "--rounds", paramLabel = "N", converter = Ranges.Count.class,
            description = "Rounds (ND4J, then PyTorch). Default: 3 (2).")
    Integer rounds;

    @Option(names = "--warmup", paramLabel = "N", converter = Ranges.CountOrZero.class,
            description = "Untimed passes of each kind per run. Default: 1.")
    Integer warmup;

    @Option(names = "--repeats", paramLabel = "N", converter = Ranges.Count.class,
            description = "Timed passes of each kind per run. Default: 3.")
    Integer repeats;

    @Mixin
    TorchPeerOptions torchOptions;

    @Option(names = "--torch-timeout", paramLabel = "S", defaultValue = "1800", converter = Ranges.LongCount.class,
            description = "The most seconds one PyTorch run may take. Default: ${DEFAULT-VALUE}.")
    long torchTimeout;

    private Activation parsed;
    private DataType type;

    @Override
    protected int preferredThreads() {
        return 2;
    }

    @Override
    protected void validate() {
        parsed = activation == null ? Activation.HARD_TANH
                : OptionChecks.activation(activation, "--activation", this::usage);
        if (parsed != Activation.HARD_TANH && parsed != Activation.RELU) {
            throw usage("--activation must be hard-tanh or relu, got " + activation);
        }
        String d = dtype == null ? "float32" : dtype.toLowerCase(Locale.ROOT);
        type = switch (d) {
            case "float32", "float" -> DataType.FLOAT;
            case "float64", "double" -> DataType.DOUBLE;
            default -> throw usage("--dtype must be float32 or float64, got " + dtype);
        };
        if (!torchOptions.enabled()) {
            refuse("with --no-torch", "--python", "--torch-script", "--torch-timeout");
        }
        torchOptions.validate(this::usage);
        int p = OptionChecks.or(points, common.quick() ? 2000 : 10_000);
        int l = OptionChecks.or(layers, common.quick() ? 6 : 12);
        int k = OptionChecks.or(width, common.quick() ? 500 : 1000);
        // The layers' weights, and the points going into and coming out of a layer.
        requireMemory(MemoryEstimate.randomNetwork("propagating " + p + " points", type == DataType.DOUBLE
                ? MemoryEstimate.FLOAT64 : MemoryEstimate.FLOAT32, k, k, l, p, 2), "--points " + p + ", --depth " + l
                + ", --width " + k);
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        boolean quick = context.quick();
        int threads = NativeBackend.state().threads();
        PropagationBenchmark.Settings b = new PropagationBenchmark.Settings(
                OptionChecks.or(points, quick ? 2000 : 10_000),
                OptionChecks.or(layers, quick ? 6 : 12),
                OptionChecks.or(width, quick ? 500 : 1000), parsed, type, threads,
                OptionChecks.or(warmup, 1), OptionChecks.or(repeats, 3), context.seed());
        Path script = torchOptions.enabled() ? torchOptions.script("torch_propagation.py", context.run().folder()) : null;
        PropagationComparison.Settings settings = new PropagationComparison.Settings(b,
                OptionChecks.or(rounds, quick ? 2 : 3), torchOptions.enabled() ? torchOptions.python() : null, script,
                context.run().file("torch-stderr.log"), torchTimeout);
        PropagationComparison.Result r = new PropagationComparison().run(settings);
        PropagationBenchReport.write(context, r);
        Map<String, Object> headline = new LinkedHashMap<>();
        headline.put("nd4j_propagation_gflops", r.nd4jPropagationGflops());
        headline.put("nd4j_gemm_gflops", r.nd4jGemmGflops());
        headline.put("torch_propagation_gflops", r.torchPropagationGflops());
        headline.put("torch_gemm_gflops", r.torchGemmGflops());
        headline.put("propagation_over_gemm", r.nd4jPropagationGflops() / r.nd4jGemmGflops());
        headline.put("nd4j_over_torch", r.nd4jPropagationGflops() / r.torchPropagationGflops());
        if (r.torchMissing() != null) {
            headline.put("torch", r.torchMissing());
        }
        return headline;
    }

    /** Writes the bundled script into the run folder (so the run keeps the exact code it timed). */}
