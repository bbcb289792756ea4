package org.expressivity4j.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Choices of examples for smaller runs; each returns indices to pass to {@link LabeledImages#select}. Random choices
 * are seeded and returned in ascending order (the data's own order; an iterator shuffles if asked).
 */
public final class Subsets {

    private Subsets() {
    }

    /** The first {@code n} examples. */
    public static int[] first(LabeledImages images, int n) {
        checkSize(images, n);
        int[] indices = new int[n];
        Arrays.setAll(indices, i -> i);
        return indices;
    }

    /** {@code n} examples drawn uniformly without replacement. */
    public static int[] random(LabeledImages images, int n, long seed) {
        checkSize(images, n);
        int[] all = permutation(images.count(), new SplittableRandom(seed));
        int[] chosen = Arrays.copyOf(all, n);
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * {@code n} examples with (as nearly as possible) the same number from each class: {@code n / classes} each,
     * and one more from each of the first {@code n % classes} classes; drawn at random within a class.
     *
     * @throws IllegalArgumentException if some class has too few examples
     */
    public static int[] balanced(LabeledImages images, int n, long seed) {
        checkSize(images, n);
        int classes = images.numClasses();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < images.count(); i++) {
            byClass.get(images.label(i)).add(i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] chosen = new int[n];
        int k = 0;
        for (int c = 0; c < classes; c++) {
            int want = n / classes + (c < n % classes ? 1 : 0);
            List<Integer> members = byClass.get(c);
            if (members.size() < want) {
                throw new IllegalArgumentException("class " + images.classes().get(c) + " of " + images.name()
                        + " has " + members.size() + " examples; a balanced subset of " + n + " needs " + want);
            }
            int[] order = permutation(members.size(), random);
            for (int j = 0; j < want; j++) {
                chosen[k++] = members.get(order[j]);
            }
        }
        Arrays.sort(chosen);
        return chosen;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static void checkSize(LabeledImages images, int n) {
        if (n < 1 || n > images.count()) {
            throw new IllegalArgumentException("subset size " + n + " is not between 1 and the " + images.count()
                    + " examples of " + images.name());
        }
    }
}
