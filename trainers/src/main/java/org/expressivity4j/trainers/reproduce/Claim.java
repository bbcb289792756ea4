package org.expressivity4j.trainers.reproduce;

import java.util.List;
import java.util.function.Function;

/**
 * One claim of the paper (or of a side result) and how a run decides it.
 *
 * @param id       short id, unique in the report (also accepted by {@code --only})
 * @param figure   where the paper makes it, e.g. "Fig. 6" or "Theorem 3"
 * @param paper    the paper's statement or number
 * @param stage    the stage whose run decides it
 * @param rule     the rule that gives the verdict
 * @param plots    the stage's plots that show it (paths inside the stage's run folder), best first
 * @param evaluate reads the stage's run into a finding
 */
record Claim(String id, String figure, String paper, String stage, Rule rule, List<String> plots,
             Function<SubRun, Finding> evaluate) {
}
