package org.expressivity4j.datasets;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of pixel values scaled to [0, 1], for standardization
 * {@code (x - mean_c) / std_c}. Compute them on the training set and apply the same values to the test set.
 *
 * @param mean per channel
 * @param std  per channel (population standard deviation), positive
 */
public record ChannelStats(double[] mean, double[] std) {

    public ChannelStats {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std must have the same, non-zero length");
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("standard deviations must be positive: " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Number of channels. */
    public int channels() {
        return mean.length;
    }

    /** Mean and standard deviation of each channel over every pixel of every image. */
    public static ChannelStats of(LabeledImages images) {
        int channels = images.channels();
        int plane = images.height() * images.width();
        long[] sum = new long[channels];
        long[] sumSq = new long[channels];
        byte[] pixels = images.pixelArray();
        int size = images.featureSize();
        for (int i = 0; i < images.count(); i++) {
            int base = i * size;
            for (int c = 0; c < channels; c++) {
                long s = 0;
                long q = 0;
                for (int j = base + c * plane, end = j + plane; j < end; j++) {
                    int v = pixels[j] & 0xFF;
                    s += v;
                    q += (long) v * v;
                }
                sum[c] += s;
                sumSq[c] += q;
            }
        }
        double n = (double) images.count() * plane;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / n;
            double variance = Math.max(0, sumSq[c] / n - m * m);
            mean[c] = m / 255.0;
            std[c] = Math.sqrt(variance) / 255.0;
        }
        return new ChannelStats(mean, std);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelStats other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ChannelStats[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
