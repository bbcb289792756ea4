package org.expressivity4j.trainers.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void unitsDoneByAnEarlierAttemptCountTowardsTheTotalButNotTheRate() throws InterruptedException {
        try (Progress p = Progress.start("task", 2000, "steps")) {
            p.alreadyDone(1000);
            Thread.sleep(20);
            String s = p.status();
            assertTrue(s.contains("1000/2000 steps (50%)"), s);
            // Nothing done by this process yet: no rate, and no ETA extrapolated from the resumed units.
            assertTrue(s.contains(" 0.00 steps/s"), s);
            assertFalse(s.contains("ETA"), s);
            p.advance(1);
            assertTrue(p.status().contains("1001/2000"), p.status());
            assertTrue(p.status().contains("ETA"), p.status());
        }
    }
}
