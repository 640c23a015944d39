package io.twotower.recsys.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricSetTest {

    @Test
    void asMapUsesTheActualKInItsKeysInAFixedOrder() {
        MetricSet metrics = new MetricSet(0.9, 0.7, 0.1, 0.2, 0.3, 0.4, 5, 100);
        Map<String, Double> map = metrics.asMap();
        assertEquals(List.of("rmse", "mae", "precision@5", "recall@5", "ndcg@5", "hitrate@5"), List.copyOf(map.keySet()));
        assertEquals(List.of(0.9, 0.7, 0.1, 0.2, 0.3, 0.4), List.copyOf(map.values()));
    }

    @Test
    void ofCombinesEitherHalfAndLeavesTheOtherNull() {
        MetricSet ratingOnly = MetricSet.of(new RatingMetrics.Result(1.0, 0.8, 10), null, 10);
        assertEquals(1.0, ratingOnly.rmse());
        assertNull(ratingOnly.precision());
        assertNull(ratingOnly.asMap().get("ndcg@10"));
        MetricSet rankingOnly = MetricSet.of(null, new RankingMetrics.Result(0.1, 0.2, 0.3, 0.4, 10, 7), 10);
        assertNull(rankingOnly.mae());
        assertEquals(0.3, rankingOnly.ndcg());
        assertEquals(7, rankingOnly.usersEvaluated());
        assertThrows(IllegalArgumentException.class,
                () -> MetricSet.of(null, new RankingMetrics.Result(0.1, 0.2, 0.3, 0.4, 5, 7), 10));
    }
}
