package org.expressivity4j.trainers.run;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.Function;
import org.bytedeco.javacpp.Pointer;
import org.expressivity4j.trainers.shared.MemoryEstimate;
import picocli.CommandLine;

/**
 * The memory ND4J may allocate in this JVM, and the check of a run's {@link MemoryEstimate} against it, made before
 * anything is allocated: a run that cannot fit is a usage error naming the options that size it, not a crash.
 *
 * <p>ND4J's arrays live outside the Java heap, allocated by JavaCPP, which refuses to go beyond
 * {@code org.bytedeco.javacpp.maxbytes} (by default the JVM's maximum heap, {@code -Xmx}); neither can they exceed
 * the machine's physical memory.
 *
 * @param nd4jBytes     what ND4J may allocate: the smaller of the two below
 * @param maxBytes      JavaCPP's limit ({@code org.bytedeco.javacpp.maxbytes}); 0 if none
 * @param physicalBytes the machine's physical memory
 */
public record MemoryBudget(long nd4jBytes, long maxBytes, long physicalBytes) {

    /** The budget of this JVM on this machine. */
    public static MemoryBudget current() {
        long max = Pointer.maxBytes();
        long physical = physicalMemory();
        long nd4j = max > 0 ? Math.min(max, physical) : physical;
        return new MemoryBudget(nd4j, max, physical);
    }

    private static long physicalMemory() {
        long total = Pointer.totalPhysicalBytes();
        if (total > 0) {
            return total;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Long.MAX_VALUE;
    }

    /**
     * Throws {@code usage}'s error, one line, if the estimate exceeds the budget.
     *
     * @param sizing the options that size the estimate with their values, e.g. {@code --width-multiplier 30,
     *               --batch 128}
     */
    public void require(MemoryEstimate estimate, String sizing,
                        Function<String, CommandLine.ParameterException> usage) {
        if (estimate.bytes() <= nd4jBytes) {
            return;
        }
        throw usage.apply(String.format(Locale.ROOT, "%s: %s needs at least %s, more than the %s ND4J may allocate "
                + "here (%s; physical memory %s): choose smaller values, or allow more with "
                + "EXPRESSIVITY4J_JAVA_OPTS (-Xmx, -Dorg.bytedeco.javacpp.maxbytes)", sizing, estimate.what(),
                MemoryEstimate.format(estimate.bytes()), MemoryEstimate.format(nd4jBytes),
                maxBytes > 0 ? "org.bytedeco.javacpp.maxbytes " + MemoryEstimate.format(maxBytes)
                        : "no org.bytedeco.javacpp.maxbytes", MemoryEstimate.format(physicalBytes)));
    }
}
