package io.twotower.recsys.eval;

/**
 * Predicts the mean training rating μ for every (user, item): the floor any rating model must beat.
 *
 * <p>It is a rating model only. Ranking by a constant would order items by index alone, which says
 * nothing about the model, so its ranking metrics are reported as not applicable (null).
 */
public final class GlobalMeanBaseline implements RatingModel {
    private final float mean;

    private GlobalMeanBaseline(float mean) {
        this.mean = mean;
    }

    /** μ = (1/n) Σ r over the training rows. @throws IllegalArgumentException if train is empty */
    public static GlobalMeanBaseline fit(Interactions train) {
        if (train.size() == 0) throw new IllegalArgumentException("global mean baseline: the training set is empty");
        return new GlobalMeanBaseline((float) train.meanRating());
    }

    public float mean() { return mean; }

    @Override
    public float predict(int user, int item) { return mean; }
}
