package org.expressivity4j.core.measure;

/** A set of 128-bit values (pairs of longs) with open addressing: the distinct-pattern counter. */
final class LongPairSet {

    private long[] hi;
    private long[] lo;
    private boolean[] used;
    private int size;

    LongPairSet() {
        this(16);
    }

    LongPairSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        hi = new long[capacity];
        lo = new long[capacity];
        used = new boolean[capacity];
    }

    /** Adds the pair; returns whether it was new. */
    boolean add(long a, long b) {
        if ((size + 1) * 2 > hi.length) {
            grow();
        }
        return insert(a, b);
    }

    int size() {
        return size;
    }

    private boolean insert(long a, long b) {
        int mask = hi.length - 1;
        int i = (int) (mix(a ^ Long.rotateLeft(b, 17)) & mask);
        while (used[i]) {
            if (hi[i] == a && lo[i] == b) {
                return false;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        hi[i] = a;
        lo[i] = b;
        size++;
        return true;
    }

    private void grow() {
        long[] oldHi = hi;
        long[] oldLo = lo;
        boolean[] oldUsed = used;
        hi = new long[oldHi.length * 2];
        lo = new long[oldHi.length * 2];
        used = new boolean[oldHi.length * 2];
        size = 0;
        for (int i = 0; i < oldHi.length; i++) {
            if (oldUsed[i]) {
                insert(oldHi[i], oldLo[i]);
            }
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
