package io.twotower.recsys.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RatingMetricsTest {

    // Test rows and a model that predicts from a fixed table:
    //   (user 0, item 0) rating 4   predicted 3.5   error -0.5
    //   (user 0, item 1) rating 2   predicted 3.0   error +1.0
    //   (user 1, item 0) rating 5   predicted 5.0   error  0.0
    //   (user 1, item 2) rating 1   predicted 3.0   error +2.0
    // Squared errors 0.25 + 1 + 0 + 4 = 5.25 -> MSE 1.3125 -> RMSE sqrt(1.3125) = 1.14564392373896
    // Absolute errors 0.5 + 1 + 0 + 2 = 3.5 -> MAE 0.875
    private static final Interactions TEST = new Interactions(
            new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 2}, new float[] {4, 2, 5, 1}, 2, 3);
    private static final float[][] PREDICTED = {{3.5f, 3.0f, 0f}, {5.0f, 0f, 3.0f}};
    private static final RatingModel MODEL = (user, item) -> PREDICTED[user][item];

    @Test
    void rmseAndMaeMatchTheHandComputedValues() {
        assertEquals(1.14564392373896, RatingMetrics.rmse(MODEL, TEST), 1e-12);
        assertEquals(0.875, RatingMetrics.mae(MODEL, TEST), 1e-12);
        RatingMetrics.Result result = RatingMetrics.evaluate(MODEL, TEST);
        assertEquals(4, result.count());
    }

    @Test
    void perfectPredictionsHaveZeroError() {
        RatingModel oracle = (user, item) -> user == 0 ? (item == 0 ? 4 : 2) : (item == 0 ? 5 : 1);
        assertEquals(0.0, RatingMetrics.rmse(oracle, TEST));
        assertEquals(0.0, RatingMetrics.mae(oracle, TEST));
    }

    @Test
    void aNaNPredictionIsReportedNotHidden() {
        RatingModel broken = (user, item) -> Float.NaN;
        assertTrue(Double.isNaN(RatingMetrics.rmse(broken, TEST)));
    }

    @Test
    void anEmptyTestSetIsRejected() {
        Interactions empty = new Interactions(new int[0], new int[0], new float[0], 2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> RatingMetrics.rmse(MODEL, empty));
        assertTrue(e.getMessage().contains("empty"));
    }
}
