package io.twotower.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        Rng rng = new Rng(1);
        Sequential user = Sequential.mlp("user", 5, new int[] {16, 8}, rng);
        Sequential item = Sequential.mlp("item", 4, new int[] {16, 8}, rng);
        Tensor userFeatures = Tensor.zeros(32, 5), itemFeatures = Tensor.zeros(32, 4), targets = Tensor.zeros(32, 1);
        Graph g = new Graph();
        Tensor score = Ops.rowDot(g, Ops.l2NormalizeRows(g, user.forward(g, userFeatures)),
                Ops.l2NormalizeRows(g, item.forward(g, itemFeatures)));
        Tensor loss = new MeanSquaredError().compute(g, score, targets);
        List<Tensor> params = new ArrayList<>(user.parameters());
        params.addAll(item.parameters());
        Optimizer adam = new Adam(params, 0.01f);

        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.getCurrentThreadAllocatedBytes(); // warm up the counter itself
        long allocated = -1;
        int rounds = 0;
        // Warm up in rounds of 2,000 steps (JIT compilation), then look at a window of 20 steps.
        while (allocated != 0 && rounds++ < 40) {
            for (int step = 0; step < 2_000; step++) step(g, loss, adam, userFeatures, rng);
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int step = 0; step < 20; step++) step(g, loss, adam, userFeatures, rng);
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated, "bytes allocated by 20 training steps after " + rounds + " warm-up rounds");
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
