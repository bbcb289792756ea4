package org.expressivity4j.trainers.options;

import java.util.Locale;
import org.expressivity4j.datasets.Dataset;
import org.expressivity4j.datasets.LabeledImages;
import org.expressivity4j.datasets.Split;
import org.expressivity4j.trainers.run.RunContext;
import org.expressivity4j.trainers.shared.Endpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Options choosing the endpoints of the trajectories (a picocli mixin): random vectors, or real images as in Fig. 2
 * and Fig. 12 of Raghu et al. (ICML 2017). Each command chooses its default.
 */
public final class EndpointOptions {

    private static final Logger log = LoggerFactory.getLogger(EndpointOptions.class);

    @Option(names = "--endpoints", paramLabel = "KIND",
            description = "Trajectory endpoints: 'random' (two vectors with N(0, 1) coordinates) or 'images' (two "
                    + "distinct training images of --dataset, pixels in [0, 1]). Default: the command's (see above).")
    String endpoints;

    @Option(names = "--dataset", paramLabel = "NAME", converter = DatasetConverter.class,
            description = "Image endpoints from this dataset: mnist or cifar10 (implies --endpoints images; "
                    + "default mnist).")
    Dataset dataset;

    @Option(names = "--input-dim", paramLabel = "M", converter = Ranges.Size.class,
            description = "Dimension of random endpoints. Default: the command's (see above).")
    Integer inputDimension;

    /**
     * Checks the combination for a command whose default endpoints are images ({@code imagesByDefault}) or random
     * vectors; {@code usage} turns a message into the command's usage error.
     */
    public void validate(boolean imagesByDefault, java.util.function.Function<String, CommandLine.ParameterException> usage) {
        if (endpoints != null) {
            String e = endpoints.toLowerCase(Locale.ROOT);
            if (!e.equals("random") && !e.equals("images")) {
                throw usage.apply("--endpoints must be 'random' or 'images', got '" + endpoints + "'");
            }
            if (e.equals("random") && dataset != null) {
                throw usage.apply("--endpoints random and --dataset exclude each other");
            }
        }
        if (inputDimension != null && images(imagesByDefault)) {
            throw usage.apply("--input-dim applies to random endpoints (--endpoints random); image endpoints have "
                    + "the image's size");
        }
    }

    /** Whether image endpoints were chosen, given the command's default. */
    public boolean images(boolean imagesByDefault) {
        if (dataset != null) {
            return true;
        }
        if (endpoints != null) {
            return endpoints.equalsIgnoreCase("images");
        }
        return imagesByDefault;
    }

    /** The endpoints' dimension, known without loading them: the images' size, or the random vectors'. */
    public int dimension(boolean imagesByDefault, int defaultDimension) {
        if (images(imagesByDefault)) {
            return (dataset != null ? dataset : Dataset.MNIST).featureSize();
        }
        return inputDimension != null ? inputDimension : defaultDimension;
    }

    /** The sizing options of the endpoints with their values, for a memory check's message (", --input-dim M"). */
    public String sizing(boolean imagesByDefault, int defaultDimension) {
        return images(imagesByDefault) ? "" : ", --input-dim " + dimension(false, defaultDimension);
    }

    /** The endpoints: the dataset's training images (loaded and verified) or random vectors. */
    public Endpoints resolve(RunContext context, boolean imagesByDefault, int defaultDimension) {
        if (images(imagesByDefault)) {
            Dataset d = dataset != null ? dataset : Dataset.MNIST;
            LabeledImages images = d.load(context.data(), Split.TRAIN);
            log.info("trajectory endpoints: {} training images ({} pixels each)", images.count(), images.featureSize());
            return Endpoints.images(images);
        }
        return Endpoints.random(inputDimension != null ? inputDimension : defaultDimension);
    }

    /** --input-dim, or null when not given. */
    public Integer inputDimension() {
        return inputDimension;
    }
}
