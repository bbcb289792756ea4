package org.expressivity4j.sweep;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.expressivity4j.dl4j.listeners.CsvFile;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.run.AtomicFiles;
import org.expressivity4j.trainers.run.Manifest;
import org.expressivity4j.trainers.run.RunDirectory;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The sweep's report, from the cells' folders: {@code cells.csv} (one row per cell: values, status, time),
 * {@code aggregate.csv} (every headline number per grid point: n, mean, sd, 95% CI), {@code summary.md} and one plot
 * per headline metric (mean per grid point with 95% confidence intervals as error bars).
 */
final class SweepReport {

    /** Metrics shown in summary.md and plotted; aggregate.csv has them all. */
    static final int SHOWN_METRICS = 24;
    static final int PLOTTED_METRICS = 12;

    private SweepReport() {
    }

    /** Counts of the cells by status. */
    record Result(Map<String, Integer> counts, List<Aggregation.Row> rows) {
    }

    static Result write(Path folder, String command, List<String> shared, SweepCommand.Plan plan, SweepOutput output,
                        Map<String, String> failures) {
        Map<Cell, Map<String, Double>> finished = new LinkedHashMap<>();
        List<List<String>> cellRows = new ArrayList<>();
        List<String> axes = new ArrayList<>(plan.grid().axes().keySet());
        for (Cell cell : plan.cells()) {
            List<String> row = new ArrayList<>();
            row.add(cell.id());
            row.addAll(cell.values().values());
            if (output.finished(cell)) {
                Path cellFolder = output.cellFolder(cell);
                Manifest manifest = RunDirectory.readManifest(cellFolder);
                finished.put(cell, Aggregation.flatten(manifest.results()));
                row.add(manifest.status());
                row.add(wallSeconds(cellFolder));
                row.add("");
            } else {
                row.add(failures.containsKey(cell.id()) ? "failed" : "not run");
                row.add("");
                row.add(failures.getOrDefault(cell.id(), ""));
            }
            cellRows.add(row);
        }
        List<String> cellHeader = new ArrayList<>(List.of("cell"));
        cellHeader.addAll(axes);
        cellHeader.addAll(List.of("status", "wall_seconds", "error"));
        writeCsv(folder.resolve("cells.csv"), cellHeader, cellRows);

        List<Aggregation.Row> rows = Aggregation.aggregate(finished, plan.replicate());
        List<String> pointAxes = axes.stream().filter(a -> !a.equals(plan.replicate())).toList();
        List<String> header = new ArrayList<>(pointAxes);
        header.addAll(List.of("metric", "n", "mean", "sd", "ci95_low", "ci95_high"));
        List<List<String>> aggregate = new ArrayList<>();
        for (Aggregation.Row r : rows) {
            List<String> line = new ArrayList<>();
            for (String a : pointAxes) {
                line.add(r.point().getOrDefault(a, ""));
            }
            line.add(r.metric());
            line.add(Integer.toString(r.stats().n()));
            line.add(CsvFile.number(r.stats().mean()));
            line.add(CsvFile.number(r.stats().sd()));
            line.add(CsvFile.number(r.stats().ciLow()));
            line.add(CsvFile.number(r.stats().ciHigh()));
            aggregate.add(line);
        }
        writeCsv(folder.resolve("aggregate.csv"), header, aggregate);

        Map<String, List<Aggregation.Row>> byMetric = new LinkedHashMap<>();
        for (Aggregation.Row r : rows) {
            byMetric.computeIfAbsent(r.metric(), m -> new ArrayList<>()).add(r);
        }
        List<String> plotted = plots(folder, byMetric, pointAxes);

        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("total", plan.cells().size());
        counts.put("completed", finished.size());
        counts.put("failed", failures.size());
        AtomicFiles.writeString(folder.resolve("summary.md"),
                summary(command, shared, plan, counts, failures, byMetric, pointAxes, plotted));
        return new Result(counts, rows);
    }

    private static String wallSeconds(Path cellFolder) {
        try {
            Map<?, ?> cell = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readValue(cellFolder.resolve(SweepCommand.CELL_JSON).toFile(), Map.class);
            Object s = cell.get("wall_seconds");
            return s == null ? "" : s.toString();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void writeCsv(Path file, List<String> header, List<List<String>> rows) {
        StringBuilder text = new StringBuilder(CsvFile.line(header));
        for (List<String> row : rows) {
            text.append(CsvFile.line(row));
        }
        AtomicFiles.writeString(file, text.toString());
    }

    private static String pointLabel(Map<String, String> point, List<String> pointAxes) {
        if (pointAxes.isEmpty()) {
            return "all cells";
        }
        return pointAxes.stream().map(a -> a + "=" + point.getOrDefault(a, "")).collect(Collectors.joining(", "));
    }

    private static List<String> plots(Path folder, Map<String, List<Aggregation.Row>> byMetric,
                                      List<String> pointAxes) {
        List<String> names = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, List<Aggregation.Row>> m : byMetric.entrySet()) {
            if (k++ >= PLOTTED_METRICS) {
                break;
            }
            List<String> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (Aggregation.Row r : m.getValue()) {
                x.add(pointLabel(r.point(), pointAxes));
                y.add(r.stats().mean());
                double half = r.stats().ciHalfWidth();
                err.add(Double.isFinite(half) ? half : 0.0);
            }
            CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                    .title(m.getKey()).xAxisTitle(pointAxes.isEmpty() ? "" : String.join(", ", pointAxes))
                    .yAxisTitle("mean, 95% CI").build();
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle
                    .Bar);
            chart.getStyler().setXAxisLabelRotation(x.size() > 4 ? 45 : 0);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.addSeries(m.getKey(), x, y, err);
            String name = fileName(k, m.getKey());
            Plots.save(chart, folder.resolve("plots").resolve(name + ".png"));
            names.add(name);
        }
        return names;
    }

    static String fileName(int k, String metric) {
        String s = metric.replaceAll("[^A-Za-z0-9.+-]+", "_").replaceAll("^_+|_+$", "");
        if (s.length() > 80) {
            s = s.substring(0, 80);
        }
        return String.format(Locale.ROOT, "%02d-%s", k, s);
    }

    private static String summary(String command, List<String> shared, SweepCommand.Plan plan,
                                  Map<String, Integer> counts, Map<String, String> failures,
                                  Map<String, List<Aggregation.Row>> byMetric, List<String> pointAxes,
                                  List<String> plotted) {
        StringBuilder md = new StringBuilder();
        md.append("# Sweep of `").append(command).append("`\n\n");
        md.append("Shared arguments: `").append(shared.isEmpty() ? "(none)" : String.join(" ", shared))
                .append("`\n\n");
        MarkdownTable grid = new MarkdownTable("axis", "values");
        plan.grid().axes().forEach((name, values) -> grid.row("--" + name, values.stream()
                .map(v -> "`" + v.replace("|", "\\|") + "`").collect(Collectors.joining(" "))));
        md.append(grid.render()).append('\n');
        md.append(String.format(Locale.ROOT, "Cells: %d, finished %d, failed %d.", counts.get("total"),
                counts.get("completed"), counts.get("failed")));
        md.append(plan.replicate() == null
                ? " No replicate axis: every cell is its own grid point (no spread).\n\n"
                : " Statistics over `" + plan.replicate() + "`: mean, sample standard deviation and the 95% "
                        + "confidence interval of the mean (Student's t, n - 1 degrees of freedom).\n\n");
        if (!failures.isEmpty()) {
            md.append("## Failed cells\n\n");
            MarkdownTable failed = new MarkdownTable("cell", "error");
            failures.forEach((id, why) -> failed.row(id, why.replace('|', '/').replace('\n', ' ')));
            md.append(failed.render()).append('\n');
        }
        md.append("## Headline results per grid point\n\n");
        if (byMetric.isEmpty()) {
            md.append("No finished cell reported headline results.\n");
        }
        int k = 0;
        for (Map.Entry<String, List<Aggregation.Row>> m : byMetric.entrySet()) {
            if (k++ >= SHOWN_METRICS) {
                md.append("\n").append(byMetric.size() - SHOWN_METRICS)
                        .append(" more metrics are in `aggregate.csv`.\n");
                break;
            }
            md.append("### `").append(m.getKey()).append("`\n\n");
            MarkdownTable t = new MarkdownTable("grid point", "n", "mean", "sd", "95% CI");
            for (Aggregation.Row r : m.getValue()) {
                Aggregation.Stats s = r.stats();
                t.row(pointLabel(r.point(), pointAxes), s.n(), s.mean(), s.n() > 1 ? MarkdownTable.format(s.sd())
                        : "-", s.n() > 1 ? "[" + MarkdownTable.format(s.ciLow()) + ", "
                        + MarkdownTable.format(s.ciHigh()) + "]" : "-");
            }
            md.append(t.render()).append('\n');
            if (k <= plotted.size()) {
                md.append("![").append(m.getKey()).append("](plots/").append(plotted.get(k - 1)).append(".png)\n\n");
            }
        }
        md.append("\nEvery cell's own run folder (manifest.json, metrics.csv, summary.md, plots) is in `cells/`; "
                + "`cells.csv` lists the cells, `aggregate.csv` every headline number per grid point.\n");
        return md.toString();
    }
}
