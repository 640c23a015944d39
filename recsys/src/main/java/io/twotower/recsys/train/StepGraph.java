package io.twotower.recsys.train;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.kernels.Parallel;
import io.twotower.engine.loss.Loss;
import io.twotower.engine.optim.Optimizer;
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
 * nothing until the head, so each tower's whole part of a step runs on its own core ({@link Parallel#both}):
 * <ol>
 *   <li>forward: gather the batch's feature rows of this tower, replay the tower, zero its gradients;</li>
 *   <li>the head, on one core: loss forward and backward, which leaves dL/dû and dL/dv̂;</li>
 *   <li>backward: replay the tower's backward from dL/dû (or dL/dv̂), then, when the step is fused,
 *       the optimizer's update of this tower's parameters, while its weights and gradients are still in
 *       this core's cache.</li>
 * </ol>
 * At small batch sizes, where a single matrix product is too small to split over the cores, this is what
 * keeps both busy. The result is the same as one tape and a separate optimizer step, bit for bit: every
 * kernel's result is independent of the thread it runs on, and each parameter's update reads only its
 * own gradient.
 *
 * <p>Each step only overwrites {@code userX}, {@code itemX} and {@code target} in place. Nothing is
 * allocated per step: the four halves are lambdas made once.
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
    /** The precomputed feature matrices the batches' rows are copied from (one row per user / item). */
    private final float[] userMatrix, itemMatrix;
    // The batch of the current step: examples order[start .. start + batchSize).
    private TrainingExamples examples;
    private int[] order;
    private int start;
    private boolean zeroGradients;
    // The halves of a step, made once: lambdas allocated per step would be garbage.
    private final Runnable userForward, itemForward, userBackward, itemBackward;
    /** Backward, then the optimizer's update of the tower's parameters; null when the step cannot be fused. */
    private final Runnable userBackwardUpdate, itemBackwardUpdate;

    /**
     * @param optimizer an optimizer whose {@link Optimizer#parameters()} are {@code model.parameters()} (the user
     *                  tower's, then the item tower's), so each tower's update can run on its thread; or null
     */
    StepGraph(TwoTowerModel model, Loss lossFunction, int batchSize, Optimizer optimizer) {
        this.batchSize = batchSize;
        this.userMatrix = model.features().userMatrix();
        this.itemMatrix = model.features().itemMatrix();
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
            gatherUsers();
            userGraph.forward();
            if (zeroGradients) userGraph.zeroGrad();
        };
        itemForward = () -> {
            gatherItems();
            itemGraph.forward();
            if (zeroGradients) itemGraph.zeroGrad();
        };
        userBackward = () -> userGraph.backward(userVec, userVec.grad());
        itemBackward = () -> itemGraph.backward(itemVec, itemVec.grad());
        if (optimizer == null) {
            userBackwardUpdate = itemBackwardUpdate = null;
        } else {
            int userParameters = model.userTower().parameters().size();
            int allParameters = optimizer.parameters().size();
            userBackwardUpdate = () -> {
                userBackward.run();
                optimizer.update(0, userParameters);
            };
            itemBackwardUpdate = () -> {
                itemBackward.run();
                optimizer.update(userParameters, allParameters);
            };
        }
    }

    /** True when {@link #backward(boolean)} can apply the optimizer's update inside each tower's half. */
    boolean canFuseUpdate() {
        return userBackwardUpdate != null;
    }

    /**
     * Forward for the examples order[start .. start + batchSize): each tower copies its rows of the
     * precomputed feature matrices into its input and runs forward, both at once; then the head.
     * Returns the batch's mean loss. With {@code training}, the gradients are zeroed for a backward pass.
     */
    float forward(TrainingExamples examples, int[] order, int start, boolean training) {
        this.examples = examples;
        this.order = order;
        this.start = start;
        this.zeroGradients = training;
        Parallel.both(userForward, itemForward);
        head.forward();
        return loss.item();
    }

    /**
     * Backward from the loss of the last {@link #forward}: the head, then both towers at once. With
     * {@code update} (only when {@link #canFuseUpdate()}, after the optimizer's {@code beginStep()}), each
     * tower's half then updates that tower's parameters.
     */
    void backward(boolean update) {
        head.zeroGrad();
        head.backward(loss);
        if (update) Parallel.both(userBackwardUpdate, itemBackwardUpdate);
        else Parallel.both(userBackward, itemBackward);
    }

    /** The batch's user rows and targets: rows of the user feature matrix. */
    private void gatherUsers() {
        int du = userX.cols();
        float[] u = userX.data();
        float[] t = target.data();
        int[] users = examples.users();
        float[] targets = examples.targets();
        for (int r = 0; r < batchSize; r++) {
            int e = order[start + r];
            System.arraycopy(userMatrix, users[e] * du, u, r * du, du);
            t[r] = targets[e];
        }
    }

    /** The batch's item rows: rows of the item feature matrix. */
    private void gatherItems() {
        int di = itemX.cols();
        float[] it = itemX.data();
        int[] items = examples.items();
        for (int r = 0; r < batchSize; r++) {
            System.arraycopy(itemMatrix, items[order[start + r]] * di, it, r * di, di);
        }
    }
}
