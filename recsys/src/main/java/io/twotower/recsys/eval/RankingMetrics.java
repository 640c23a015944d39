package io.twotower.recsys.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Top-K ranking metrics, the "all items minus training items" protocol.
 *
 * <p>For each user u, let Rel(u) be the distinct test items of u with test rating {@code >= threshold}.
 * Users with Rel(u) empty are skipped. For the others, the ranker ranks every item EXCEPT u's
 * training items and returns its top K list L(u); hits(u) = |L(u) ∩ Rel(u)|. Then, per user:
 * <pre>
 *   Precision@K = hits / K                       (K even when fewer than K items were eligible)
 *   Recall@K    = hits / |Rel(u)|                (the standard definition: it is below 1 whenever
 *                                                 |Rel(u)| > K, however good the ranking)
 *   DCG@K       = Σ_{rank r in 1..K, L(u)[r] ∈ Rel(u)} 1 / log2(r + 1)      (binary gains)
 *   IDCG@K      = Σ_{r = 1..min(K, |Rel(u)|)} 1 / log2(r + 1)               (all hits on top)
 *   NDCG@K      = DCG@K / IDCG@K
 *   HitRate@K   = 1 if hits > 0 else 0
 * </pre>
 * and each metric is the plain mean over the evaluated users. A relevant test item that is also a
 * training item of the same user is excluded from the ranking and can never be hit (a clean split
 * has none).
 *
 * <p>Users can be ranked on several threads. Each user's four values are stored at that user's slot
 * and summed afterwards in user order, so the result is bit-for-bit the same for any thread count.
 */
public final class RankingMetrics {
    private RankingMetrics() {}

    /**
     * Means over the evaluated users (NaN when no user was evaluated).
     *
     * @param usersEvaluated users with at least one relevant test item
     */
    public record Result(double precision, double recall, double ndcg, double hitRate, int k, int usersEvaluated) {}

    /**
     * Ranks every user with a relevant test item and averages the metrics above.
     *
     * @throws IllegalArgumentException if train and test use different index spaces
     * @throws IllegalStateException    if the ranker returns an out-of-range, excluded or repeated item
     */
    public static Result evaluate(TopKRanker ranker, Interactions train, Interactions test, EvalOptions options) {
        if (train.numUsers() != test.numUsers() || train.numItems() != test.numItems()) {
            throw new IllegalArgumentException("train has " + train.numUsers() + " users x " + train.numItems()
                    + " items but test has " + test.numUsers() + " x " + test.numItems());
        }
        int numUsers = test.numUsers();
        int k = options.k();
        int[][] trainItems = train.itemsByUser(Float.NEGATIVE_INFINITY);
        int[][] relevantItems = test.itemsByUser(options.relevanceThreshold());
        double[] idcg = idealDcgByHitCount(k);

        // Per-user values; a user who is not evaluated keeps evaluated[u] = false.
        boolean[] evaluated = new boolean[numUsers];
        double[] precision = new double[numUsers];
        double[] recall = new double[numUsers];
        double[] ndcg = new double[numUsers];
        double[] hit = new double[numUsers];

        AtomicInteger nextUser = new AtomicInteger();
        Runnable worker = () -> {
            int[] topItems = new int[k];
            for (int u = nextUser.getAndIncrement(); u < numUsers; u = nextUser.getAndIncrement()) {
                int[] relevant = relevantItems[u];
                if (relevant.length == 0) continue;
                int[] excludedItems = trainItems[u];
                IntPredicate excluded = item -> Arrays.binarySearch(excludedItems, item) >= 0;
                int n = ranker.topK(u, k, excluded, topItems);
                checkRankerOutput(u, n, k, topItems, excluded, train.numItems());

                int hits = 0;
                double dcg = 0;
                for (int pos = 0; pos < n; pos++) {
                    if (Arrays.binarySearch(relevant, topItems[pos]) >= 0) {
                        hits++;
                        dcg += 1.0 / log2(pos + 2); // rank r = pos + 1 contributes 1 / log2(r + 1)
                    }
                }
                evaluated[u] = true;
                precision[u] = (double) hits / k;
                recall[u] = (double) hits / relevant.length;
                ndcg[u] = dcg / idcg[Math.min(k, relevant.length)];
                hit[u] = hits > 0 ? 1 : 0;
            }
        };
        runOnThreads(worker, options.threads());

        // Sum in user order so the floating-point result does not depend on thread scheduling.
        int count = 0;
        double sumPrecision = 0, sumRecall = 0, sumNdcg = 0, sumHit = 0;
        for (int u = 0; u < numUsers; u++) {
            if (!evaluated[u]) continue;
            count++;
            sumPrecision += precision[u];
            sumRecall += recall[u];
            sumNdcg += ndcg[u];
            sumHit += hit[u];
        }
        return new Result(sumPrecision / count, sumRecall / count, sumNdcg / count, sumHit / count, k, count);
    }

    /** idcg[h] = Σ_{r=1..h} 1/log2(r+1): the DCG of a list whose first h entries are hits; idcg[0] = 0. */
    static double[] idealDcgByHitCount(int k) {
        double[] idcg = new double[k + 1];
        for (int h = 1; h <= k; h++) idcg[h] = idcg[h - 1] + 1.0 / log2(h + 1);
        return idcg;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** Guards against leakage and broken rankers: every returned item must be eligible and distinct. */
    private static void checkRankerOutput(int user, int n, int k, int[] items, IntPredicate excluded, int numItems) {
        if (n < 0 || n > k) throw new IllegalStateException("ranker returned " + n + " items for user " + user + ", k = " + k);
        for (int pos = 0; pos < n; pos++) {
            int item = items[pos];
            if (item < 0 || item >= numItems) {
                throw new IllegalStateException("ranker returned item " + item + " outside [0, " + numItems + ") for user " + user);
            }
            if (excluded.test(item)) {
                throw new IllegalStateException("ranker returned training item " + item + " for user " + user);
            }
            for (int earlier = 0; earlier < pos; earlier++) {
                if (items[earlier] == item) {
                    throw new IllegalStateException("ranker returned item " + item + " twice for user " + user);
                }
            }
        }
    }

    /** Runs {@code worker} on {@code threads} threads (the calling thread alone when 1) and waits for all. */
    private static void runOnThreads(Runnable worker, int threads) {
        if (threads == 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) futures.add(pool.submit(worker));
            for (Future<?> future : futures) future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw new IllegalStateException("ranking worker failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ranking users", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
