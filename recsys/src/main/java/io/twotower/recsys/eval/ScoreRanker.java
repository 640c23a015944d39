package io.twotower.recsys.eval;

import java.util.function.IntPredicate;

/**
 * Adapts a {@link RankingModel} to a {@link TopKRanker}: score every item, then keep the best k with
 * {@link TopKSelection} (ties to the lower item index). Each calling thread gets its own score
 * buffer, so this is thread-safe whenever the model's {@code scoreItems} is.
 */
public final class ScoreRanker implements TopKRanker {
    private final RankingModel model;
    private final int numItems;
    private final ThreadLocal<float[]> scores;

    public ScoreRanker(RankingModel model, int numItems) {
        if (numItems < 0) throw new IllegalArgumentException("numItems must be >= 0, got " + numItems);
        this.model = model;
        this.numItems = numItems;
        this.scores = ThreadLocal.withInitial(() -> new float[numItems]);
    }

    @Override
    public int topK(int user, int k, IntPredicate excluded, int[] outItems) {
        float[] buffer = scores.get();
        model.scoreItems(user, buffer);
        return TopKSelection.select(buffer, k, excluded, outItems);
    }

    public int numItems() { return numItems; }
}
