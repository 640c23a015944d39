package io.twotower.recsys.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    // Two users, six items. 1/log2(2) = 1, 1/log2(3) = 0.6309297535714575, 1/log2(4) = 0.5.
    //
    // User 0: train {0}; test item 1 (5.0), item 3 (4.0), item 5 (2.0) -> relevant at >= 4: {1, 3}.
    //   scores 0:0.9 1:0.1 2:0.8 3:0.7 4:0.3 5:0.6 -> ranking without item 0: 2, 3, 5, 4, 1
    // User 1: train {2, 4}; test item 0 (4.5), item 1 (3.0)              -> relevant at >= 4: {0}.
    //   scores 0:0.5 1:0.9 2:1.0 3:0.2 4:0.95 5:0.1 -> ranking without items 2, 4: 1, 0, 3, 5
    private static final Interactions TRAIN = new Interactions(
            new int[] {0, 1, 1}, new int[] {0, 2, 4}, new float[] {3, 4, 5}, 2, 6);
    private static final Interactions TEST = new Interactions(
            new int[] {0, 0, 0, 1, 1}, new int[] {1, 3, 5, 0, 1}, new float[] {5, 4, 2, 4.5f, 3}, 2, 6);
    private static final float[][] SCORES = {
            {0.9f, 0.1f, 0.8f, 0.7f, 0.3f, 0.6f},
            {0.5f, 0.9f, 1.0f, 0.2f, 0.95f, 0.1f}};
    private static final RankingModel MODEL = (user, out) -> System.arraycopy(SCORES[user], 0, out, 0, 6);
    private static final double INV_LOG2_3 = 0.6309297535714575;

    private static RankingMetrics.Result evaluate(EvalOptions options) {
        return RankingMetrics.evaluate(new ScoreRanker(MODEL, 6), TRAIN, TEST, options);
    }

    @Test
    void handExampleAtKThree() {
        // User 0: top 3 = [2, 3, 5]; hit: item 3 at rank 2.
        //   P = 1/3, R = 1/2, DCG = 1/log2(3), IDCG = 1 + 1/log2(3) (min(3, 2) = 2 ideal hits),
        //   NDCG = 0.6309297535714575 / 1.6309297535714575 = 0.38685280723454163, HR = 1
        // User 1: top 3 = [1, 0, 3]; hit: item 0 at rank 2.
        //   P = 1/3, R = 1/1, DCG = 1/log2(3), IDCG = 1, NDCG = 0.6309297535714575, HR = 1
        // Means: P = 1/3, R = 0.75, NDCG = (0.38685280723454163 + 0.6309297535714575) / 2 = 0.5088912804029996
        RankingMetrics.Result result = evaluate(EvalOptions.defaults().withK(3));
        assertEquals(1.0 / 3, result.precision(), 1e-12);
        assertEquals(0.75, result.recall(), 1e-12);
        assertEquals(0.5088912804029996, result.ndcg(), 1e-12);
        assertEquals(1.0, result.hitRate(), 1e-12);
        assertEquals(2, result.usersEvaluated());
        assertEquals(3, result.k());
    }

    @Test
    void kIsConfigurable() {
        // K = 2: user 0 top [2, 3] (hit at rank 2): P 1/2, R 1/2, NDCG 0.6309/1.6309 = 0.38685280723454163
        //        user 1 top [1, 0] (hit at rank 2): P 1/2, R 1,   NDCG 0.6309297535714575
        RankingMetrics.Result k2 = evaluate(EvalOptions.defaults().withK(2));
        assertEquals(0.5, k2.precision(), 1e-12);
        assertEquals(0.75, k2.recall(), 1e-12);
        assertEquals(0.5088912804029996, k2.ndcg(), 1e-12);
        // K = 1: user 0 top [2], user 1 top [1]: no hits at all.
        RankingMetrics.Result k1 = evaluate(EvalOptions.defaults().withK(1));
        assertEquals(0.0, k1.precision());
        assertEquals(0.0, k1.recall());
        assertEquals(0.0, k1.ndcg());
        assertEquals(0.0, k1.hitRate());
        // K = 10 > eligible items: user 0 gets 5 items, user 1 gets 4, precision still divides by K.
        // User 0 hits item 3 (rank 2) and item 1 (rank 5): P 2/10; user 1 hits item 0 (rank 2): P 1/10.
        // User 0: DCG = 1/log2(3) + 1/log2(6) = 0.6309297535714575 + 0.38685280723454163, IDCG = 1 + 1/log2(3)
        RankingMetrics.Result k10 = evaluate(EvalOptions.defaults());
        assertEquals(0.15, k10.precision(), 1e-12);
        assertEquals(1.0, k10.recall(), 1e-12);
        double ndcgUser0 = (INV_LOG2_3 + 1 / (Math.log(6) / Math.log(2))) / (1 + INV_LOG2_3);
        assertEquals((ndcgUser0 + INV_LOG2_3) / 2, k10.ndcg(), 1e-12);
    }

    @Test
    void relevanceThresholdIsConfigurable() {
        // Threshold 2.0: user 0 relevant {1, 3, 5}, user 1 relevant {0, 1}.
        // User 0 top [2, 3, 5]: hits at ranks 2, 3: P 2/3, R 2/3,
        //   DCG = 1/log2(3) + 1/log2(4) = 1.1309297535714575, IDCG(3) = 1 + 0.6309297535714575 + 0.5,
        //   NDCG = 1.1309297535714575 / 2.1309297535714575 = 0.5307212739772434
        // User 1 top [1, 0, 3]: hits at ranks 1, 2: P 2/3, R 1, NDCG = IDCG(2) / IDCG(2) = 1
        RankingMetrics.Result result = evaluate(EvalOptions.defaults().withK(3).withRelevanceThreshold(2.0f));
        assertEquals(2.0 / 3, result.precision(), 1e-12);
        assertEquals((2.0 / 3 + 1) / 2, result.recall(), 1e-12);
        assertEquals(0.7653606369886217, result.ndcg(), 1e-12);
        assertEquals(1.0, result.hitRate());

        // Threshold 2.0 and K = 2: more relevant items than K, where recall is hits / |Rel|, not hits / K.
        // User 0 top [2, 3]: 1 hit of 3 relevant -> R = 1/3; NDCG = (1/log2(3)) / (1 + 1/log2(3)) = 0.38685280723454163
        // User 1 top [1, 0]: 2 hits of 2 relevant -> R = 1;   NDCG = 1
        RankingMetrics.Result k2 = evaluate(EvalOptions.defaults().withK(2).withRelevanceThreshold(2.0f));
        assertEquals((1.0 / 3 + 1) / 2, k2.recall(), 1e-12);
        assertEquals((0.38685280723454163 + 1) / 2, k2.ndcg(), 1e-12);
        assertEquals(0.75, k2.precision(), 1e-12); // (1/2 + 2/2) / 2
    }

    @Test
    void usersWithoutRelevantTestItemsAreSkipped() {
        // At threshold 4.6 only user 0's item 1 (5.0) is relevant: user 1 (4.5 and 3.0) is skipped.
        // User 0 top 3 = [2, 3, 5]: no hit. So all means are over one user and are 0.
        RankingMetrics.Result result = evaluate(EvalOptions.defaults().withK(3).withRelevanceThreshold(4.6f));
        assertEquals(1, result.usersEvaluated());
        assertEquals(0.0, result.hitRate());
        // At threshold 6 nobody is evaluated: the means are undefined (NaN) and MetricSet makes them null.
        RankingMetrics.Result none = evaluate(EvalOptions.defaults().withRelevanceThreshold(6f));
        assertEquals(0, none.usersEvaluated());
        assertTrue(Double.isNaN(none.precision()));
        assertEquals(null, MetricSet.of(null, none, 10).precision());
    }

    @Test
    void trainingItemsAreExcludedFromTheRanking() {
        // User 0's best-scored item is its training item 0, user 1's are its training items 2 and 4.
        int[][] seen = new int[2][];
        TopKRanker recording = (user, k, excluded, out) -> {
            int n = new ScoreRanker(MODEL, 6).topK(user, k, excluded, out);
            seen[user] = Arrays.copyOf(out, n);
            return n;
        };
        RankingMetrics.evaluate(recording, TRAIN, TEST, EvalOptions.defaults().withK(6));
        assertArrayEquals(new int[] {2, 3, 5, 4, 1}, seen[0]);
        assertArrayEquals(new int[] {1, 0, 3, 5}, seen[1]);
    }

    @Test
    void aRankerThatLeaksTrainingItemsIsCaught() {
        TopKRanker leaky = (user, k, excluded, out) -> {
            out[0] = user == 0 ? 0 : 2; // the training items
            return 1;
        };
        var e = assertThrows(IllegalStateException.class,
                () -> RankingMetrics.evaluate(leaky, TRAIN, TEST, EvalOptions.defaults()));
        assertEquals("ranker returned training item 0 for user 0", e.getMessage());
        TopKRanker repeating = (user, k, excluded, out) -> {
            out[0] = 3;
            out[1] = 3;
            return 2;
        };
        assertThrows(IllegalStateException.class,
                () -> RankingMetrics.evaluate(repeating, TRAIN, TEST, EvalOptions.defaults()));
    }

    @Test
    void tiesAreBrokenByLowerItemIndex() {
        // One user, train {1}, test item 2 (5.0). All scores equal -> ranking 0, 2, 3, 4, 5.
        // K = 3: top [0, 2, 3], hit at rank 2: DCG = 1/log2(3), IDCG = 1, NDCG = 0.6309297535714575.
        // (Ties broken towards HIGHER indices would give [5, 4, 3] and no hit.)
        Interactions train = new Interactions(new int[] {0}, new int[] {1}, new float[] {3}, 1, 6);
        Interactions test = new Interactions(new int[] {0}, new int[] {2}, new float[] {5}, 1, 6);
        RankingModel constant = (user, out) -> Arrays.fill(out, 0.25f);
        RankingMetrics.Result result = RankingMetrics.evaluate(new ScoreRanker(constant, 6), train, test,
                EvalOptions.defaults().withK(3));
        assertEquals(INV_LOG2_3, result.ndcg(), 1e-12);
        assertEquals(1.0 / 3, result.precision(), 1e-12);
    }

    @Test
    void parallelEvaluationEqualsSequentialExactly() {
        // 60 users x 300 items, random split and random scores: every thread count gives identical doubles.
        Random random = new Random(11);
        int users = 60, items = 300, rows = 3000;
        int[] u = new int[rows], i = new int[rows];
        float[] r = new float[rows];
        for (int row = 0; row < rows; row++) {
            u[row] = random.nextInt(users);
            i[row] = random.nextInt(items);
            r[row] = 1 + random.nextInt(5);
        }
        Interactions all = new Interactions(u, i, r, users, items);
        int[] trainRows = IntStream.range(0, 2400).toArray(), testRows = IntStream.range(2400, 3000).toArray();
        Interactions train = all.rows(trainRows), test = all.rows(testRows);
        float[][] scores = new float[users][items];
        for (float[] row : scores) for (int j = 0; j < items; j++) row[j] = random.nextInt(20);
        RankingModel model = (user, out) -> System.arraycopy(scores[user], 0, out, 0, items);

        RankingMetrics.Result sequential = RankingMetrics.evaluate(new ScoreRanker(model, items), train, test,
                EvalOptions.defaults());
        RankingMetrics.Result parallel = RankingMetrics.evaluate(new ScoreRanker(model, items), train, test,
                EvalOptions.defaults().withThreads(3));
        assertTrue(sequential.usersEvaluated() > 40, "users evaluated " + sequential.usersEvaluated());
        assertFalse(sequential.hitRate() == 0.0, "some hits expected with random scores on 300 items");
        assertEquals(sequential, parallel);
    }

    @Test
    void mismatchedIndexSpacesAreRejected() {
        Interactions otherTest = new Interactions(new int[] {0}, new int[] {0}, new float[] {5}, 2, 7);
        var e = assertThrows(IllegalArgumentException.class,
                () -> RankingMetrics.evaluate(new ScoreRanker(MODEL, 6), TRAIN, otherTest, EvalOptions.defaults()));
        assertTrue(e.getMessage().contains("2 users x 6 items") && e.getMessage().contains("2 x 7"), e.getMessage());
    }
}
