package org.expressivity4j.trainers.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.expressivity4j.datasets.ChannelStats;
import org.expressivity4j.datasets.DataFile;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.DatasetException;
import org.expressivity4j.datasets.LabeledImages;
import org.expressivity4j.datasets.LocatedDataset;
import org.expressivity4j.datasets.Split;
import org.expressivity4j.trainers.report.MarkdownTable;
import org.expressivity4j.trainers.report.MetricsCsv;
import org.expressivity4j.trainers.report.Plots;
import org.expressivity4j.trainers.run.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the data set-up: for each dataset, where it was found (or downloaded), every file's verified checksum,
 * example counts, class histograms and pixel statistics. Writes a metrics row per figure, a class-histogram plot per
 * dataset, and a summary.
 */
public final class DataInfoExperiment {

    private static final Logger log = LoggerFactory.getLogger(DataInfoExperiment.class);

    /** One split's figures; pixel statistics are per channel, in [0, 1] units. */
    public record SplitInfo(Split split, int count, List<Integer> classCounts, double[] mean, double[] std, int min,
                            int max) {
    }

    /** One verified file. */
    public record FileCheck(String name, String where, String sha256) {
    }

    /** One dataset's report; {@code error} is set (and the rest empty) when it could not be found or read. */
    public record DatasetInfo(Dataset dataset, String location, List<FileCheck> files, SplitInfo train, SplitInfo test,
                              double loadSeconds, String error) {

        public boolean ok() {
            return error == null;
        }
    }

    /** The reports, in the order asked for. */
    public record Result(List<DatasetInfo> datasets) {

        public boolean allOk() {
            return datasets.stream().allMatch(DatasetInfo::ok);
        }
    }

    /** Inspects the datasets and writes the run's metrics, plots and summary. */
    public Result run(RunContext context, List<Dataset> datasets) {
        List<DatasetInfo> infos = new ArrayList<>();
        try (MetricsCsv metrics = context.run().metrics(List.of("dataset", "split"))) {
            for (Dataset dataset : datasets) {
                DatasetInfo info = inspect(context, dataset);
                infos.add(info);
                if (info.ok()) {
                    record(metrics, info);
                    plot(context, info);
                }
            }
        }
        Result result = new Result(infos);
        context.run().writeSummary(summary(result));
        return result;
    }

    private DatasetInfo inspect(RunContext context, Dataset dataset) {
        long start = System.nanoTime();
        try {
            LocatedDataset located = context.data().locate(dataset.spec());
            log.info("{}: found at {}; reading and verifying", dataset.spec().title(), located.describe());
            LabeledImages train = dataset.read(located, Split.TRAIN);
            LabeledImages test = dataset.read(located, Split.TEST);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<FileCheck> files = new ArrayList<>();
            for (DataFile file : dataset.spec().files()) {
                Path path = located.files().get(file.name());
                String where = path != null ? path.toString() : located.location() + "!" + file.name();
                files.add(new FileCheck(file.name(), where, file.sha256()));
            }
            return new DatasetInfo(dataset, located.describe(), files, split(Split.TRAIN, train),
                    split(Split.TEST, test), seconds, null);
        } catch (DatasetException e) {
            log.error("{}: {}", dataset.spec().title(), e.getMessage());
            return new DatasetInfo(dataset, null, List.of(), null, null, 0, e.getMessage());
        }
    }

    private static SplitInfo split(Split split, LabeledImages images) {
        ChannelStats stats = ChannelStats.of(images);
        int min = 255;
        int max = 0;
        for (int i = 0; i < images.count(); i++) {
            for (int j = 0; j < images.featureSize(); j++) {
                int p = images.pixel(i, j);
                min = Math.min(min, p);
                max = Math.max(max, p);
            }
        }
        List<Integer> counts = Arrays.stream(images.classCounts()).boxed().toList();
        return new SplitInfo(split, images.count(), counts, stats.mean(), stats.std(), min, max);
    }

    private static void record(MetricsCsv metrics, DatasetInfo info) {
        for (SplitInfo s : List.of(info.train(), info.test())) {
            List<String> run = List.of(info.dataset().id(), s.split().label());
            metrics.append(run, 0, "", "examples", s.count());
            List<String> classes = info.dataset().classes();
            for (int c = 0; c < s.classCounts().size(); c++) {
                metrics.append(run, 0, "", "class_count_" + classes.get(c), s.classCounts().get(c));
            }
            for (int c = 0; c < s.mean().length; c++) {
                metrics.append(run, 0, "", "pixel_mean_c" + c, s.mean()[c]);
                metrics.append(run, 0, "", "pixel_std_c" + c, s.std()[c]);
            }
            metrics.append(run, 0, "", "pixel_min", s.min());
            metrics.append(run, 0, "", "pixel_max", s.max());
        }
        metrics.append(List.of(info.dataset().id(), "all"), 0, "", "load_seconds", info.loadSeconds());
    }

    private static void plot(RunContext context, DatasetInfo info) {
        Plots.save(Plots.bars(info.dataset().spec().title() + ": examples per class", "class", "examples",
                info.dataset().classes(),
                List.of("train", "test"),
                List.of(info.train().classCounts().stream().mapToDouble(Integer::doubleValue).toArray(),
                        info.test().classCounts().stream().mapToDouble(Integer::doubleValue).toArray())),
                context.run().plot(info.dataset().id() + "-class-histogram"));
    }

    static String summary(Result result) {
        StringBuilder sb = new StringBuilder("# Data set-up\n\n");
        for (DatasetInfo info : result.datasets()) {
            sb.append("## ").append(info.dataset().spec().title()).append("\n\n");
            if (!info.ok()) {
                sb.append("**Not available.**\n\n```\n").append(info.error()).append("\n```\n\n");
                continue;
            }
            sb.append("Found at ").append(info.location()).append("; read and verified in ")
                    .append(String.format(Locale.ROOT, "%.2f s", info.loadSeconds())).append(".\n\n");
            MarkdownTable files = new MarkdownTable("file", "read from", "content SHA-256 (verified)");
            for (FileCheck f : info.files()) {
                files.row(f.name(), f.where(), f.sha256());
            }
            sb.append(files.render()).append('\n');
            MarkdownTable splits = new MarkdownTable("split", "examples", "per class", "pixel mean", "pixel std",
                    "min", "max");
            for (SplitInfo s : List.of(info.train(), info.test())) {
                splits.row(s.split().label(), s.count(), join(s.classCounts()), join(s.mean()), join(s.std()),
                        s.min(), s.max());
            }
            sb.append(splits.render()).append('\n');
            sb.append("Pixel statistics are per channel, on values scaled to [0, 1]; min and max are raw 0-255.\n\n");
            sb.append("Cite: ").append(info.dataset().spec().citation()).append("\n\n");
        }
        return sb.toString();
    }

    private static String join(List<Integer> values) {
        return String.join(" ", values.stream().map(String::valueOf).toList());
    }

    private static String join(double[] values) {
        return String.join(" ", Arrays.stream(values).mapToObj(MarkdownTable::format).toList());
    }
}
