package org.expressivity4j.trainers.options;

import java.util.Locale;
import picocli.CommandLine;

/**
 * The allowed ranges of the command line's numeric options, as picocli converters: every numeric option names one
 * ({@code @Option(converter = Ranges.Count.class)}), so a value out of its range is refused where it is parsed, a
 * usage error (exit code 2) whose one line names the option, the value and the range. NaN and the infinities are
 * never allowed; only {@code --seed} takes negative values.
 *
 * <p>Some ranges allow values that a run still cannot hold: sizes are also bounded by memory (an estimate made
 * before anything is allocated), subset sizes by the dataset's split. {@link Range#limit()} says which; those checks
 * are usage errors naming the option too.
 */
public final class Ranges {

    /** What refuses values a range allows but a run cannot hold. */
    public enum Limit {
        /** Nothing: every value in the range runs (larger ones take longer). */
        NONE,
        /** The memory estimate, made before anything is allocated ({@code MemoryBudget}). */
        MEMORY,
        /** The number of examples in the dataset's split. */
        DATA,
        /** Another option (e.g. {@code --plot-depths} by the depth). */
        OTHER_OPTION
    }

    private Ranges() {
    }

    /** A numeric option's allowed range: converts its text and refuses values outside. */
    public abstract static class Range<T extends Number> implements CommandLine.ITypeConverter<T> {

        private final String kind;
        private final String rule;
        private final Limit limit;

        Range(String kind, String rule, Limit limit) {
            this.kind = kind;
            this.rule = rule;
            this.limit = limit;
        }

        /** The value the text names; throws {@link NumberFormatException} if it names none. */
        abstract T parse(String text);

        /** Whether the range allows the value. */
        abstract boolean allows(T value);

        @Override
        public final T convert(String text) {
            T value;
            try {
                value = parse(text.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not " + kind + "; allowed: " + rule);
            }
            if (!allows(value)) {
                throw new CommandLine.TypeConversionException("got " + text.trim() + "; allowed: " + rule);
            }
            return value;
        }

        /** The allowed values in words, e.g. "an integer >= 1". */
        public String rule() {
            return rule;
        }

        /** What else bounds the values this range allows. */
        public Limit limit() {
            return limit;
        }
    }

    /** Integers from {@code min} to {@code max}. */
    abstract static class IntRange extends Range<Integer> {

        private final int min;
        private final int max;

        IntRange(int min, int max, String note, Limit limit) {
            super("an integer", (max == Integer.MAX_VALUE ? "an integer >= " + min
                    : "an integer in " + min + " .. " + max) + note, limit);
            this.min = min;
            this.max = max;
        }

        IntRange(int min, Limit limit) {
            this(min, Integer.MAX_VALUE, "", limit);
        }

        @Override
        Integer parse(String text) {
            return Integer.valueOf(text);
        }

        @Override
        boolean allows(Integer value) {
            return value >= min && value <= max;
        }
    }

    /** Longs from {@code min} to {@code max}. */
    abstract static class LongRange extends Range<Long> {

        private final long min;
        private final long max;

        LongRange(long min, long max, String rule) {
            super("an integer", rule, Limit.NONE);
            this.min = min;
            this.max = max;
        }

        @Override
        Long parse(String text) {
            return Long.valueOf(text);
        }

        @Override
        boolean allows(Long value) {
            return value >= min && value <= max;
        }
    }

    /** Finite numbers above {@code min} (or from it, if {@code minIncluded}) up to {@code max} (or below it). */
    abstract static class DoubleRange extends Range<Double> {

        private final double min;
        private final boolean minIncluded;
        private final double max;
        private final boolean maxIncluded;

        DoubleRange(double min, boolean minIncluded, double max, boolean maxIncluded, String rule, Limit limit) {
            super("a number", rule, limit);
            this.min = min;
            this.minIncluded = minIncluded;
            this.max = max;
            this.maxIncluded = maxIncluded;
        }

        @Override
        Double parse(String text) {
            return Double.valueOf(text);
        }

        @Override
        boolean allows(Double value) {
            double v = value;
            return Double.isFinite(v) && (minIncluded ? v >= min : v > min) && (maxIncluded ? v <= max : v < max);
        }
    }

    /** The largest float32: the DL4J networks hold their weights, rates and penalties in float32. */
    static final String FLOAT_MAX = String.format(Locale.ROOT, "%.4g", (double) Float.MAX_VALUE);

    /** A count of things done (epochs, rounds, networks, steps): an integer >= 1. */
    public static final class Count extends IntRange {
        public Count() {
            super(1, Limit.NONE);
        }
    }

    /** A count where 0 means none or no limit: an integer >= 0. */
    public static final class CountOrZero extends IntRange {
        public CountOrZero() {
            super(0, Limit.NONE);
        }
    }

    /** A count of at least two (e.g. networks to average, points of a path): an integer >= 2. */
    public static final class CountAtLeastTwo extends IntRange {
        public CountAtLeastTwo() {
            super(2, Limit.NONE);
        }
    }

    /** The size of something held in memory (a width, a depth, a batch, points): >= 1, bounded by memory. */
    public static final class Size extends IntRange {
        public Size() {
            super(1, Limit.MEMORY);
        }
    }

    /** A size of at least two (a path needs two points, a plane two dimensions), bounded by memory. */
    public static final class SizeAtLeastTwo extends IntRange {
        public SizeAtLeastTwo() {
            super(2, Limit.MEMORY);
        }
    }

    /** A size of at least three (points of a closed curve), bounded by memory. */
    public static final class SizeAtLeastThree extends IntRange {
        public SizeAtLeastThree() {
            super(3, Limit.MEMORY);
        }
    }

    /** A training minibatch: >= 1, at most the examples trained on, and bounded by memory. */
    public static final class Batch extends IntRange {
        public Batch() {
            super(1, Limit.MEMORY);
        }
    }

    /** Examples of a split to use, 0 for all: >= 0, at most the split's size. */
    public static final class Subset extends IntRange {
        public Subset() {
            super(0, Limit.DATA);
        }
    }

    /** Depths to draw, each at most the network's depth. */
    public static final class Depth extends IntRange {
        public Depth() {
            super(1, Limit.OTHER_OPTION);
        }
    }

    /** Vertices of a circle's inscribed polygon: 0 (sample adaptively instead) or >= 2, bounded by memory. */
    public static final class PolygonVertices extends IntRange {
        public PolygonVertices() {
            super(0, Integer.MAX_VALUE, ", other than 1 (0 samples adaptively)", Limit.MEMORY);
        }

        @Override
        boolean allows(Integer value) {
            return super.allows(value) && value != 1;
        }
    }

    /** Labelled inputs of a dichotomy count: 1 to 63 (the labellings are counted in a 64-bit word). */
    public static final class DichotomyInputs extends IntRange {
        public DichotomyInputs() {
            super(1, 63, "", Limit.NONE);
        }
    }

    /** Native threads: 1 to 4 per core (more only make the threads wait on each other). */
    public static final class Threads extends IntRange {
        /** More native threads than this per core only make the threads wait on each other. */
        public static final int MAX_PER_CORE = 4;

        public Threads() {
            super(1, MAX_PER_CORE * Runtime.getRuntime().availableProcessors(), " (" + MAX_PER_CORE
                    + " per core; this machine has " + Runtime.getRuntime().availableProcessors() + ")", Limit.NONE);
        }
    }

    /** A seed: any 64-bit integer. */
    public static final class Seed extends LongRange {
        public Seed() {
            super(Long.MIN_VALUE, Long.MAX_VALUE, "a 64-bit integer");
        }
    }

    /** A large count or limit: a 64-bit integer >= 1. */
    public static final class LongCount extends LongRange {
        public LongCount() {
            super(1, Long.MAX_VALUE, "an integer >= 1");
        }
    }

    /** A positive finite number (the random networks' double-precision variances, input scales). */
    public static final class Positive extends DoubleRange {
        public Positive() {
            super(0, false, Double.MAX_VALUE, true, "a finite number > 0", Limit.NONE);
        }
    }

    /** A non-negative finite number. */
    public static final class NonNegative extends DoubleRange {
        public NonNegative() {
            super(0, true, Double.MAX_VALUE, true, "a finite number >= 0", Limit.NONE);
        }
    }

    /** A positive number float32 can hold (the DL4J networks' weight variances, learning rates). */
    public static final class PositiveFloat extends DoubleRange {
        public PositiveFloat() {
            super(0, false, Float.MAX_VALUE, true, "a number > 0 and <= " + FLOAT_MAX + " (float32, the networks' "
                    + "precision)", Limit.NONE);
        }
    }

    /** A non-negative number float32 can hold (weight decay, penalty scales, noise magnitudes). */
    public static final class NonNegativeFloat extends DoubleRange {
        public NonNegativeFloat() {
            super(0, true, Float.MAX_VALUE, true, "a number >= 0 and <= " + FLOAT_MAX + " (float32, the networks' "
                    + "precision)", Limit.NONE);
        }
    }

    /** A momentum coefficient: 0 <= m < 1 (1 or more never forgets a gradient and diverges). */
    public static final class Momentum extends DoubleRange {
        public Momentum() {
            super(0, true, 1, false, "a number in [0, 1)", Limit.NONE);
        }
    }

    /** A conv net's width multiplier: positive, at least one channel per layer, bounded by memory. */
    public static final class WidthMultiplier extends DoubleRange {
        public WidthMultiplier() {
            super(0, false, Double.MAX_VALUE, true, "a finite number > 0", Limit.MEMORY);
        }
    }
}
