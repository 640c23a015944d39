package io.twotower.benchmarks;

import io.twotower.engine.kernels.Parallel;
import io.twotower.engine.kernels.TopK;
import io.twotower.engine.kernels.VectorKernels;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Retrieval: one user vector against a catalogue of item vectors (1,000,000 x 32 floats, 128 MB), the
 * 100 best by dot product, best first.
 *
 * <p>Variants: score every item with a plain loop into an array, then select with a
 * {@link PriorityQueue} (the obvious Java); {@link TopK#topK} (fused blocked scoring and heap) on one
 * thread and on every core; and a "stream" reference that only sums the 128 MB on every core, the
 * fastest any single pass over the catalogue can be. The catalogue is far bigger than the caches, so
 * a good top-k is bound by memory bandwidth: its time over the stream's is how far it is from that limit.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class TopKBenchmark {

    @Param({"1000000"})
    public int numItems;

    @Param({"32"})
    public int dim;

    @Param({"100"})
    public int k;

    private float[] items, query, scores;
    private int[] outIndex;
    private float[] outScore;
    /** Per-part sums of the stream reference (one slot per chunk, so threads never share a slot). */
    private float[] partialSums;

    private static final int STREAM_CHUNK = 1 << 16;

    @Setup
    public void setUp() {
        items = Agreement.randomFloats(numItems * dim, 1);
        query = Agreement.randomFloats(dim, 2);
        scores = new float[numItems];
        outIndex = new int[k];
        outScore = new float[k];
        partialSums = new float[(numItems * dim + STREAM_CHUNK - 1) / STREAM_CHUNK];
        checkAgreement();
    }

    /**
     * The fast variants must return items whose exact (scalar) scores are the scalar answer's, rank by rank
     * (so a near tie broken differently by FMA rounding is accepted), and the two thread counts must return
     * the very same list. The scalar answer and the stream sum are checked against plainer references.
     */
    private void checkAgreement() {
        scalarPriorityQueue();
        float[] expectedScore = outScore.clone();
        // The reference itself: best first, and nothing left out beats its last item.
        int better = 0;
        for (int i = 0; i < numItems; i++) if (scores[i] > expectedScore[k - 1]) better++;
        for (int r = 1; r < k; r++) {
            if (expectedScore[r] > expectedScore[r - 1]) throw new IllegalStateException("scalar top-k not sorted at rank " + r);
        }
        if (better >= k) throw new IllegalStateException(better + " items beat the scalar top-k's last score, expected < " + k);
        Threads.use(1);
        checkCount("TopK (1 thread)", TopK.topK(items, numItems, dim, query, k, null, outIndex, outScore));
        int[] oneThreadIndex = outIndex.clone();
        checkRanks("TopK (1 thread)", expectedScore, oneThreadIndex);
        Threads.use(Threads.allCores());
        checkCount("TopK (all cores)", TopK.topK(items, numItems, dim, query, k, null, outIndex, outScore));
        checkRanks("TopK (all cores)", expectedScore, outIndex);
        Agreement.assertSameIndices("TopK all cores vs 1 thread", oneThreadIndex, outIndex, k);

        // The stream reference really reads everything: its float sum matches a double sum to rounding.
        double exact = 0, magnitude = 0;
        for (float v : items) {
            exact += v;
            magnitude += Math.abs(v);
        }
        double streamed = streamSum();
        if (!(Math.abs(streamed - exact) <= 1e-6 * magnitude)) {
            throw new IllegalStateException("stream sum " + streamed + " differs from the exact sum " + exact);
        }
    }

    private void checkCount(String variant, int returned) {
        if (returned != k) throw new IllegalStateException(variant + " returned " + returned + " items, expected k = " + k);
    }

    private void checkRanks(String variant, float[] expectedScore, int[] index) {
        for (int r = 0; r < k; r++) {
            Agreement.assertClose(variant + ", exact score of the item at rank " + r, expectedScore[r], scalarScore(index[r]), 1e-5);
        }
    }

    private float scalarScore(int item) {
        float sum = 0f;
        for (int d = 0; d < dim; d++) sum += items[item * dim + d] * query[d];
        return sum;
    }

    /** Score all, then keep the k best in a min-heap whose head is the worst kept (lower score, then higher index). */
    @Benchmark
    public int[] scalarPriorityQueue() {
        for (int i = 0; i < numItems; i++) scores[i] = scalarScore(i);
        PriorityQueue<Integer> kept = new PriorityQueue<>(k, (i, j) ->
                scores[i] != scores[j] ? Float.compare(scores[i], scores[j]) : Integer.compare(j, i));
        for (int i = 0; i < numItems; i++) {
            if (kept.size() < k) {
                kept.add(i);
            } else {
                int worst = kept.peek();
                if (scores[i] > scores[worst]) { // equal scores: the kept one has the lower index and wins
                    kept.poll();
                    kept.add(i);
                }
            }
        }
        for (int r = kept.size() - 1; r >= 0; r--) { // drain worst first into the back
            int item = kept.poll();
            outIndex[r] = item;
            outScore[r] = scores[item];
        }
        return outIndex;
    }

    /** TopK on the calling thread only (see {@link Threads} for why the count is set on every call). */
    @Benchmark
    public int[] topKOneThread() {
        Threads.use(1);
        TopK.topK(items, numItems, dim, query, k, null, outIndex, outScore);
        return outIndex;
    }

    @Benchmark
    public int[] topKAllCores() {
        Threads.use(Threads.allCores());
        TopK.topK(items, numItems, dim, query, k, null, outIndex, outScore);
        return outIndex;
    }

    /** Memory bandwidth reference: reads all numItems x dim floats once, on every core, and does one add per float. */
    @Benchmark
    public float streamSum() {
        Threads.use(Threads.allCores());
        int total = numItems * dim;
        Parallel.forRange(partialSums.length, 1, (from, to) -> {
            for (int chunk = from; chunk < to; chunk++) {
                int start = chunk * STREAM_CHUNK;
                partialSums[chunk] = VectorKernels.sum(items, start, Math.min(STREAM_CHUNK, total - start));
            }
        });
        return VectorKernels.sum(partialSums, 0, partialSums.length);
    }
}
