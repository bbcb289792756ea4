package org.expressivity4j.trainers.bench.dataload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.LocatedDataset;
import org.expressivity4j.datasets.Split;
import org.expressivity4j.trainers.run.Progress;
import org.expressivity4j.trainers.shared.Timings;

/**
 * Time to load a whole dataset (both splits, verified, into memory) beside the time of only decompressing its files:
 * {@code zcat -f} of the same files (one process, output discarded) and a single-threaded Java inflate. Rounds
 * alternate the three; the first round warms the page cache and is not counted.
 */
public final class DataLoadBenchmark {

    /** Per-round seconds of each method. */
    public record Result(Dataset dataset, List<Path> files, List<Double> zcatSeconds, List<Double> inflateSeconds,
                         List<Double> loadSeconds) {

        public double ratioToZcat() {
            return Timings.median(loadSeconds) / Timings.median(zcatSeconds);
        }

        public double ratioToInflate() {
            return Timings.median(loadSeconds) / Timings.median(inflateSeconds);
        }
    }

    /**
     * @param located the dataset as separate files (an archive cannot be compared file by file)
     * @param rounds  counted rounds (one more is run first, uncounted)
     */
    public Result run(Dataset dataset, LocatedDataset located, int rounds) throws IOException, InterruptedException {
        if (located.archive()) {
            throw new IllegalArgumentException(dataset.spec().title() + " is an archive at " + located.location()
                    + "; the load benchmark needs the separate files");
        }
        List<Path> files = new ArrayList<>(located.files().values());
        List<Double> zcat = new ArrayList<>();
        List<Double> inflate = new ArrayList<>();
        List<Double> load = new ArrayList<>();
        try (Progress progress = Progress.start("bench data-load " + dataset.id(), rounds + 1L, "rounds")) {
            for (int round = 0; round <= rounds; round++) {
                double z = zcat(files);
                double i = inflate(files);
                long start = System.nanoTime();
                dataset.read(located, Split.TRAIN);
                dataset.read(located, Split.TEST);
                double l = Timings.secondsSince(start);
                if (round > 0) {
                    zcat.add(z);
                    inflate.add(i);
                    load.add(l);
                }
                progress.advance(1);
            }
        }
        return new Result(dataset, files, zcat, inflate, load);
    }

    private static double zcat(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("zcat", "-f"));
        files.forEach(f -> command.add(f.toString()));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int code = p.waitFor();
        if (code != 0) {
            throw new IOException("zcat exited with " + code);
        }
        return Timings.secondsSince(start);
    }

    private static double inflate(List<Path> files) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long start = System.nanoTime();
        for (Path f : files) {
            try (InputStream raw = Files.newInputStream(f);
                 InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
                while (in.read(buffer) >= 0) {
                    // discard
                }
            }
        }
        return Timings.secondsSince(start);
    }
}
