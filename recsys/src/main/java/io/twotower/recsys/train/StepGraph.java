package io.twotower.recsys.train;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.kernels.Parallel;
import io.twotower.engine.loss.Loss;
import io.twotower.engine.ops.Ops;
import io.twotower.recsys.model.ModelConfig;
import io.twotower.recsys.model.TwoTowerModel;

/**
 * The training computation for one batch size, recorded once and replayed every step:
 *
 * <pre>
 *   userX (B, du) -> userTower -> l2Normalize -> û (B, d) ┐
 *                                                          ├─ rowDot -> s (B, 1) [× logitScale] -> loss(s, target)
 *   itemX (B, di) -> itemTower -> l2Normalize -> v̂ (B, d) ┘
 * </pre>
 *
 * It is kept as three tapes: one per tower and a small "head" (dot product and loss). The towers share
 * nothing until the head, so their forward and backward passes run at the same time on two cores
 * ({@link Parallel#both}); at small batch sizes, where a single matrix product is too small to split,
 * that is what keeps both cores busy. The result is the same as one tape, bit for bit.
 *
 * <p>Each step only overwrites {@code userX}, {@code itemX} and {@code target} in place, then replays:
 * towers forward, head forward, head backward (which leaves dL/dû and dL/dv̂), towers backward from
 * those. Nothing is allocated per step.
 */
final class StepGraph {
    final int batchSize;
    final Tensor userX;
    final Tensor itemX;
    final Tensor target;
    final Tensor score;
    final Tensor loss;
    private final Tensor userVec;
    private final Tensor itemVec;
    private final Graph userGraph = new Graph();
    private final Graph itemGraph = new Graph();
    private final Graph head = new Graph();
    // The four halves of a step, made once: lambdas allocated per step would be garbage.
    private final Runnable userForward;
    private final Runnable itemForward;
    private final Runnable userBackward;
    private final Runnable itemBackward;

    StepGraph(TwoTowerModel model, Loss lossFunction, int batchSize) {
        this.batchSize = batchSize;
        // Inputs carry no gradient: the first dense layer of each tower then skips dL/dx entirely.
        userX = Tensor.zeros(batchSize, model.features().userDim()).named("user_features");
        itemX = Tensor.zeros(batchSize, model.features().itemDim()).named("item_features");
        target = Tensor.zeros(batchSize, 1).named("target");
        userVec = Ops.l2NormalizeRows(userGraph, model.userTower().forward(userGraph, userX));
        itemVec = Ops.l2NormalizeRows(itemGraph, model.itemTower().forward(itemGraph, itemX));
        Tensor cosine = Ops.rowDot(head, userVec, itemVec);
        ModelConfig config = model.config();
        score = config.objective() == ModelConfig.Objective.IMPLICIT
                ? Ops.scale(head, cosine, config.logitScale())
                : cosine;
        loss = lossFunction.compute(head, score, target);
        userForward = () -> {
            userGraph.forward();
            userGraph.zeroGrad();
        };
        itemForward = () -> {
            itemGraph.forward();
            itemGraph.zeroGrad();
        };
        userBackward = () -> userGraph.backward(userVec, userVec.grad());
        itemBackward = () -> itemGraph.backward(itemVec, itemVec.grad());
    }

    /** Copies example rows into the input tensors: rows of the precomputed feature matrices. */
    void gather(TrainingExamples examples, int[] order, int start, float[] userMatrix, float[] itemMatrix) {
        int du = userX.cols();
        int di = itemX.cols();
        float[] u = userX.data();
        float[] it = itemX.data();
        float[] t = target.data();
        for (int r = 0; r < batchSize; r++) {
            int e = order[start + r];
            System.arraycopy(userMatrix, examples.users()[e] * du, u, r * du, du);
            System.arraycopy(itemMatrix, examples.items()[e] * di, it, r * di, di);
            t[r] = examples.targets()[e];
        }
    }

    /** forward, zero gradients, backward; returns the batch's mean loss. */
    float forwardBackward() {
        Parallel.both(userForward, itemForward);
        head.forward();
        head.zeroGrad();
        head.backward(loss);
        Parallel.both(userBackward, itemBackward);
        return loss.item();
    }

    /** forward only (validation): returns the batch's mean loss. */
    float forwardOnly() {
        Parallel.both(userGraph::forward, itemGraph::forward);
        head.forward();
        return loss.item();
    }
}
