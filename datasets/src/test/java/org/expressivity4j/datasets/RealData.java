package org.expressivity4j.datasets;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests that need the real MNIST or CIFAR-10: finds them through {@value DataLocator#DATA_ENV} only (tests never
 * download), and otherwise skips the test with a message on the console saying what is missing.
 */
public final class RealData {

    private RealData() {
    }

    /** The real dataset, or the test is skipped (aborted) with a visible message. */
    public static LocatedDataset locateOrSkip(Dataset dataset, String testName) {
        String env = System.getenv(DataLocator.DATA_ENV);
        String skip = null;
        if (env == null || env.isBlank()) {
            skip = DataLocator.DATA_ENV + " is not set";
        } else {
            DataLocator locator = new DataLocator(
                    List.of(new DataLocator.SearchRoot(Path.of(env), LocatedDataset.Source.ENVIRONMENT)),
                    Path.of(env), null, null);
            try {
                return locator.locate(dataset.spec());
            } catch (DatasetException e) {
                skip = "the real " + dataset.spec().title() + " is not in " + env;
            }
        }
        String message = "SKIPPED " + testName + ": needs the real " + dataset.spec().title() + " (" + skip
                + "; set " + DataLocator.DATA_ENV + " to a folder holding " + dataset.id() + "/)";
        System.err.println(message);
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
