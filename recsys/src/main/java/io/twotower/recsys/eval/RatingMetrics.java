package io.twotower.recsys.eval;

/**
 * Rating-prediction errors over a test set, in the units of the ratings (stars):
 * <pre>
 *   RMSE = sqrt( (1/n) Σ (r̂ - r)² )
 *   MAE  =       (1/n) Σ |r̂ - r|
 * </pre>
 * over the n test rows, with r̂ = {@code model.predict(user, item)}. Sums are accumulated in double.
 * A non-finite prediction makes the metric NaN (reported, not hidden).
 */
public final class RatingMetrics {
    private RatingMetrics() {}

    /** RMSE and MAE of one pass over the test rows, and the number of rows n. */
    public record Result(double rmse, double mae, int count) {}

    /** Both errors in one pass. @throws IllegalArgumentException if {@code test} is empty */
    public static Result evaluate(RatingModel model, Interactions test) {
        int n = test.size();
        if (n == 0) throw new IllegalArgumentException("rating metrics: the test set is empty");
        double sumSquared = 0;
        double sumAbsolute = 0;
        for (int r = 0; r < n; r++) {
            double error = (double) model.predict(test.user(r), test.item(r)) - test.rating(r);
            sumSquared += error * error;
            sumAbsolute += Math.abs(error);
        }
        return new Result(Math.sqrt(sumSquared / n), sumAbsolute / n, n);
    }

    /** Root mean squared error over the test rows. */
    public static double rmse(RatingModel model, Interactions test) {
        return evaluate(model, test).rmse();
    }

    /** Mean absolute error over the test rows. */
    public static double mae(RatingModel model, Interactions test) {
        return evaluate(model, test).mae();
    }
}
