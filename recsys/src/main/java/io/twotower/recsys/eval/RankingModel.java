package io.twotower.recsys.eval;

/**
 * A model that scores every item for a user; larger is better. Only the order of the scores
 * matters to ranking metrics, not their scale.
 *
 * <p>Ranking evaluation works on {@link TopKRanker}; {@link ScoreRanker} adapts a {@code RankingModel}.
 */
public interface RankingModel {
    /**
     * Writes one score per item into {@code scoresOut[0 .. numItems)}. Scores must not be NaN.
     * Must be safe to call from several threads at once when evaluation runs on several threads.
     */
    void scoreItems(int user, float[] scoresOut);
}
