package org.expressivity4j.trainers.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each verdict rule on values on both sides of each of its thresholds. */
class RuleTest {

    @Test
    void allChecks() {
        assertEquals(Verdict.REPRODUCED, Rule.allChecks(5, 5));
        assertEquals(Verdict.PARTLY, Rule.allChecks(4, 5));
        assertEquals(Verdict.PARTLY, Rule.allChecks(2, 4));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.allChecks(1, 4));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.allChecks(0, 1));
        assertEquals(Verdict.NOT_RUN, Rule.allChecks(0, 0));
    }

    @Test
    void fallsWithDepth() {
        assertEquals(Verdict.REPRODUCED, Rule.fallsWithDepth(-0.81));
        assertEquals(Verdict.REPRODUCED, Rule.fallsWithDepth(-0.8));
        assertEquals(Verdict.PARTLY, Rule.fallsWithDepth(-0.79));
        assertEquals(Verdict.PARTLY, Rule.fallsWithDepth(-0.5));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.fallsWithDepth(-0.49));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.fallsWithDepth(0.9));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.fallsWithDepth(Double.NaN));
    }

    @Test
    void risesWith() {
        assertEquals(Verdict.REPRODUCED, Rule.risesWith(0.8));
        assertEquals(Verdict.PARTLY, Rule.risesWith(0.79));
        assertEquals(Verdict.PARTLY, Rule.risesWith(0.5));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.risesWith(0.49));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.risesWith(-1));
    }

    @Test
    void proportional() {
        assertEquals(Verdict.REPRODUCED, Rule.proportional(1.0));
        assertEquals(Verdict.REPRODUCED, Rule.proportional(0.81));
        assertEquals(Verdict.REPRODUCED, Rule.proportional(1.19));
        assertEquals(Verdict.PARTLY, Rule.proportional(0.79));
        assertEquals(Verdict.PARTLY, Rule.proportional(1.39));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.proportional(0.59));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.proportional(1.41));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.proportional(Double.NaN));
    }

    @Test
    void withinBoundsAllowsTwoStandardErrors() {
        assertTrue(Rule.withinBounds(1.5, 0, 1, 2));
        assertTrue(Rule.withinBounds(0.9, 0.051, 1, 2));
        assertFalse(Rule.withinBounds(0.9, 0.049, 1, 2));
        assertTrue(Rule.withinBounds(2.1, 0.051, 1, 2));
        assertFalse(Rule.withinBounds(2.1, 0.049, 1, 2));
        assertFalse(Rule.withinBounds(2.1, Double.NaN, 1, 2), "an unknown error gives no slack");
    }

    @Test
    void betterUsesTheBinomialErrorOfTheDifference() {
        // a = b = 0.5 on 10,000 examples: SE of the difference = sqrt(0.5 / 10,000) = 0.00707; 2 SE = 0.01414.
        assertEquals(0.0070711, Rule.differenceError(0.5, 0.5, 10_000), 1e-6);
        assertEquals(Verdict.REPRODUCED, Rule.better(0.5145, 0.5, 10_000));
        assertEquals(Verdict.PARTLY, Rule.better(0.5135, 0.5, 10_000));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.better(0.5, 0.5, 10_000));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.better(0.49, 0.5, 10_000));
        assertThrows(IllegalArgumentException.class, () -> Rule.differenceError(0.5, 0.5, 0));
    }

    @Test
    void same() {
        assertEquals(Verdict.REPRODUCED, Rule.same(0.5135, 0.5, 10_000));
        assertEquals(Verdict.REPRODUCED, Rule.same(0.4865, 0.5, 10_000));
        assertEquals(Verdict.PARTLY, Rule.same(0.5145, 0.5, 10_000));
        assertEquals(Verdict.PARTLY, Rule.same(0.481, 0.5, 10_000));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.same(0.479, 0.5, 10_000));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.same(0.1, 0.82, 10_000));
    }

    @Test
    void printedValue() {
        assertEquals(Verdict.REPRODUCED, Rule.printedValue(-0.3393, -0.34, 2));
        assertEquals(Verdict.REPRODUCED, Rule.printedValue(-0.345, -0.34, 2));
        assertEquals(Verdict.PARTLY, Rule.printedValue(-0.3451, -0.34, 2));
        assertEquals(Verdict.PARTLY, Rule.printedValue(-0.35, -0.34, 2));
        assertEquals(Verdict.NOT_REPRODUCED, Rule.printedValue(-0.3501, -0.34, 2));
    }

    @Test
    void everyRuleIsDescribedWithItsThresholds() {
        for (Rule r : Rule.values()) {
            assertFalse(r.description().isBlank(), r.name());
        }
        assertTrue(Rule.FALLS_WITH_DEPTH.description().contains("-0.8"), Rule.FALLS_WITH_DEPTH.description());
        assertTrue(Rule.PROPORTIONAL.description().contains("0.2"), Rule.PROPORTIONAL.description());
    }
}
