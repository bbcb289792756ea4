package org.expressivity4j.trainers.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.expressivity4j.trainers.shared.MemoryEstimate;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MemoryBudgetTest {

    private static final long GIB = 1L << 30;

    private static CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(new CommandLine(CommandLine.Model.CommandSpec.create()), message);
    }

    @Test
    void anEstimateJustBelowTheBudgetPassesAndJustAboveIsRefusedWithOneLine() {
        MemoryBudget budget = new MemoryBudget(2 * GIB, 2 * GIB, 16 * GIB);
        assertDoesNotThrow(() -> budget.require(new MemoryEstimate(2.0 * GIB, "training x"), "--width 10",
                MemoryBudgetTest::usage));
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, () -> budget.require(
                new MemoryEstimate(2.0 * GIB + 1, "training x"), "--width 11", MemoryBudgetTest::usage));
        assertFalse(e.getMessage().contains("\\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("--width 11: training x needs at least 2.00 GiB, more than the 2.00 GiB "
                + "ND4J may allocate here (org.bytedeco.javacpp.maxbytes 2.00 GiB; physical memory 16.0 GiB)"),
                e.getMessage());
    }

    @Test
    void theBudgetIsJavaCppsLimitAtMostThePhysicalMemory() {
        MemoryBudget here = MemoryBudget.current();
        assertTrue(here.physicalBytes() > 0);
        assertEquals(here.maxBytes() > 0 ? Math.min(here.maxBytes(), here.physicalBytes()) : here.physicalBytes(),
                here.nd4jBytes());
        // Tests run with -Xmx6g, and JavaCPP's limit defaults to the maximum heap.
        assertEquals(Runtime.getRuntime().maxMemory(), here.maxBytes());
    }

    @Test
    void trainingCountsParametersGradientsUpdaterStateAndActivations() {
        // 1000 parameters with Adam (2 values each) = 4000 values; 100 activations x batch 10, and their gradients:
        // 2000 values; 4 bytes each.
        MemoryEstimate e = MemoryEstimate.training("a net", 1, 1000, 2, 100, 10, 10);
        assertEquals(4 * (4000 + 2000), e.bytes(), 0.0);
        // Two networks; batch 5 but evaluated in batches of 10: the larger batch counts.
        MemoryEstimate two = MemoryEstimate.training("a net", 2, 1000, 2, 100, 5, 10);
        assertEquals(2 * 4 * 4000 + 4 * 2000, two.bytes(), 0.0);
        assertEquals("training 2 x a net (1.00e+03 parameters each, batch 5, evaluated in batches of 10)", two.what());
        // Sizes far beyond any machine do not overflow.
        assertTrue(MemoryEstimate.training("a net", 3, 1e30, 2, 1e20, Integer.MAX_VALUE, 1).bytes() > 1e30);
    }

    @Test
    void bytesAreFormattedInBinaryUnits() {
        assertEquals("512 bytes", MemoryEstimate.format(512));
        assertEquals("1.50 KiB", MemoryEstimate.format(1536));
        assertEquals("2.00 GiB", MemoryEstimate.format(2.0 * GIB));
        assertEquals("4.00 EiB", MemoryEstimate.format(4.0 * (1L << 60)));
        assertEquals("1.00e+30 bytes", MemoryEstimate.format(1e30));
    }
}
