package org.expressivity4j.trainers.bench.backend;

import java.util.Map;
import org.expressivity4j.trainers.bench.TorchPeer;
import org.expressivity4j.trainers.bench.TorchPeerOptions;
import org.expressivity4j.trainers.models.Architectures;
import org.expressivity4j.trainers.options.Ranges;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.MemoryEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench backend}: training-step time under native-backend configurations. */
@Command(name = "backend",
        description = "Training-step time of the MNIST MLP and the CIFAR-10 conv net with 1 or all native threads "
                + "and with DL4J's oneDNN helpers on or off, and of the same networks in PyTorch "
                + "(bench/torch_backend.py, run with /usr/bin/python3 if it can import torch: the MLP on 1 thread, "
                + "the conv net on all cores), alternating in one run. (The JVM's garbage collector is fixed per run: "
                + "compare with EXPRESSIVITY4J_JAVA_OPTS=-XX:+UseG1GC.)",
        mixinStandardHelpOptions = true)
public final class BackendBenchCommand extends ExperimentCommand {

    @Option(names = "--rounds", paramLabel = "N", converter = Ranges.Count.class,
            description = "Rounds. Default: 3, or 2 with --quick.")
    Integer rounds;

    @Option(names = "--conv-batch", paramLabel = "N", converter = Ranges.Batch.class,
            description = "Conv net batch size. Default: 128, or 32 with --quick.")
    Integer convBatch;

    @Option(names = "--skip-helpers-off",
            description = "Do not time the conv net with oneDNN helpers off (slow: about 17 s a step at batch 128).")
    boolean skipHelpersOff;

    @Mixin
    TorchPeerOptions torchOptions;

    @Override
    protected void validate() {
        int b = convBatch != null ? convBatch : common.quick() ? 32 : 128;
        Architectures.Shape shape = Architectures.convNetShape(Architectures.ConvSizes.SVCCA, 1.0,
                Architectures.Normalization.NONE);
        requireMemory(MemoryEstimate.training("the conv net", 1, shape.parameters(), 0,
                shape.activationsPerExample(), b, b), "--conv-batch " + b);
        if (!torchOptions.enabled()) {
            refuse("with --no-torch", TorchPeerOptions.NAMES);
        }
        torchOptions.validate(this::usage);
    }

    @Override
    protected Map<String, Object> run(RunContext context) {
        boolean quick = context.quick();
        TorchPeer torch = !torchOptions.enabled() ? null : new TorchPeer(torchOptions.python(),
                torchOptions.script("torch_backend.py", context.run().folder()),
                context.run().file("torch-stderr.log"), 3600);
        BackendBenchmark.Settings settings = new BackendBenchmark.Settings(rounds != null ? rounds : quick ? 2 : 3,
                quick ? 20 : 100, quick ? 1 : 3, convBatch != null ? convBatch : quick ? 32 : 128, 1.0, !skipHelpersOff,
                torch);
        BackendBenchmark.Result result = new BackendBenchmark().run(settings, context.seed());
        return BackendBenchReport.write(context, settings, result);
    }
}
