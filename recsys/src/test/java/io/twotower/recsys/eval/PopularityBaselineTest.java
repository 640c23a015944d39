package io.twotower.recsys.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PopularityBaselineTest {

    // Training items: 1, 2, 1, 0, 2, 4, 1, 2, 0 -> counts item 0: 2, 1: 3, 2: 3, 3: 0, 4: 1.
    // Popularity order (count descending, ties by lower index): 1, 2, 0, 4, 3.
    private static final Interactions TRAIN = new Interactions(
            new int[] {0, 0, 1, 1, 2, 2, 3, 3, 3}, new int[] {1, 2, 1, 0, 2, 4, 1, 2, 0},
            new float[] {1, 2, 3, 4, 5, 1, 2, 3, 4}, 4, 5);

    @Test
    void ordersItemsByTrainingCountThenLowerIndex() {
        PopularityBaseline model = PopularityBaseline.fit(TRAIN);
        assertEquals(3, model.count(1));
        assertEquals(0, model.count(3));
        int[] out = new int[5];
        assertEquals(5, model.topK(0, 5, item -> false, out));
        assertArrayEquals(new int[] {1, 2, 0, 4, 3}, out);
    }

    @Test
    void skipsExcludedItems() {
        int[] out = new int[3];
        int n = PopularityBaseline.fit(TRAIN).topK(0, 3, item -> item == 1 || item == 2, out);
        assertEquals(3, n);
        assertArrayEquals(new int[] {0, 4, 3}, out);
        int[] few = new int[4];
        int m = PopularityBaseline.fit(TRAIN).topK(0, 4, item -> item != 3, few);
        assertArrayEquals(new int[] {3}, Arrays.copyOf(few, m));
    }

    @Test
    void scoresGiveTheSameOrderThroughTheScoreRanker() {
        PopularityBaseline model = PopularityBaseline.fit(TRAIN);
        float[] scores = new float[5];
        model.scoreItems(0, scores);
        assertArrayEquals(new float[] {2, 3, 3, 0, 1}, scores);
        int[] viaScores = new int[4];
        new ScoreRanker(model, 5).topK(0, 4, item -> item == 0, viaScores);
        assertArrayEquals(new int[] {1, 2, 4, 3}, viaScores);
    }
}
