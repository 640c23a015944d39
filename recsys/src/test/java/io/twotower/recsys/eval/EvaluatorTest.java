package io.twotower.recsys.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    // 2 users, 3 items. Train: user 0 rated item 0 (4) and item 1 (2); user 1 rated item 1 (3).
    // Test: user 0 item 2 (5); user 1 item 0 (4) and item 2 (2).
    private static final Interactions TRAIN = new Interactions(
            new int[] {0, 0, 1}, new int[] {0, 1, 1}, new float[] {4, 2, 3}, 2, 3);
    private static final Interactions TEST = new Interactions(
            new int[] {0, 1, 1}, new int[] {2, 0, 2}, new float[] {5, 4, 2}, 2, 3);

    @Test
    void aRatingOnlyModelGetsRatingMetricsAndNullRankingMetrics() {
        // Global mean μ = 3: errors -2, -1, +1 -> RMSE sqrt(6/3) = sqrt(2), MAE 4/3.
        MetricSet metrics = Evaluator.evaluate(GlobalMeanBaseline.fit(TRAIN), TRAIN, TEST, EvalOptions.defaults());
        assertEquals(Math.sqrt(2), metrics.rmse(), 1e-6);
        assertEquals(4.0 / 3, metrics.mae(), 1e-6);
        assertNull(metrics.precision());
        assertNull(metrics.recall());
        assertNull(metrics.ndcg());
        assertNull(metrics.hitRate());
        assertEquals(0, metrics.usersEvaluated());
    }

    @Test
    void aRankingOnlyModelGetsRankingMetricsAndNullRatingMetrics() {
        // Popularity: item 1 (2 rows), item 0 (1), item 2 (0) -> order 1, 0, 2.
        // User 0 (train 0, 1) with K = 1 gets [2]: relevant {2} -> hit. User 1 (train 1) gets [0]:
        // relevant {0} (4 >= 4; item 2 rated 2 is not) -> hit. All ranking metrics are 1.
        MetricSet metrics = Evaluator.evaluate(PopularityBaseline.fit(TRAIN), TRAIN, TEST, EvalOptions.defaults().withK(1));
        assertNull(metrics.rmse());
        assertNull(metrics.mae());
        assertEquals(1.0, metrics.precision());
        assertEquals(1.0, metrics.recall());
        assertEquals(1.0, metrics.ndcg());
        assertEquals(1.0, metrics.hitRate());
        assertEquals(2, metrics.usersEvaluated());
        assertEquals(1, metrics.k());
    }

    @Test
    void aModelThatDoesBothGetsBoth() {
        MetricSet metrics = Evaluator.evaluate(BiasBaseline.fit(TRAIN), TRAIN, TEST, EvalOptions.defaults());
        assertNotNull(metrics.rmse());
        assertNotNull(metrics.ndcg());
        assertEquals(2, metrics.usersEvaluated());
    }

    @Test
    void anythingElseIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Evaluator.evaluate("not a model", TRAIN, TEST, EvalOptions.defaults()));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void baselinesAreEvaluatedUnderTheirJsonNames() {
        Map<String, MetricSet> baselines = Baselines.evaluateAll(TRAIN, TEST, EvalOptions.defaults());
        assertEquals(List.of("global_mean", "bias", "popular"), List.copyOf(baselines.keySet()));
        assertNull(baselines.get("global_mean").ndcg());
        assertNull(baselines.get("popular").rmse());
    }
}
