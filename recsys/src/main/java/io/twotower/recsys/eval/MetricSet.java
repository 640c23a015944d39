package io.twotower.recsys.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of one model on one split. A metric is {@code null} when it does not apply: rating
 * errors for a ranking-only model, ranking metrics for a rating-only model (or when no test user has
 * a relevant item).
 *
 * @param rmse           root mean squared rating error, or null
 * @param mae            mean absolute rating error, or null
 * @param precision      Precision@K, or null
 * @param recall         Recall@K (hits / #relevant), or null
 * @param ndcg           NDCG@K with binary gains, or null
 * @param hitRate        HitRate@K, or null
 * @param k              the K of the ranking metrics
 * @param usersEvaluated users the ranking metrics were averaged over (0 when they are null)
 */
public record MetricSet(Double rmse, Double mae, Double precision, Double recall, Double ndcg, Double hitRate,
                        int k, int usersEvaluated) {

    public MetricSet {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (usersEvaluated < 0) throw new IllegalArgumentException("usersEvaluated must be >= 0, got " + usersEvaluated);
    }

    /**
     * Combines the two halves of an evaluation; either may be null (the metric does not apply).
     * Ranking metrics over zero users are null, not NaN.
     */
    public static MetricSet of(RatingMetrics.Result rating, RankingMetrics.Result ranking, int k) {
        Double rmse = rating == null ? null : rating.rmse();
        Double mae = rating == null ? null : rating.mae();
        if (ranking == null || ranking.usersEvaluated() == 0) {
            return new MetricSet(rmse, mae, null, null, null, null, k, 0);
        }
        if (ranking.k() != k) throw new IllegalArgumentException("ranking result has k = " + ranking.k() + ", expected " + k);
        return new MetricSet(rmse, mae, ranking.precision(), ranking.recall(), ranking.ndcg(), ranking.hitRate(),
                k, ranking.usersEvaluated());
    }

    /**
     * The six metrics in a fixed order under the keys {@code rmse, mae, precision@K, recall@K, ndcg@K,
     * hitrate@K} (with the actual K, e.g. {@code precision@10}); values may be null.
     */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("rmse", rmse);
        map.put("mae", mae);
        map.put("precision@" + k, precision);
        map.put("recall@" + k, recall);
        map.put("ndcg@" + k, ndcg);
        map.put("hitrate@" + k, hitRate);
        return map;
    }
}
