package io.twotower.recsys.eval;

/**
 * Evaluates any model on one split with the metrics that apply to it:
 * <ul>
 *   <li>rating errors (RMSE, MAE) if it is a {@link RatingModel};</li>
 *   <li>ranking metrics if it is a {@link TopKRanker} (used as is) or else a {@link RankingModel}
 *       (wrapped in a {@link ScoreRanker}).</li>
 * </ul>
 * Metrics that do not apply are null in the returned {@link MetricSet}.
 */
public final class Evaluator {
    private Evaluator() {}

    /**
     * @param model a RatingModel, a RankingModel or TopKRanker, or both
     * @param train the training interactions (the user's training items are excluded from its ranking)
     * @param test  the held-out interactions
     * @throws IllegalArgumentException if the model is none of the above, or train and test disagree
     *                                  on the index spaces
     */
    public static MetricSet evaluate(Object model, Interactions train, Interactions test, EvalOptions options) {
        if (train.numUsers() != test.numUsers() || train.numItems() != test.numItems()) {
            throw new IllegalArgumentException("train has " + train.numUsers() + " users x " + train.numItems()
                    + " items but test has " + test.numUsers() + " x " + test.numItems());
        }
        TopKRanker ranker = asRanker(model, train.numItems());
        if (!(model instanceof RatingModel) && ranker == null) {
            throw new IllegalArgumentException("cannot evaluate " + model.getClass().getName()
                    + ": it is neither a RatingModel nor a RankingModel/TopKRanker");
        }
        RatingMetrics.Result rating = model instanceof RatingModel ratingModel
                ? RatingMetrics.evaluate(ratingModel, test) : null;
        RankingMetrics.Result ranking = ranker != null
                ? RankingMetrics.evaluate(ranker, train, test, options) : null;
        return MetricSet.of(rating, ranking, options.k());
    }

    /** The model as a TopKRanker (preferred when it is one), or null when it ranks nothing. */
    private static TopKRanker asRanker(Object model, int numItems) {
        if (model instanceof TopKRanker ranker) return ranker;
        if (model instanceof RankingModel rankingModel) return new ScoreRanker(rankingModel, numItems);
        return null;
    }
}
