package org.expressivity4j.trainers.reproduce;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.expressivity4j.trainers.Expressivity4j;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.run.ExperimentCommand;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.run.RunDirectory;
import org.expressivity4j.trainers.run.RunFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reproduce}: every figure of Raghu et al. (ICML 2017) and the side results in one resumable run, then
 * {@code REPORT.md} and a self-contained {@code report.html} with one row per claim.
 */
@Command(name = "reproduce",
        description = {"Runs every figure of the paper (2, 3, 5, 12-16 on random networks; 6, 7, 17, 8-11 on trained "
                + "ones) and the side results (batch-norm counterexample, linearity), each as an ordinary run of its "
                + "command in a sub-folder of --out, then writes REPORT.md and report.html: one row per claim with "
                + "the paper's statement, our number, a verdict from a rule written in code, and links to the plot "
                + "and the sub-run.",
            "Profiles: quick (= --quick): every figure at a small budget, at most 15 minutes on 2 cores; standard "
                + "(the default): the random-network figures at the paper's budgets and the trained ones at what fits "
                + "2 cores (bn-vs-trajreg --profile standard), several hours; full: the paper's budgets, days on 2 "
                + "cores.",
            "Resumable (--resume): finished figure runs are kept, half-finished training runs continue from their "
                + "checkpoints, others start again.", ""},
        mixinStandardHelpOptions = true)
public final class ReproduceCommand extends ExperimentCommand {

    private static final Logger log = LoggerFactory.getLogger(ReproduceCommand.class);

    @Option(names = "--profile", paramLabel = "P",
            description = "quick, standard or full. Default: standard (--quick is --profile quick).")
    String profileName;

    @Option(names = "--only", paramLabel = "ID", split = ",",
            description = "Run only these: figure ids (fig2, fig3, fig5, fig6, fig7, fig8, ..., fig17), claim ids "
                    + "(thm1, thm3, bn-init, linearity, ...) or stage ids (e.g. trajectory-growth). Default: all.")
    List<String> only;

    @Option(names = "--resume", description = "Continue the run in --out: keep finished figure runs, resume the rest.")
    boolean resume;

    private Stages.Profile profile;
    private Set<String> selected;

    @Override
    protected boolean resuming() {
        return resume;
    }

    @Override
    protected void validate() {
        if (profileName != null) {
            try {
                profile = Stages.Profile.parse(profileName);
            } catch (IllegalArgumentException e) {
                throw usage("--profile: " + e.getMessage());
            }
            if (common.quick() && profile != Stages.Profile.QUICK) {
                throw usage("--quick and --profile " + profileName + " disagree: give one of them");
            }
        } else {
            profile = common.quick() ? Stages.Profile.QUICK : Stages.Profile.STANDARD;
        }
        try {
            selected = selection(only);
        } catch (IllegalArgumentException e) {
            throw usage("--only: " + e.getMessage());
        }
    }

    /** The stage ids that the --only values name (all when none are given), in run order. */
    static Set<String> selection(List<String> only) {
        List<String> order = Stages.of(Stages.Profile.QUICK, Path.of(".")).stream().map(Stages.Stage::id).toList();
        if (only == null) {
            return new LinkedHashSet<>(order);
        }
        if (only.stream().allMatch(String::isBlank)) {
            throw new IllegalArgumentException("give at least one id");
        }
        Set<String> chosen = new java.util.HashSet<>();
        List<Claim> claims = Claims.all();
        for (String raw : only) {
            String id = raw.trim().toLowerCase(Locale.ROOT);
            if (id.isEmpty()) {
                throw new IllegalArgumentException("empty id");
            }
            if (order.contains(id)) {
                chosen.add(id);
                continue;
            }
            List<String> stages = claims.stream().filter(c -> c.id().equals(id) || c.id().startsWith(id + "-")
                    || figureIds(c.figure()).contains(id)).map(Claim::stage).distinct().toList();
            if (stages.isEmpty()) {
                Set<String> known = new java.util.TreeSet<>(order);
                claims.forEach(c -> {
                    known.add(c.id());
                    known.addAll(figureIds(c.figure()));
                });
                throw new IllegalArgumentException("unknown id '" + raw + "'; known: " + String.join(", ", known));
            }
            chosen.addAll(stages);
        }
        Set<String> inOrder = new LinkedHashSet<>();
        order.stream().filter(chosen::contains).forEach(inOrder::add);
        return inOrder;
    }

    /** "Figs. 12, 13 (a)" -> fig12, fig13; "Fig. 5, Theorem 4" -> fig5, thm4. */
    static Set<String> figureIds(String figure) {
        Set<String> ids = new LinkedHashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(Figs?\\.|Theorem)\\s*([0-9, -]+)")
                .matcher(figure);
        while (m.find()) {
            String prefix = m.group(1).startsWith("Fig") ? "fig" : "thm";
            for (String part : m.group(2).split(",")) {
                String p = part.trim();
                if (p.matches("\\d+-\\d+")) {
                    String[] ends = p.split("-");
                    for (int i = Integer.parseInt(ends[0]); i <= Integer.parseInt(ends[1]); i++) {
                        ids.add(prefix + i);
                    }
                } else if (p.matches("\\d+")) {
                    ids.add(prefix + p);
                }
            }
        }
        return ids;
    }

    @Override
    protected Map<String, Object> run(RunContext context) throws IOException {
        RunDirectory run = context.run();
        Path folder = run.folder();
        List<String> ids = List.copyOf(selected);
        double expected = Stages.of(profile, folder).stream().filter(s -> selected.contains(s.id()))
                .mapToDouble(Stages.Stage::minutes).sum();
        log.info("reproduce --profile {}: {} figure runs, expected {} on 2 cores", profile.id(), ids.size(),
                minutes(expected));
        long started = System.nanoTime();
        Map<String, StageOutcome> outcomes = new LinkedHashMap<>();
        double expectedDone = 0;
        double measuredDone = 0;
        try (MetricsCsv metrics = run.metrics(List.of("stage"))) {
            for (int k = 0; k < ids.size(); k++) {
                Stages.Stage stage = find(Stages.of(profile, folder), ids.get(k));
                int from = k;
                double remaining = Stages.of(profile, folder).stream()
                        .filter(s -> ids.indexOf(s.id()) >= from).mapToDouble(Stages.Stage::minutes).sum();
                double rate = expectedDone > 0 ? measuredDone / expectedDone : 1;
                log.info("figure run {} of {}: {} ({}; expected {}, all remaining about {})", k + 1, ids.size(),
                        stage.id(), stage.title(), minutes(stage.minutes() * rate), minutes(remaining * rate));
                StageOutcome outcome = runStage(stage, folder.resolve(stage.id()), context);
                outcomes.put(stage.id(), outcome);
                if (outcome.ran()) {
                    expectedDone += stage.minutes();
                    measuredDone += outcome.seconds() / 60;
                    metrics.append(List.of(stage.id()), 0, "", "seconds", outcome.seconds());
                }
                metrics.append(List.of(stage.id()), 0, "", "exit_code", outcome.exitCode());
                log.info("figure run {} of {}: {} {} ({})", k + 1, ids.size(), stage.id(), outcome.describe(),
                        minutes(outcome.seconds() / 60));
            }
        }
        double wallMinutes = (System.nanoTime() - started) / 6e10;
        List<ReproduceReport.Row> rows = ReproduceReport.evaluate(folder, selected);
        ReproduceReport.write(run, profile, rows, outcomes, wallMinutes, context.seed());

        Map<String, Object> headline = new LinkedHashMap<>();
        headline.put("profile", profile.id());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            counts.put(v.label(), (int) rows.stream().filter(r -> r.finding().verdict() == v).count());
        }
        headline.put("verdicts", counts);
        Map<String, String> verdicts = new LinkedHashMap<>();
        rows.forEach(r -> verdicts.put(r.claim().id(), r.finding().verdict().label()));
        headline.put("claims", verdicts);
        headline.put("wall_minutes", wallMinutes);
        List<String> failed = outcomes.entrySet().stream().filter(e -> e.getValue().exitCode() != 0)
                .map(e -> e.getKey() + " (" + e.getValue().describe() + ")").toList();
        if (!failed.isEmpty()) {
            throw new FiguresFailed(failed.size() + " of " + ids.size() + " figure runs failed: "
                    + String.join("; ", failed) + ". The report covers the others; each failed run's log is in its "
                    + "folder (command.log), and --resume retries them.");
        }
        return headline;
    }

    private static Stages.Stage find(List<Stages.Stage> stages, String id) {
        return stages.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** How one figure run went. */
    record StageOutcome(boolean ran, int exitCode, double seconds, String message) {
        String describe() {
            if (!ran) {
                return "already finished, kept";
            }
            return exitCode == 0 ? "finished" : "failed with exit code " + exitCode
                    + (message.isBlank() ? "" : ": " + message);
        }
    }

    /** Runs one figure command in-process in its sub-folder; finished runs are kept, others resumed or restarted. */
    private StageOutcome runStage(Stages.Stage stage, Path sub, RunContext context) throws IOException {
        var existing = SubRun.at(sub);
        if (existing.isPresent() && existing.get().completed()) {
            return new StageOutcome(false, 0, 0, "");
        }
        List<String> args = new ArrayList<>();
        args.add(stage.command());
        args.addAll(stage.arguments());
        args.addAll(List.of("--out", sub.toString(), "--seed", Long.toString(context.seed())));
        if (common.threads() != null) {
            args.addAll(List.of("--threads", common.threads().toString()));
        }
        if (common.dataDir() != null) {
            args.addAll(List.of("--data-dir", common.dataDir().toString()));
        }
        if (common.offline()) {
            args.add("--offline");
        }
        if (existing.isPresent() && stage.resumable()) {
            args.add("--resume");
        } else if (Files.exists(sub)) {
            org.expressivity4j.trainers.run.AtomicFiles.deleteTree(sub);
        }
        Files.createDirectories(sub);
        log.debug("running: expressivity4j {}", String.join(" ", args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code = Expressivity4j.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                args.toArray(String[]::new));
        double seconds = (System.nanoTime() - t0) / 1e9;
        String log1 = "$ expressivity4j " + String.join(" ", args) + "\n" + out + err;
        Files.writeString(sub.resolve("command.log"), log1, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        String firstError = err.toString().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        if (code != 0) {
            log.warn("{} failed (exit code {}): {}", stage.id(), code, firstError);
        }
        return new StageOutcome(true, code, seconds, firstError);
    }

    static String minutes(double m) {
        if (m < 1) {
            return String.format(Locale.ROOT, "%.0f s", m * 60);
        }
        if (m < 120) {
            return String.format(Locale.ROOT, "%.1f min", m);
        }
        return String.format(Locale.ROOT, "%.1f h", m / 60);
    }

    /** Some figure runs failed; the report was still written. */
    static final class FiguresFailed extends RunFailure {
        private static final long serialVersionUID = 1L;

        FiguresFailed(String message) {
            super(message);
        }

        @Override
        public String status() {
            return "failed";
        }
    }
}
