package io.twotower.recsys.eval;

import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Recommends the most popular items: items ordered by their number of training interactions (any
 * rating), ties by lower item index; the same list for every user minus the user's own training items.
 * A ranking model only: it predicts no ratings, so its rating errors are reported as null.
 *
 * <p>The order is sorted once at fit time; {@link #topK} walks it and skips excluded items.
 */
public final class PopularityBaseline implements TopKRanker, RankingModel {
    private final int[] count;
    private final int[] order;

    private PopularityBaseline(int[] count) {
        this.count = count;
        this.order = IntStream.range(0, count.length).boxed()
                .sorted((a, b) -> count[a] != count[b] ? Integer.compare(count[b], count[a]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** Counts each item's training rows. */
    public static PopularityBaseline fit(Interactions train) {
        int[] count = new int[train.numItems()];
        for (int r = 0; r < train.size(); r++) count[train.item(r)]++;
        return new PopularityBaseline(count);
    }

    /** Number of training interactions of the item. */
    public int count(int item) { return count[item]; }

    @Override
    public int topK(int user, int k, IntPredicate excluded, int[] outItems) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (outItems.length < k) throw new IllegalArgumentException("outItems has length " + outItems.length + " < k = " + k);
        int n = 0;
        for (int pos = 0; pos < order.length && n < k; pos++) {
            if (!excluded.test(order[pos])) outItems[n++] = order[pos];
        }
        return n;
    }

    /** scoresOut[i] = training interaction count of item i. */
    @Override
    public void scoreItems(int user, float[] scoresOut) {
        for (int i = 0; i < count.length; i++) scoresOut[i] = count[i];
    }
}
