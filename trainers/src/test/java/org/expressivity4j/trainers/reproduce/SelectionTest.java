package org.expressivity4j.trainers.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@code --only} selects, and that every claim belongs to a stage that exists. */
class SelectionTest {

    @Test
    void figureIdsFromLabels() {
        assertEquals(Set.of("fig12", "fig13"), ReproduceCommand.figureIds("Figs. 12, 13 (a)"));
        assertEquals(Set.of("fig5", "thm4"), ReproduceCommand.figureIds("Fig. 5, Theorem 4"));
        assertEquals(Set.of("fig14", "fig15", "fig16"), ReproduceCommand.figureIds("Figs. 14-16"));
        assertEquals(Set.of(), ReproduceCommand.figureIds("Exercise (side result)"));
    }

    @Test
    void onlySelectsStagesByFigureClaimOrStageInRunOrder() {
        assertEquals(List.of("trajectory-picture", "bn-vs-trajreg", "noise-robustness"),
                List.copyOf(ReproduceCommand.selection(List.of("fig6", "fig11", "fig3"))));
        assertEquals(List.of("transitions"), List.copyOf(ReproduceCommand.selection(List.of("thm1", "fig5"))));
        assertEquals(List.of("trajectory-growth"), List.copyOf(ReproduceCommand.selection(List.of("thm3"))));
        assertEquals(List.of("dichotomies"), List.copyOf(ReproduceCommand.selection(List.of("DICHOTOMIES"))));
        assertEquals(List.of("train-one-layer-mnist", "train-one-layer-cifar10"),
                List.copyOf(ReproduceCommand.selection(List.of("fig17", "fig7"))));
        assertEquals(10, ReproduceCommand.selection(null).size());
    }

    @Test
    void unknownIdsAreRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReproduceCommand.selection(List.of("fig4")));
        assertTrue(e.getMessage().contains("fig4") && e.getMessage().contains("fig11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReproduceCommand.selection(List.of(" ")));
    }

    @Test
    void everyClaimHasAStageAndUniqueId() {
        Set<String> stages = new HashSet<>();
        Stages.of(Stages.Profile.QUICK, Path.of("unused")).forEach(s -> stages.add(s.id()));
        Set<String> ids = new HashSet<>();
        for (Claim c : Claims.all()) {
            assertTrue(stages.contains(c.stage()), c.id() + " -> " + c.stage());
            assertTrue(ids.add(c.id()), "duplicate " + c.id());
            assertTrue(!c.plots().isEmpty(), c.id());
        }
        for (Stages.Profile p : Stages.Profile.values()) {
            assertEquals(stages.size(), Stages.of(p, Path.of("unused")).size(), p.id());
        }
    }

    @Test
    void theIssuesFiguresAndTheoremsAreAllClaimed() {
        Set<String> covered = new HashSet<>();
        Claims.all().forEach(c -> covered.addAll(ReproduceCommand.figureIds(c.figure())));
        for (String id : List.of("fig2", "fig3", "fig5", "fig6", "fig7", "fig8", "fig9", "fig10", "fig11", "fig12",
                "fig13", "fig14", "fig15", "fig16", "fig17", "thm1", "thm3", "thm4")) {
            assertTrue(covered.contains(id), id);
        }
    }
}
