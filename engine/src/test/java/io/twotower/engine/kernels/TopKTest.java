package io.twotower.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TopK} against the obvious reference: score everything, sort all eligible items by
 * (score descending, index ascending), take the first k. Items with small integer coordinates make many
 * exact ties (integer dot products are exact in float), so the tie rule is exercised, not just assumed.
 */
class TopKTest {
    static final int DEFAULT_THREADS = Parallel.threads();

    static List<KernelVariant> variants() { return KernelVariant.all(); }

    @AfterEach
    void restoreThreads() {
        for (KernelVariant kernels : KernelVariant.all()) kernels.call("Parallel", "setThreads", DEFAULT_THREADS);
    }

    /** Items with coordinates in {-2..2}: scores are small integers, so ties are everywhere. */
    static float[] integerItems(Random random, int numItems, int dim) {
        float[] items = new float[numItems * dim];
        for (int i = 0; i < items.length; i++) items[i] = random.nextInt(5) - 2;
        return items;
    }

    /** The reference: indices of all eligible scores sorted best first, cut to k. */
    static int[] sortedReference(float[] scores, int n, int k, IntPredicate excluded) {
        return IntStream.range(0, n)
                .filter(i -> !Float.isNaN(scores[i]) && (excluded == null || !excluded.test(i)))
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
                .limit(k)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void scoresAreTheDotProductOfEachItemWithTheQuery(KernelVariant kernels) {
        Random random = new Random(31);
        for (int dim : new int[] {1, 7, 17, 32, 33, 257}) {
            int numItems = 23;
            float[] items = new float[numItems * dim], query = new float[dim];
            for (int i = 0; i < items.length; i++) items[i] = (float) random.nextGaussian();
            for (int d = 0; d < dim; d++) query[d] = (float) random.nextGaussian();
            float[] out = new float[numItems];
            kernels.call("TopK", "scores", items, numItems, dim, query, out);
            double[] exact = new double[numItems], bound = new double[numItems];
            for (int i = 0; i < numItems; i++) {
                double magnitude = 0;
                for (int d = 0; d < dim; d++) {
                    exact[i] += (double) items[i * dim + d] * query[d];
                    magnitude += Math.abs((double) items[i * dim + d] * query[d]);
                }
                bound[i] = dim * 0x1p-24 * magnitude;   // the classical summation bound gamma_dim, for any order
            }
            KernelAssertions.assertWithinBounds(exact, out, bound, kernels + " scores dim=" + dim);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void topKEqualsTheFirstKOfAFullSortWithTiesAndExclusions(KernelVariant kernels) {
        Random random = new Random(32);
        IntPredicate everyThird = i -> i % 3 == 0;
        for (int dim : new int[] {3, 32}) {
            for (int numItems : new int[] {1, 5, 100, 3000}) {
                float[] items = integerItems(random, numItems, dim);
                float[] query = integerItems(random, 1, dim);
                float[] scores = new float[numItems];
                kernels.call("TopK", "scores", items, numItems, dim, query, scores);
                for (int k : new int[] {1, 10, 100, 5000}) {
                    for (IntPredicate excluded : new IntPredicate[] {null, everyThird}) {
                        int[] expected = sortedReference(scores, numItems, k, excluded);
                        int[] index = new int[k];
                        float[] score = new float[k];
                        int written = (Integer) kernels.call("TopK", "topK", items, numItems, dim, query, k, excluded,
                                index, score);
                        String what = kernels + " " + numItems + "x" + dim + " k=" + k + " excl=" + (excluded != null);
                        assertArrayEquals(expected, Arrays.copyOf(index, written), what);
                        for (int r = 0; r < written; r++) assertEquals(scores[index[r]], score[r], what + " rank " + r);
                    }
                }
            }
        }
    }

    @Test
    void aLargeCatalogueSplitOverThreadsGivesTheSameAnswerAsOneThreadAndAsASort() {
        Random random = new Random(33);
        int numItems = 50_000, dim = 32, k = 100;   // 1.6 M multiply-adds: above the parallel threshold
        float[] items = integerItems(random, numItems, dim), query = integerItems(random, 1, dim);
        float[] scores = new float[numItems];
        TopK.scores(items, numItems, dim, query, scores);
        IntPredicate excluded = i -> i % 7 == 2;
        int[] expected = sortedReference(scores, numItems, k, excluded);
        for (int threads = 1; threads <= 3; threads++) {
            Parallel.setThreads(threads);
            int[] index = new int[k];
            float[] score = new float[k];
            assertEquals(k, TopK.topK(items, numItems, dim, query, k, excluded, index, score));
            assertArrayEquals(expected, index, "threads=" + threads);
        }
    }

    @Test
    void topKOverPrecomputedScoresSkipsNaNAndExcludedAndBreaksTiesByIndex() {
        // Worked by hand: eligible are 0 (1.0), 2 (3.0), 3 (3.0), 5 (-1.0), 6 (3.0); 1 is NaN, 4 is excluded.
        // Best first: 3.0 at 2, 3, 6 (lower index first), then 1.0 at 0, then -1.0 at 5.
        float[] scores = {1f, Float.NaN, 3f, 3f, 9f, -1f, 3f};
        int[] index = new int[10];
        float[] score = new float[10];
        int written = TopK.topK(scores, scores.length, 10, i -> i == 4, index, score);
        assertEquals(5, written);
        assertArrayEquals(new int[] {2, 3, 6, 0, 5}, Arrays.copyOf(index, written));
        assertArrayEquals(new float[] {3f, 3f, 3f, 1f, -1f}, Arrays.copyOf(score, written));
        written = TopK.topK(scores, scores.length, 2, null, index, score);
        assertArrayEquals(new int[] {4, 2}, Arrays.copyOf(index, written));
    }

    @Test
    void topKOverPrecomputedScoresMatchesAFullSort() {
        Random random = new Random(34);
        float[] scores = new float[5000];
        for (int i = 0; i < scores.length; i++) scores[i] = random.nextInt(50);   // many ties
        int[] index = new int[300];
        float[] score = new float[300];
        int written = TopK.topK(scores, scores.length, 300, i -> i % 5 == 1, index, score);
        assertArrayEquals(sortedReference(scores, scores.length, 300, i -> i % 5 == 1), Arrays.copyOf(index, written));
    }

    @Test
    void zeroKAndEmptyCataloguesWriteNothing() {
        float[] items = {1f, 2f};
        assertEquals(0, TopK.topK(items, 1, 2, new float[] {1f, 1f}, 0, null, new int[0], new float[0]));
        assertEquals(0, TopK.topK(items, 0, 2, new float[] {1f, 1f}, 3, null, new int[3], new float[3]));
    }

    @Test
    void badShapesAreRejectedWithTheShapesInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TopK.topK(new float[10], 4, 3, new float[3], 2, null, new int[2], new float[2]));
        assertTrue(e.getMessage().contains("4 x 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TopK.topK(new float[12], 4, 3, new float[2], 2, null, new int[2], new float[2]));
        assertTrue(e.getMessage().contains("dim=3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TopK.topK(new float[12], 4, 3, new float[3], 5, null, new int[2], new float[5]));
        assertTrue(e.getMessage().contains("k=5"), e.getMessage());
    }
}
