package org.expressivity4j.trainers.reproduce;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The quick profile's report published under {@code docs/reproduction/quick/}: every claim has a row with a verdict,
 * every link works, the HTML embeds its plots, and no checkpoints or models were published.
 */
class PublishedReportTest {

    private static final Path FOLDER = Path.of("..", "docs", "reproduction", "quick");

    @Test
    void everyClaimRowHasAVerdictAndWorkingLinks() throws Exception {
        Path md = FOLDER.resolve(ReproduceReport.MARKDOWN);
        assertTrue(Files.exists(md), md.toAbsolutePath() + " is missing");
        String text = Files.readString(md);
        for (Claim c : Claims.all()) {
            String row = ReproduceCliTest.row(text, c.id());
            assertTrue(row.matches(".*\\*\\*(reproduced|partly|not reproduced|not run in this profile)\\*\\*.*"), row);
        }
        ReproduceCliTest.assertLinksResolve(text, FOLDER);
        ReproduceCliTest.assertHtmlSelfContained(FOLDER.resolve(ReproduceReport.HTML));
    }

    @Test
    void noCheckpointsOrModelsAndUnderTwentyMegabytes() throws Exception {
        long bytes = 0;
        try (Stream<Path> files = Files.walk(FOLDER)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = p.toString();
                assertTrue(!name.contains("/checkpoints/") && !name.contains("/models/") && !name.endsWith(".zip"),
                        name);
                bytes += Files.size(p);
            }
        }
        assertTrue(bytes < 20L * 1024 * 1024, bytes + " bytes");
    }
}
