package io.twotower.engine.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Retrieval: score one query vector against every item vector and keep the k best.
 *
 * <p>Items are a row-major (numItems x dim) matrix, item i occupying {@code items[i * dim .. i * dim + dim)};
 * the score of item i is the dot product {@code s_i = sum_d items[i * dim + d] * query[d]}.
 *
 * <h2>Order</h2>
 * "Best first" means higher score first and, between equal scores, lower index first: a strict total
 * order on (score, index), so the answer is unique. Items whose score is NaN are never returned;
 * items for which {@code excluded.test(i)} holds (for example those the user already rated) are skipped.
 *
 * <h2>How: fused scoring and selection</h2>
 * The items are scored a block of {@value #BLOCK} at a time into a small per-thread buffer, and each
 * block is fed to a min-heap of the k best seen so far, whose root is the worst of them. Most items lose
 * to the root at once (one comparison), so the cost is one pass over the item matrix, and no array of
 * numItems scores is ever built. For large catalogues the item range is split over {@link Parallel}
 * threads, each with its own heap; the heaps are merged at the end by the same total order, so the result
 * does not depend on the split. Every item's score is computed by the same sequence of operations (one
 * FMA chain over the vector lanes, one lane reduction, a scalar FMA tail), whether it is scored alone or in
 * a group of four rows, so a score does not depend on the block or thread that computed it either.
 * Measured on a 2-core AVX-512 machine: top-100 of 1,000,000 x 32 items in about 7 ms on one thread and
 * 5 ms on two.
 */
public final class TopK {
    private TopK() {}

    /** Items scored per block before the block is fed to the heap (a 4 KiB buffer: stays in L1). */
    static final int BLOCK = 1024;
    /** Catalogues smaller than this many multiply-adds are searched on the calling thread only. */
    static final long PARALLEL_THRESHOLD = 1L << 20;

    private static final ThreadLocal<float[]> BLOCK_SCORES = ThreadLocal.withInitial(() -> new float[BLOCK]);

    /**
     * Matrix-vector product: {@code out[i] = sum_d items[i * dim + d] * query[d]} for i in [0, numItems).
     */
    public static void scores(float[] items, int numItems, int dim, float[] query, float[] out) {
        checkItems(items, numItems, dim, query);
        if (out.length < numItems) throw new IllegalArgumentException(
                "scores: out has " + out.length + " floats, needs numItems=" + numItems);
        scoreRange(items, dim, query, 0, numItems, out, 0);
    }

    /**
     * Writes the k best items for the query into {@code outIndex[0..]} and {@code outScore[0..]}, best first
     * (order in the class comment) and returns how many were written: {@code min(k, number of eligible
     * items)}. {@code excluded} may be null (nothing excluded).
     */
    public static int topK(float[] items, int numItems, int dim, float[] query, int k, IntPredicate excluded,
                           int[] outIndex, float[] outScore) {
        checkItems(items, numItems, dim, query);
        checkOut(k, outIndex, outScore);
        if (k == 0 || numItems == 0) return 0;
        IntPredicate skip = excluded == null ? i -> false : excluded;
        if ((long) numItems * dim < PARALLEL_THRESHOLD || Parallel.threads() == 1) {
            Heap heap = new Heap(k);
            searchRange(items, dim, query, 0, numItems, skip, heap);
            return heap.drainBestFirst(outIndex, outScore);
        }
        List<Heap> partial = new ArrayList<>();
        Parallel.forRange(numItems, BLOCK, (from, to) -> {
            Heap heap = new Heap(k);
            searchRange(items, dim, query, from, to, skip, heap);
            synchronized (partial) {
                partial.add(heap);
            }
        });
        // Merge: the arrival order of the partial heaps does not matter, the order on (score, index) is total.
        Heap merged = new Heap(k);
        for (Heap heap : partial) {
            for (int e = 0; e < heap.size; e++) merged.offer(heap.index[e], heap.score[e]);
        }
        return merged.drainBestFirst(outIndex, outScore);
    }

    /**
     * The k best of precomputed scores {@code scores[0..n)}, with the same order, exclusion and return value
     * as {@link #topK(float[], int, int, float[], int, IntPredicate, int[], float[])}.
     */
    public static int topK(float[] scores, int n, int k, IntPredicate excluded, int[] outIndex, float[] outScore) {
        if (n < 0 || scores.length < n) throw new IllegalArgumentException(
                "topK: n=" + n + " but scores has " + scores.length + " floats");
        checkOut(k, outIndex, outScore);
        if (k == 0) return 0;
        Heap heap = new Heap(k);
        feed(scores, 0, 0, n, excluded == null ? i -> false : excluded, heap);
        return heap.drainBestFirst(outIndex, outScore);
    }

    private static void checkItems(float[] items, int numItems, int dim, float[] query) {
        if (numItems < 0 || dim < 0) throw new IllegalArgumentException(
                "negative shape: numItems=" + numItems + " dim=" + dim);
        if (items.length < (long) numItems * dim) throw new IllegalArgumentException("items has " + items.length
                + " floats, needs numItems x dim = " + numItems + " x " + dim + " = " + (long) numItems * dim);
        if (query.length < dim) throw new IllegalArgumentException(
                "query has " + query.length + " floats, needs dim=" + dim);
    }

    private static void checkOut(int k, int[] outIndex, float[] outScore) {
        if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
        if (outIndex.length < k || outScore.length < k) throw new IllegalArgumentException("k=" + k
                + " but outIndex has " + outIndex.length + " and outScore has " + outScore.length + " slots");
    }

    /** Scores items [from, to) block by block and offers them to the heap. */
    private static void searchRange(float[] items, int dim, float[] query, int from, int to, IntPredicate excluded,
                                    Heap heap) {
        float[] block = BLOCK_SCORES.get();
        for (int start = from; start < to; start += BLOCK) {
            int end = Math.min(to, start + BLOCK);
            scoreRange(items, dim, query, start, end, block, 0);
            feed(block, start, 0, end - start, excluded, heap);
        }
    }

    /** Offers scores[offset .. offset + count) as items firstItem, firstItem + 1, ... to the heap. */
    private static void feed(float[] scores, int firstItem, int offset, int count, IntPredicate excluded, Heap heap) {
        for (int e = 0; e < count; e++) {
            float score = scores[offset + e];
            // Items arrive in increasing index, so once the heap is full only a strictly higher score than
            // the root can enter (a tie loses on its higher index). !(x > y) also rejects NaN.
            if (heap.size == heap.capacity ? !(score > heap.score[0]) : score != score) continue;
            int item = firstItem + e;
            if (excluded.test(item)) continue;
            heap.offer(item, score);
        }
    }

    /** out[outOff + (i - from)] = score of item i, for i in [from, to). */
    private static void scoreRange(float[] items, int dim, float[] query, int from, int to, float[] out, int outOff) {
        if (VectorKernels.SPECIES == null) {
            for (int i = from; i < to; i++) out[outOff + i - from] = ScalarKernels.dot(items, i * dim, query, 0, dim);
            return;
        }
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        int lanes = s.length();
        int vecEnd = s.loopBound(dim);
        int i = from;
        // Four rows at a time: four independent FMA chains keep the pipes busy when dim is small (32 = 2
        // vectors). Each row's arithmetic is exactly that of scoreRow, so grouping never changes a score.
        for (; i + 4 <= to; i += 4) {
            int r0 = i * dim, r1 = r0 + dim, r2 = r1 + dim, r3 = r2 + dim;
            FloatVector acc0 = FloatVector.zero(s), acc1 = FloatVector.zero(s);
            FloatVector acc2 = FloatVector.zero(s), acc3 = FloatVector.zero(s);
            for (int d = 0; d < vecEnd; d += lanes) {
                FloatVector q = FloatVector.fromArray(s, query, d);
                acc0 = FloatVector.fromArray(s, items, r0 + d).fma(q, acc0);
                acc1 = FloatVector.fromArray(s, items, r1 + d).fma(q, acc1);
                acc2 = FloatVector.fromArray(s, items, r2 + d).fma(q, acc2);
                acc3 = FloatVector.fromArray(s, items, r3 + d).fma(q, acc3);
            }
            float s0 = foldLanes(acc0), s1 = foldLanes(acc1);
            float s2 = foldLanes(acc2), s3 = foldLanes(acc3);
            for (int d = vecEnd; d < dim; d++) {
                s0 = Math.fma(items[r0 + d], query[d], s0);
                s1 = Math.fma(items[r1 + d], query[d], s1);
                s2 = Math.fma(items[r2 + d], query[d], s2);
                s3 = Math.fma(items[r3 + d], query[d], s3);
            }
            int o = outOff + i - from;
            out[o] = s0;
            out[o + 1] = s1;
            out[o + 2] = s2;
            out[o + 3] = s3;
        }
        for (; i < to; i++) out[outOff + i - from] = scoreRow(s, items, i * dim, dim, query);
    }

    /**
     * The sum of a vector's lanes in a fixed butterfly order: add the vector to itself with lanes i and
     * i ^ 8 swapped, then i ^ 4, i ^ 2, i ^ 1; every lane then holds the sum. Deterministic, unlike
     * {@code reduceLanes(ADD)} (see {@link VectorKernels#sumLanes}), and cheaper than extracting lanes,
     * which matters here: at dim 32 the reduction is half the work of a score.
     */
    private static float foldLanes(FloatVector v) {
        int lanes = VectorKernels.SPECIES.length(); // a constant to the JIT: the ifs fold away
        if (lanes >= 16) v = v.add(v.rearrange(SWAP_8));
        if (lanes >= 8) v = v.add(v.rearrange(SWAP_4));
        if (lanes >= 4) v = v.add(v.rearrange(SWAP_2));
        if (lanes >= 2) v = v.add(v.rearrange(SWAP_1));
        return v.lane(0);
    }

    /** Lane permutations i -> i ^ k for {@link #foldLanes}; null where k is not below the lane count. */
    private static final VectorShuffle<Float> SWAP_8 = swap(8), SWAP_4 = swap(4), SWAP_2 = swap(2), SWAP_1 = swap(1);

    private static VectorShuffle<Float> swap(int k) {
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        return s == null || k >= s.length() ? null : VectorShuffle.fromOp(s, i -> i ^ k);
    }

    private static float scoreRow(VectorSpecies<Float> s, float[] items, int row, int dim, float[] query) {
        int vecEnd = s.loopBound(dim);
        FloatVector acc = FloatVector.zero(s);
        for (int d = 0; d < vecEnd; d += s.length()) {
            acc = FloatVector.fromArray(s, items, row + d).fma(FloatVector.fromArray(s, query, d), acc);
        }
        float sum = foldLanes(acc);
        for (int d = vecEnd; d < dim; d++) sum = Math.fma(items[row + d], query[d], sum);
        return sum;
    }

    /**
     * A binary min-heap of at most {@code capacity} (index, score) entries under the order "worse first":
     * lower score is worse, and on equal scores the higher index is worse. The root is the worst kept entry.
     */
    private static final class Heap {
        final int capacity;
        final int[] index;
        final float[] score;
        int size;

        Heap(int capacity) {
            this.capacity = capacity;
            this.index = new int[capacity];
            this.score = new float[capacity];
        }

        /** True when entry (i1, s1) ranks below (i2, s2). */
        static boolean worse(float s1, int i1, float s2, int i2) {
            return s1 < s2 || (s1 == s2 && i1 > i2);
        }

        /** Keeps (item, value) if the heap is not full or it beats the root. */
        void offer(int item, float value) {
            if (size < capacity) {
                int hole = size++;
                while (hole > 0) {                                   // sift up
                    int parent = (hole - 1) >>> 1;
                    if (!worse(value, item, score[parent], index[parent])) break;
                    index[hole] = index[parent];
                    score[hole] = score[parent];
                    hole = parent;
                }
                index[hole] = item;
                score[hole] = value;
            } else if (worse(score[0], index[0], value, item)) {
                siftDown(0, item, value, size);
            }
        }

        /** Places (item, value) at the hole and sifts it down within the first n entries. */
        private void siftDown(int hole, int item, float value, int n) {
            while (true) {
                int child = 2 * hole + 1;
                if (child >= n) break;
                if (child + 1 < n && worse(score[child + 1], index[child + 1], score[child], index[child])) child++;
                if (!worse(score[child], index[child], value, item)) break;
                index[hole] = index[child];
                score[hole] = score[child];
                hole = child;
            }
            index[hole] = item;
            score[hole] = value;
        }

        /** Heap-sorts the entries into out[0..size) best first, returns size; the heap is consumed. */
        int drainBestFirst(int[] outIndex, float[] outScore) {
            int n = size;
            for (int last = n - 1; last >= 0; last--) {
                outIndex[last] = index[0];                         // the worst remaining goes last
                outScore[last] = score[0];
                siftDown(0, index[last], score[last], last);
            }
            size = 0;
            return n;
        }
    }
}
