package io.twotower.recsys.app;

import io.twotower.engine.kernels.TopK;
import io.twotower.recsys.eval.RatingModel;
import io.twotower.recsys.eval.TopKRanker;
import io.twotower.recsys.model.ModelConfig;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.recommend.Recommender;

import java.util.function.IntPredicate;

/**
 * The trained model seen by the evaluator: ratings from the cosine score mapped back to stars, and
 * top-K lists from the fused score + select kernel over the precomputed item vectors.
 * A model trained on implicit feedback predicts no ratings, so it is only a ranker then.
 */
final class ModelScorer implements TopKRanker, RatingModel {
    private final Recommender recommender;
    private final int dim;
    private final int numItems;
    private final boolean rating;

    ModelScorer(Recommender recommender, TwoTowerModel model) {
        this.recommender = recommender;
        this.dim = model.embeddingDim();
        this.numItems = model.catalog().numItems();
        this.rating = model.config().objective() == ModelConfig.Objective.RATING;
    }

    /** The evaluator sees a RatingModel only when the model was trained on ratings. */
    Object forEvaluation() {
        return rating ? this : (TopKRanker) this::topK;
    }

    @Override
    public float predict(int user, int item) {
        return recommender.predict(user, item);
    }

    @Override
    public int topK(int user, int k, IntPredicate excluded, int[] outItems) {
        float[] query = new float[dim];
        System.arraycopy(recommender.userVectors(), user * dim, query, 0, dim);
        float[] scores = new float[k];
        return TopK.topK(recommender.itemVectors(), numItems, dim, query, k, excluded, outItems, scores);
    }
}
