package io.twotower.recsys.eval;

import java.util.function.IntPredicate;

/**
 * Partial selection of the k best items from a score array, without sorting all of them.
 *
 * <p>Order: item a ranks before item b when {@code scores[a] > scores[b]}, or when the scores are
 * equal and {@code a < b} (ties go to the lower item index, so the result is deterministic).
 *
 * <p>Algorithm: a bounded binary heap of size k whose root is the WORST item kept so far. Each
 * eligible item either fills the heap or, if it ranks before the root, replaces the root. At the end
 * the heap is emptied worst-first into the output from the back. Cost O(n log k) time, O(1) extra
 * space (the heap lives in {@code outItems}); for n = 10,000 items and k = 10 this is a single pass.
 */
public final class TopKSelection {
    private TopKSelection() {}

    /**
     * Writes the best {@code min(k, #eligible)} items, best first, into {@code outItems} and returns
     * how many were written. Item i is eligible when {@code excluded.test(i)} is false.
     *
     * @param scores   one score per item, none NaN (read only)
     * @param k        how many to keep, at least 1
     * @param excluded items that may not be returned (e.g. the user's training items)
     * @param outItems receives the items; length at least k
     * @throws IllegalArgumentException if k is not positive, outItems is too short, or a score is NaN
     */
    public static int select(float[] scores, int k, IntPredicate excluded, int[] outItems) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (outItems.length < k) {
            throw new IllegalArgumentException("outItems has length " + outItems.length + " < k = " + k);
        }
        int[] heap = outItems; // heap[0 .. size) with the worst kept item at heap[0]
        int size = 0;
        for (int item = 0; item < scores.length; item++) {
            if (Float.isNaN(scores[item])) throw new IllegalArgumentException("score of item " + item + " is NaN");
            if (excluded.test(item)) continue;
            if (size < k) {
                heap[size] = item;
                siftUp(scores, heap, size);
                size++;
            } else if (ranksBefore(scores, item, heap[0])) {
                heap[0] = item;
                siftDown(scores, heap, 0, size);
            }
        }
        // Pop the worst item to the back until the heap is empty: the array ends up best first.
        for (int end = size - 1; end > 0; end--) {
            int worst = heap[0];
            heap[0] = heap[end];
            heap[end] = worst;
            siftDown(scores, heap, 0, end);
        }
        return size;
    }

    /** True when item a ranks strictly before item b: higher score, or equal score and lower index. */
    static boolean ranksBefore(float[] scores, int a, int b) {
        return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
    }

    /** Moves heap[pos] up while it ranks after (is worse than) its parent. */
    private static void siftUp(float[] scores, int[] heap, int pos) {
        int item = heap[pos];
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!ranksBefore(scores, heap[parent], item)) break; // parent is already the worse one
            heap[pos] = heap[parent];
            pos = parent;
        }
        heap[pos] = item;
    }

    /** Moves heap[pos] down within heap[0 .. size) while a child is worse than it. */
    private static void siftDown(float[] scores, int[] heap, int pos, int size) {
        int item = heap[pos];
        while (true) {
            int child = 2 * pos + 1;
            if (child >= size) break;
            int right = child + 1;
            if (right < size && ranksBefore(scores, heap[child], heap[right])) child = right; // the worse child
            if (!ranksBefore(scores, item, heap[child])) break;
            heap[pos] = heap[child];
            pos = child;
        }
        heap[pos] = item;
    }
}
