package io.twotower.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.loss.MeanSquaredError;
import io.twotower.engine.nn.Sequential;
import io.twotower.engine.ops.Ops;
import io.twotower.engine.optim.Adam;
import io.twotower.engine.optim.Optimizer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replay contract: once a graph is built and the first backward has allocated the gradient
 * buffers, a training step (forward, zeroGrad, backward, optimizer step) allocates nothing.
 * Measured with HotSpot's per-thread allocation counter (bytes, not time).
 *
 * <p>The count includes the kernels. Vector API kernels allocate their vector objects until C2
 * compiles them (the interpreter and C1 box every vector), and when that happens depends on the JIT.
 * So the test warms up in rounds until a window of steps allocates nothing, and fails if that never
 * happens within a generous budget: steady-state training must be allocation-free.
 */
class AllocationFreeStepTest {

    @Test
    void aTwoTowerTrainingStepAllocatesNothing() {
        assertEquals(0, steadyStateAllocation(5, 4, new int[] {16, 8}, 32, 1), "bytes allocated by 20 training steps");
    }

    /**
     * The model's real tower shapes (21/23 -> 256 -> 128 -> 32) at batch 64 on two threads: the larger
     * products are split over the cores (64·256·128 = 2^21 multiply-adds, the threshold), so the hand-off to
     * the workers is counted too, on the calling thread and on the workers.
     */
    @Test
    void theSameStepSplitOverTwoThreadsAllocatesNothingEither() {
        int saved = io.twotower.engine.kernels.Parallel.threads();
        io.twotower.engine.kernels.Parallel.setThreads(2);
        try {
            assertEquals(0, steadyStateAllocation(21, 23, new int[] {256, 128, 32}, 64, 2),
                    "bytes allocated by 20 training steps, caller and kernel workers");
        } finally {
            io.twotower.engine.kernels.Parallel.setThreads(saved);
        }
    }

    /**
     * Builds a two-tower step, then warms up in rounds (JIT compilation) until a window of 20 steps allocates
     * nothing, or gives up after 40 rounds; returns the bytes the last window allocated on this thread and
     * on the kernel workers.
     */
    private static long steadyStateAllocation(int userFeatureCount, int itemFeatureCount, int[] layers, int batch, int threadCount) {
        Rng rng = new Rng(1);
        Sequential user = Sequential.mlp("user", userFeatureCount, layers, rng);
        Sequential item = Sequential.mlp("item", itemFeatureCount, layers, rng);
        Tensor userFeatures = Tensor.zeros(batch, userFeatureCount), itemFeatures = Tensor.zeros(batch, itemFeatureCount);
        Tensor targets = Tensor.zeros(batch, 1);
        Graph g = new Graph();
        Tensor score = Ops.rowDot(g, Ops.l2NormalizeRows(g, user.forward(g, userFeatures)),
                Ops.l2NormalizeRows(g, item.forward(g, itemFeatures)));
        Tensor loss = new MeanSquaredError().compute(g, score, targets);
        List<Tensor> params = new ArrayList<>(user.parameters());
        params.addAll(item.parameters());
        Optimizer adam = new Adam(params, 0.01f);

        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.getCurrentThreadAllocatedBytes(); // warm up the counter itself
        int stepsPerRound = 16_000 / batch;
        step(g, loss, adam, userFeatures, rng);   // starts the kernel workers, if any
        long[] ids = countedThreads(threadCount);
        long allocated = -1;
        int rounds = 0;
        // Warm up in rounds (JIT compilation), then look at a window of 20 steps.
        while (allocated != 0 && rounds++ < 40) {
            for (int step = 0; step < stepsPerRound; step++) step(g, loss, adam, userFeatures, rng);
            long before = allocatedBytes(threads, ids);
            for (int step = 0; step < 20; step++) step(g, loss, adam, userFeatures, rng);
            allocated = allocatedBytes(threads, ids) - before;
        }
        return allocated;
    }

    /** This thread and every kernel worker (at least threadCount - 1 of them). */
    private static long[] countedThreads(int threadCount) {
        List<Long> ids = new ArrayList<>(List.of(Thread.currentThread().threadId()));
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("twotower-kernel-")) ids.add(t.threadId());
        }
        // Idle workers (other tests may have started more) allocate nothing either: count them all.
        assertTrue(ids.size() >= threadCount, "threads taking part: " + ids);
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** Bytes allocated so far by these threads, read one thread at a time (the array form allocates its result). */
    private static long allocatedBytes(com.sun.management.ThreadMXBean threads, long[] ids) {
        long s = 0;
        for (long id : ids) s += threads.getThreadAllocatedBytes(id);
        return s;
    }

    private static void step(Graph g, Tensor loss, Optimizer optimizer, Tensor input, Rng rng) {
        float[] x = input.data();
        for (int i = 0; i < x.length; i++) x[i] = rng.uniform(-1f, 1f); // a new batch, in place
        g.forward();
        g.zeroGrad();
        g.backward(loss);
        optimizer.step();
    }
}
