package io.twotower.recsys.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTableTest {

    @Test
    void rendersModelsSideBySideWithDashesForMissingMetrics() {
        Map<String, MetricSet> rows = new LinkedHashMap<>();
        rows.put("two_tower", new MetricSet(0.91234, 0.70001, 0.0312, 0.0205, 0.0456, 0.25, 10, 600));
        rows.put("global_mean", new MetricSet(1.04, 0.83, null, null, null, null, 10, 0));
        rows.put("popular", new MetricSet(null, null, 0.1, 0.05, 0.12, 0.5, 10, 598));
        String expected = String.join("\n",
                "model          rmse     mae  precision@10  recall@10  ndcg@10  hitrate@10  users",
                "--------------------------------------------------------------------------------",
                "two_tower    0.9123  0.7000        0.0312     0.0205   0.0456      0.2500    600",
                "global_mean  1.0400  0.8300             -          -        -           -      -",
                "popular           -       -        0.1000     0.0500   0.1200      0.5000    598",
                "");
        assertEquals(expected, MetricsTable.render(rows));
    }
}
