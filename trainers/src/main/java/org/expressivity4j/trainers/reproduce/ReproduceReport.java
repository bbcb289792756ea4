package org.expressivity4j.trainers.reproduce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.run.Manifest;
import org.expressivity4j.trainers.run.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code REPORT.md} and a self-contained {@code report.html} (plots embedded as data URIs, so it opens from the file
 * system with no server): one row per claim with the paper's statement, ours, the verdict, the rule, and links to
 * the plot and the figure run.
 */
public final class ReproduceReport {

    private static final Logger log = LoggerFactory.getLogger(ReproduceReport.class);
    /** The report files. */
    public static final String MARKDOWN = "REPORT.md";
    public static final String HTML = "report.html";

    private ReproduceReport() {
    }

    /**
     * One claim with its finding.
     *
     * @param plot the plot that shows it, relative to the report's folder, if the run wrote one
     * @param run  the figure run's summary, relative to the report's folder, if the run exists
     */
    record Row(Claim claim, Finding finding, Optional<String> plot, Optional<String> run) {
    }

    /** Every claim of {@link Claims#all()} read from the stage folders under {@code folder}. */
    static List<Row> evaluate(Path folder, Set<String> selected) {
        List<Row> rows = new ArrayList<>();
        for (Claim claim : Claims.all()) {
            Path stage = folder.resolve(claim.stage());
            Optional<SubRun> run = SubRun.at(stage);
            Finding finding;
            if (!selected.contains(claim.stage())) {
                finding = Finding.notRun("not selected (--only)");
            } else if (run.isEmpty()) {
                finding = Finding.notRun("the figure run " + claim.stage() + " did not start");
            } else if (!run.get().completed()) {
                Manifest m = run.get().manifest();
                finding = Finding.notRun("the figure run " + claim.stage() + " ended as " + m.status()
                        + (m.error() == null ? "" : ": " + m.error()));
            } else {
                try {
                    finding = claim.evaluate().apply(run.get());
                } catch (RuntimeException e) {
                    log.warn("cannot evaluate claim {} from {}", claim.id(), stage, e);
                    finding = Finding.notRun("cannot read the run: " + e);
                }
            }
            Optional<String> plot = claim.plots().stream().filter(p -> Files.exists(stage.resolve(p))).findFirst()
                    .map(p -> claim.stage() + "/" + p);
            Optional<String> summary = Files.exists(stage.resolve(RunDirectory.SUMMARY))
                    ? Optional.of(claim.stage() + "/" + RunDirectory.SUMMARY) : Optional.empty();
            rows.add(new Row(claim, finding, plot, summary));
        }
        return rows;
    }

    /** Writes both report files into the run folder (each to a temporary file, then moved into place). */
    static void write(RunDirectory run, Stages.Profile profile, List<Row> rows,
                      Map<String, ReproduceCommand.StageOutcome> outcomes, double wallMinutes, long seed) {
        Path folder = run.folder();
        Manifest m = run.manifest();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("Profile", profile.id());
        header.put("Seed", Long.toString(seed));
        header.put("Machine", machine(m));
        header.put("Backend", m.versions().getOrDefault("backend", "unknown"));
        header.put("Wall time", ReproduceCommand.minutes(wallMinutes) + " (this attempt; figure runs kept from an "
                + "earlier attempt are not counted)");
        header.put("Versions", "expressivity4j " + m.versions().getOrDefault("expressivity4j", "?") + ", DL4J "
                + m.versions().getOrDefault("dl4j", "?") + ", Java " + m.versions().getOrDefault("java", "?"));
        header.put("Commit", m.git().getOrDefault("commit", "unknown")
                + ("true".equals(m.git().get("dirty")) ? " (with uncommitted changes)" : ""));
        atomically(folder.resolve(MARKDOWN), markdown(rows, header, outcomes, folder));
        atomically(folder.resolve(HTML), html(rows, header, folder));
        MarkdownTable summary = new MarkdownTable("id", "where", "verdict");
        rows.forEach(r -> summary.row(r.claim().id(), r.claim().figure(), r.finding().verdict().label()));
        run.writeSummary("# reproduce --profile " + profile.id() + ": " + counts(rows) + "\n\n" + summary.render()
                + "\nThe report: " + MARKDOWN + " and " + HTML + " (plots embedded) in this folder.\n");
    }

    static String counts(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            long n = rows.stream().filter(r -> r.finding().verdict() == v).count();
            parts.add(n + " " + v.label());
        }
        return String.join(", ", parts);
    }

    private static String markdown(List<Row> rows, Map<String, String> header,
                                   Map<String, ReproduceCommand.StageOutcome> outcomes, Path folder) {
        StringBuilder md = new StringBuilder("# Raghu et al. (ICML 2017), reproduced: report\n\n");
        md.append("*On the Expressive Power of Deep Neural Networks*, every figure and the side results, run by "
                + "`expressivity4j reproduce`. Verdicts come from the rules listed below, never by hand.\n\n");
        header.forEach((k, v) -> md.append("- **").append(k).append("**: ").append(v).append('\n'));
        md.append("\n## Claims: ").append(counts(rows)).append("\n\n");
        MarkdownTable table = new MarkdownTable("id", "where", "paper", "ours", "verdict", "plot", "run");
        for (Row r : rows) {
            table.row(r.claim().id(), r.claim().figure(), cell(r.claim().paper()), cell(r.finding().ours()),
                    "**" + r.finding().verdict().label() + "**",
                    r.plot().map(p -> "[plot](" + p + ")").orElse("-"),
                    r.run().map(p -> "[" + r.claim().stage() + "](" + p + ")").orElse("-"));
        }
        md.append(table.render()).append('\n');
        md.append("## How verdicts are decided\n\n");
        for (Rule rule : Rule.values()) {
            md.append("- **").append(rule.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("**: ")
                    .append(rule.description()).append(".\n");
        }
        md.append("\nEach claim names its rule:\n\n");
        MarkdownTable which = new MarkdownTable("id", "rule");
        rows.forEach(r -> which.row(r.claim().id(), r.claim().rule().name().toLowerCase(Locale.ROOT).replace('_',
                ' ')));
        md.append(which.render()).append('\n');
        md.append("## Figure runs\n\n");
        MarkdownTable runs = new MarkdownTable("run", "status", "this attempt", "command");
        for (String stage : stageOrder(rows)) {
            Optional<SubRun> sub = SubRun.at(folder.resolve(stage));
            ReproduceCommand.StageOutcome o = outcomes.get(stage);
            runs.row(stage, sub.map(s -> s.manifest().status()).orElse("not run"),
                    o == null ? "-" : o.ran() ? ReproduceCommand.minutes(o.seconds() / 60) : "kept",
                    sub.map(s -> "`expressivity4j " + String.join(" ", s.manifest().arguments()) + "`").orElse("-"));
        }
        md.append(runs.render()).append('\n');
        md.append("Each figure run's folder holds its own `summary.md` (the full tables and the paper's reading), "
                + "`metrics.csv`, `manifest.json` and `plots/`.\n");
        return md.toString();
    }

    private static List<String> stageOrder(List<Row> rows) {
        List<String> order = new ArrayList<>(ReproduceCommand.selection(null));
        rows.forEach(r -> {
            if (!order.contains(r.claim().stage())) {
                order.add(r.claim().stage());
            }
        });
        return order;
    }

    private static String html(List<Row> rows, Map<String, String> header, Path folder) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n"
                + "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                + "<title>Raghu et al. (ICML 2017), reproduced</title>\n<style>\n"
                + "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}\n"
                + "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4em;"
                + "vertical-align:top;text-align:left;font-size:.9em}\n"
                + ".reproduced{background:#d9f2d9}.partly{background:#fff3c4}.not-reproduced{background:#f8d0d0}"
                + ".not-run{background:#eee}\nimg{max-width:100%}details summary{cursor:pointer;color:#1a5fb4}\n"
                + "</style>\n</head>\n<body>\n<h1>Raghu et al. (ICML 2017), reproduced: report</h1>\n");
        h.append("<p><i>On the Expressive Power of Deep Neural Networks</i>, every figure and the side results, run by "
                + "<code>expressivity4j reproduce</code>. Verdicts come from the rules listed below, never by hand.</p>"
                + "\n<ul>\n");
        header.forEach((k, v) -> h.append("<li><b>").append(escape(k)).append("</b>: ").append(escape(v))
                .append("</li>\n"));
        h.append("</ul>\n<h2>Claims: ").append(escape(counts(rows))).append("</h2>\n<table>\n<tr><th>id</th>"
                + "<th>where</th><th>paper</th><th>ours</th><th>verdict</th><th>run</th></tr>\n");
        for (Row r : rows) {
            String css = r.finding().verdict().label().startsWith("not run") ? "not-run"
                    : r.finding().verdict().label().replace(' ', '-');
            h.append("<tr class=\"").append(css).append("\"><td>").append(escape(r.claim().id())).append("</td><td>")
                    .append(escape(r.claim().figure())).append("</td><td>").append(escape(r.claim().paper()))
                    .append("</td><td>").append(escape(r.finding().ours()));
            r.plot().ifPresent(p -> h.append("<details><summary>plot</summary><img alt=\"").append(escape(p))
                    .append("\" src=\"").append(dataUri(folder.resolve(p))).append("\"/></details>"));
            h.append("</td><td><b>").append(escape(r.finding().verdict().label())).append("</b></td><td>");
            h.append(r.run().map(p -> "<a href=\"" + escape(p) + "\">" + escape(r.claim().stage()) + "</a>")
                    .orElse("-"));
            h.append("</td></tr>\n");
        }
        h.append("</table>\n<h2>How verdicts are decided</h2>\n<ul>\n");
        for (Rule rule : Rule.values()) {
            h.append("<li><b>").append(rule.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("</b>: ")
                    .append(escape(rule.description())).append(".</li>\n");
        }
        h.append("</ul>\n<p>Each claim's rule is named in REPORT.md.</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String dataUri(Path png) {
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plot " + png, e);
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** CPU model and vector extensions (from /proc/cpuinfo where there is one) and the core count. */
    private static String machine(Manifest m) {
        String cpus = m.versions().getOrDefault("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        String model = "unknown CPU";
        String vector = "";
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try {
                List<String> lines = Files.readAllLines(info);
                model = lines.stream().filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':')
                        + 1).trim()).findFirst().orElse(model);
                String flags = lines.stream().filter(l -> l.startsWith("flags")).findFirst().orElse("");
                vector = flags.contains(" avx512f") ? ", AVX-512" : flags.contains(" avx2") ? ", AVX2" : "";
            } catch (IOException e) {
                log.debug("cannot read {}", info, e);
            }
        }
        return cpus + " cores, " + model + vector + ", " + m.versions().getOrDefault("os", "");
    }

    private static void atomically(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
