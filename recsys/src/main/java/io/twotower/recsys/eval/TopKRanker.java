package io.twotower.recsys.eval;

import java.util.function.IntPredicate;

/**
 * Supplies a user's top-K recommendations directly, for models that can do better than scoring
 * every item (a precomputed popularity order, an index). Ranking metrics are computed on this.
 */
public interface TopKRanker {
    /**
     * Writes up to {@code k} distinct items for {@code user}, best first, into {@code outItems[0 .. n)}
     * and returns n. Items for which {@code excluded.test(item)} is true (the user's training items)
     * must not appear. n is less than k only when fewer than k items are eligible.
     * Ties must be broken deterministically (by lower item index for the rankers in this package).
     * Must be safe to call from several threads at once when evaluation runs on several threads.
     */
    int topK(int user, int k, IntPredicate excluded, int[] outItems);
}
