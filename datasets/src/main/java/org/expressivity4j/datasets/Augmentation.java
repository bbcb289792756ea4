package org.expressivity4j.datasets;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training-set augmentation of the usual CIFAR-10 recipe: a random crop of the image padded by {@code padding}
 * pixels on every side, then a random horizontal flip with probability 1/2.
 *
 * <p>For an image of height H and width W, a crop draws offsets {@code dy, dx} uniformly from
 * {@code [-padding, padding]}; output pixel {@code (y, x)} is input pixel {@code (y + dy, x + dx)}, or black
 * (raw value 0, as a padded image would have) where that falls outside the image. A flip then mirrors the columns:
 * output {@code (y, x)} takes the cropped {@code (y, W - 1 - x)}. Every channel moves alike.
 *
 * <p>Reproducible: the draws for a batch come from a generator seeded with (seed, pass, batch index within the pass)
 * only, so a resumed run that skips to a batch gets the augmentation an uninterrupted run gave it.
 *
 * @param padding pixels of padding for the random crop, 0 for no crop
 * @param flip    whether to flip horizontally with probability 1/2
 */
public record Augmentation(int padding, boolean flip) {

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(0, false);
    /** The standard CIFAR-10 augmentation: random crop with 4 pixels of padding, random horizontal flip. */
    public static final Augmentation CIFAR10_STANDARD = new Augmentation(4, true);

    public Augmentation {
        if (padding < 0) {
            throw new IllegalArgumentException("augmentation padding must be >= 0, got " + padding);
        }
    }

    /** Whether this changes any image. */
    public boolean isActive() {
        return padding > 0 || flip;
    }

    /** One example's draw: crop offsets and flip. */
    record Draw(int dy, int dx, boolean flipped) {
    }

    /** Draws the next example's crop and flip from {@code random} (crop first, then flip, each only if enabled). */
    Draw draw(SplittableRandom random) {
        int dy = 0;
        int dx = 0;
        if (padding > 0) {
            dy = random.nextInt(2 * padding + 1) - padding;
            dx = random.nextInt(2 * padding + 1) - padding;
        }
        boolean flipped = flip && random.nextBoolean();
        return new Draw(dy, dx, flipped);
    }

    /**
     * Writes the augmented image {@code src} ({@code channels} planes of {@code height x width} raw bytes, CHW, from
     * offset {@code srcOffset}) as raw pixel values 0..255 into {@code dst} from {@code dstOffset}.
     */
    static void apply(Draw d, byte[] src, int srcOffset, int channels, int height, int width, int[] dst,
                      int dstOffset) {
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                int sy = y + d.dy();
                for (int x = 0; x < width; x++) {
                    int cx = d.flipped() ? width - 1 - x : x;
                    int sx = cx + d.dx();
                    int value = sy < 0 || sy >= height || sx < 0 || sx >= width ? 0
                            : src[srcOffset + c * plane + sy * width + sx] & 0xFF;
                    dst[dstOffset + c * plane + y * width + x] = value;
                }
            }
        }
    }

    /** A short description, e.g. {@code crop 4 + flip}, or {@code none}. */
    public String describe() {
        if (!isActive()) {
            return "none";
        }
        String crop = padding > 0 ? String.format(Locale.ROOT, "random crop (padding %d)", padding) : "";
        return flip ? (crop.isEmpty() ? "horizontal flip" : crop + " + horizontal flip") : crop;
    }
}
