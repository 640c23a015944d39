package io.twotower.recsys.recommend;

import io.twotower.engine.kernels.TopK;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.ModelConfig;
import io.twotower.recsys.model.TwoTowerModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Answers the questions a two-tower model is for, by scoring one query vector against a precomputed
 * matrix of L2-normalised vectors and keeping the K best (the engine's fused score + top-K kernel):
 * <ul>
 *   <li>items for a known user, the items they rated in training left out;</li>
 *   <li>items for a new user described only by feature values (cold start);</li>
 *   <li>users most likely to enjoy a new item described by feature values;</li>
 *   <li>items most similar to an item (nearest item vectors by cosine).</li>
 * </ul>
 */
public final class Recommender {

    /** One entry of a ranked list: the index, its external id, display label and score. */
    public record Scored(int index, String id, String label, float score) {}

    private final TwoTowerModel model;
    private final Catalog catalog;
    private final float[] itemVectors;
    private final float[] userVectors;
    private final int dim;

    public Recommender(TwoTowerModel model) {
        this.model = model;
        this.catalog = model.catalog();
        this.dim = model.embeddingDim();
        this.itemVectors = model.embedAllItems();
        this.userVectors = model.embedAllUsers();
    }

    public float[] itemVectors() { return itemVectors; }
    public float[] userVectors() { return userVectors; }

    /** Top-k items for a known user index, items seen in training excluded. */
    public List<Scored> forUser(int user, int k) {
        float[] query = new float[dim];
        System.arraycopy(userVectors, user * dim, query, 0, dim);
        return topItems(query, k, item -> catalog.seen(user, item));
    }

    /** Top-k items for a user who exists only as raw feature values (see the pipeline's keys). */
    public List<Scored> forNewUser(Map<String, String> rawFeatures, int k) {
        float[] query = model.embedUserFeatures(model.features().transformNewUser(rawFeatures));
        return topItems(query, k, item -> false);
    }

    /** Top-k known users for an item that exists only as raw feature values. */
    public List<Scored> usersForNewItem(Map<String, String> rawFeatures, int k) {
        float[] query = model.embedItemFeatures(model.features().transformNewItem(rawFeatures));
        int[] index = new int[k];
        float[] score = new float[k];
        int found = TopK.topK(userVectors, catalog.numUsers(), dim, query, k, u -> false, index, score);
        List<Scored> result = new ArrayList<>(found);
        for (int r = 0; r < found; r++) {
            result.add(new Scored(index[r], catalog.userId(index[r]), "user " + catalog.userId(index[r]), score[r]));
        }
        return result;
    }

    /** The k items whose vectors are nearest (highest cosine) to the given item's, itself excluded. */
    public List<Scored> similarItems(int item, int k) {
        float[] query = new float[dim];
        System.arraycopy(itemVectors, item * dim, query, 0, dim);
        return topItems(query, k, other -> other == item);
    }

    /** The model's score for one pair: a rating on the original scale, or a probability (implicit). */
    public float predict(int user, int item) {
        float cosine = TwoTowerModel.score(userVectors, user, itemVectors, item, dim);
        ModelConfig config = model.config();
        if (config.objective() == ModelConfig.Objective.IMPLICIT) {
            return (float) (1 / (1 + Math.exp(-config.logitScale() * cosine)));
        }
        return model.features().unscaleScore(cosine);
    }

    private List<Scored> topItems(float[] query, int k, IntPredicate excluded) {
        int[] index = new int[k];
        float[] score = new float[k];
        int found = TopK.topK(itemVectors, catalog.numItems(), dim, query, k, excluded, index, score);
        List<Scored> result = new ArrayList<>(found);
        for (int r = 0; r < found; r++) {
            int i = index[r];
            result.add(new Scored(i, catalog.itemId(i), catalog.itemLabel(i), score[r]));
        }
        return result;
    }
}
