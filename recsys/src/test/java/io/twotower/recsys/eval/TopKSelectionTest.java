package io.twotower.recsys.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKSelectionTest {

    /** Reference: sort ALL eligible items by (score descending, index ascending) and take the first k. */
    private static int[] fullSortTopK(float[] scores, int k, IntPredicate excluded) {
        return IntStream.range(0, scores.length)
                .filter(i -> !excluded.test(i))
                .boxed()
                .sorted((a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b))
                .limit(k)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    @Test
    void handExampleWithTiesAndExclusions() {
        //            item:   0     1     2     3     4     5
        float[] scores = {0.5f, 0.9f, 0.5f, 0.9f, 0.1f, 0.7f};
        // Order: 1 (0.9), 3 (0.9, tie -> higher index after), 5 (0.7), 0 (0.5), 2 (0.5), 4 (0.1).
        // Excluding item 3: 1, 5, 0, 2, 4.
        int[] out = new int[4];
        int n = TopKSelection.select(scores, 4, item -> item == 3, out);
        assertEquals(4, n);
        assertArrayEquals(new int[] {1, 5, 0, 2}, out);
    }

    @Test
    void allEqualScoresGiveTheLowestIndices() {
        float[] scores = new float[8];
        int[] out = new int[3];
        TopKSelection.select(scores, 3, item -> item == 1, out);
        assertArrayEquals(new int[] {0, 2, 3}, out);
    }

    @Test
    void agreesWithAFullSortOnRandomScoresWithManyTies() {
        Random random = new Random(7);
        for (int n : new int[] {1, 7, 17, 33, 257, 1000}) {
            for (int k : new int[] {1, 3, 10, 50}) {
                float[] scores = new float[n];
                for (int i = 0; i < n; i++) scores[i] = random.nextInt(5) * 0.25f - 0.5f; // 5 values: many ties
                boolean[] excludedMask = new boolean[n];
                for (int i = 0; i < n; i++) excludedMask[i] = random.nextInt(4) == 0;
                IntPredicate excluded = item -> excludedMask[item];

                int[] expected = fullSortTopK(scores, k, excluded);
                int[] out = new int[k];
                int count = TopKSelection.select(scores, k, excluded, out);
                assertEquals(expected.length, count, "n=" + n + " k=" + k);
                assertArrayEquals(expected, Arrays.copyOf(out, count), "n=" + n + " k=" + k);
            }
        }
    }

    @Test
    void fewerEligibleItemsThanKReturnsThemAll() {
        float[] scores = {0.2f, 0.4f, 0.3f};
        int[] out = new int[5];
        int n = TopKSelection.select(scores, 5, item -> item == 0, out);
        assertEquals(2, n);
        assertArrayEquals(new int[] {1, 2}, Arrays.copyOf(out, n));
    }

    @Test
    void badArgumentsAreRejected() {
        float[] scores = {0.1f, Float.NaN};
        assertThrows(IllegalArgumentException.class, () -> TopKSelection.select(scores, 0, i -> false, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> TopKSelection.select(scores, 2, i -> false, new int[1]));
        var nan = assertThrows(IllegalArgumentException.class, () -> TopKSelection.select(scores, 1, i -> false, new int[1]));
        assertEquals("score of item 1 is NaN", nan.getMessage());
    }
}
