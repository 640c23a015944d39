package io.twotower.recsys.eval;

/** A model that predicts the rating a user would give an item. */
public interface RatingModel {
    /**
     * Predicted rating of {@code item} by {@code user} on the ORIGINAL rating scale (the scale of
     * {@link Interactions#rating}), so RMSE and MAE are in stars. Must be safe to call from several
     * threads at once.
     */
    float predict(int user, int item);
}
