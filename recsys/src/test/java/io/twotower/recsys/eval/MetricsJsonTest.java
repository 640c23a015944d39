package io.twotower.recsys.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsJsonTest {

    private static final MetricSet MODEL = new MetricSet(0.9, 0.7, 0.03, 0.02, 0.04, 0.25, 10, 600);

    private static Map<String, MetricSet> baselines() {
        Map<String, MetricSet> baselines = new LinkedHashMap<>();
        baselines.put("global_mean", new MetricSet(1.04, 0.83, null, null, null, null, 10, 0));
        baselines.put("popular", new MetricSet(null, null, 0.1, 0.05, 0.12, 0.5, 10, 598));
        return baselines;
    }

    @Test
    void documentHasTheAgreedShape() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("seed", 42);
        extra.put("dataset", "ml-latest-small");
        String json = MetricsJson.toJson(MODEL, baselines(), 12.5, 2, new double[] {6.0, 6.5}, extra);
        String expected = """
                {
                  "model": {
                    "rmse": 0.9,
                    "mae": 0.7,
                    "precision@10": 0.03,
                    "recall@10": 0.02,
                    "ndcg@10": 0.04,
                    "hitrate@10": 0.25
                  },
                  "baselines": {
                    "global_mean": {
                      "rmse": 1.04,
                      "mae": 0.83,
                      "precision@10": null,
                      "recall@10": null,
                      "ndcg@10": null,
                      "hitrate@10": null
                    },
                    "popular": {
                      "rmse": null,
                      "mae": null,
                      "precision@10": 0.1,
                      "recall@10": 0.05,
                      "ndcg@10": 0.12,
                      "hitrate@10": 0.5
                    }
                  },
                  "train_seconds": 12.5,
                  "epochs": 2,
                  "epoch_seconds": [6.0, 6.5],
                  "seed": 42,
                  "dataset": "ml-latest-small"
                }
                """;
        assertEquals(expected, json);
    }

    @Test
    void nanAndInfinityBecomeNull() {
        MetricSet diverged = new MetricSet(Double.NaN, Double.POSITIVE_INFINITY, null, null, null, null, 5, 0);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("loss", List.of(1.5, Double.NaN, Float.NEGATIVE_INFINITY));
        String json = MetricsJson.toJson(diverged, Map.of(), Double.NaN, 0, new double[] {}, extra);
        String expected = """
                {
                  "model": {
                    "rmse": null,
                    "mae": null,
                    "precision@5": null,
                    "recall@5": null,
                    "ndcg@5": null,
                    "hitrate@5": null
                  },
                  "baselines": {},
                  "train_seconds": null,
                  "epochs": 0,
                  "epoch_seconds": [],
                  "loss": [1.5, null, null]
                }
                """;
        assertEquals(expected, json);
    }

    @Test
    void stringsAreEscaped() {
        StringBuilder out = new StringBuilder();
        // quote, backslash, newline, tab, carriage return, control char U+0001, and a non-ASCII letter kept as is
        MetricsJson.writeString(out, "a\"b\\c\nd\te\rf\u0001g é");
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\rf\\u0001g é\"", out.toString());
        Map<String, Object> extra = Map.of("note \"1\"", "x\\y");
        String json = MetricsJson.toJson(null, Map.of(), 1.0, 1, new double[] {1.0}, extra);
        assertEquals(true, json.contains("\"note \\\"1\\\"\": \"x\\\\y\""), json);
        assertEquals(true, json.contains("\"model\": null"), json);
    }

    @Test
    void extraFieldsMayNotReplaceStandardOnes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> MetricsJson.toJson(MODEL, Map.of(), 1.0, 1, new double[] {1.0}, Map.of("epochs", 3)));
        assertEquals("extra field \"epochs\" clashes with a standard field", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MetricsJson.toJson(MODEL, Map.of(), 1.0, 1, new double[] {1.0}, Map.of("thread", new Thread())));
    }

    @Test
    void trainingFieldsThatAreNotKnownAreNull() {
        String json = MetricsJson.toJson(MODEL, Map.of(), null, null, null, Map.of());
        assertEquals(true, json.contains("\"train_seconds\": null,\n  \"epochs\": null,\n  \"epoch_seconds\": null"), json);
    }
}
