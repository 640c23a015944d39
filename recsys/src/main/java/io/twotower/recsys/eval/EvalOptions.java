package io.twotower.recsys.eval;

/**
 * Settings of an evaluation.
 *
 * @param k                  length of the recommendation list (the K of Precision@K etc.), at least 1
 * @param relevanceThreshold a test item is relevant to its user when its test rating is at least this
 * @param threads            users are ranked on this many threads (1 = the calling thread only);
 *                           results are identical for every thread count
 */
public record EvalOptions(int k, float relevanceThreshold, int threads) {
    public static final int DEFAULT_K = 10;
    public static final float DEFAULT_RELEVANCE_THRESHOLD = 4.0f;

    public EvalOptions {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (Float.isNaN(relevanceThreshold)) throw new IllegalArgumentException("relevanceThreshold is NaN");
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }

    /** K = 10, relevant = rating >= 4.0, one thread. */
    public static EvalOptions defaults() {
        return new EvalOptions(DEFAULT_K, DEFAULT_RELEVANCE_THRESHOLD, 1);
    }

    public EvalOptions withK(int newK) { return new EvalOptions(newK, relevanceThreshold, threads); }

    public EvalOptions withRelevanceThreshold(float threshold) { return new EvalOptions(k, threshold, threads); }

    public EvalOptions withThreads(int newThreads) { return new EvalOptions(k, relevanceThreshold, newThreads); }
}
