package org.expressivity4j.trainers.run;

import java.util.HashMap;
import java.util.Map;
import org.expressivity4j.datasets.Downloader;

/** Shows dataset downloads as progress bars (or log lines), one per file, in megabytes. */
public final class DownloadProgress implements Downloader.Listener {

    private static final long MB = 1 << 20;
    private final Map<String, Progress> bars = new HashMap<>();

    @Override
    public synchronized void progress(String fileName, long bytes, long total) {
        Progress bar = bars.computeIfAbsent(fileName,
                f -> Progress.start("download " + f, total > 0 ? Math.max(1, total / MB) : 0, "MB"));
        bar.set(bytes / MB);
        if (total > 0 && bytes >= total) {
            bar.close();
        }
    }
}
