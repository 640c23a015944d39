package io.twotower.recsys.train;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
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
 * Each step only overwrites {@code userX}, {@code itemX} and {@code target} in place, then replays the
 * graph: forward, zero the gradients, backward. Nothing is allocated per step.
 */
final class StepGraph {
    final int batchSize;
    final Tensor userX;
    final Tensor itemX;
    final Tensor target;
    final Tensor score;
    final Tensor loss;
    private final Graph graph = new Graph();

    StepGraph(TwoTowerModel model, Loss lossFunction, int batchSize) {
        this.batchSize = batchSize;
        // Inputs carry no gradient: the first dense layer of each tower then skips dL/dx entirely.
        userX = Tensor.zeros(batchSize, model.features().userDim()).named("user_features");
        itemX = Tensor.zeros(batchSize, model.features().itemDim()).named("item_features");
        target = Tensor.zeros(batchSize, 1).named("target");
        Tensor userVec = Ops.l2NormalizeRows(graph, model.userTower().forward(graph, userX));
        Tensor itemVec = Ops.l2NormalizeRows(graph, model.itemTower().forward(graph, itemX));
        Tensor cosine = Ops.rowDot(graph, userVec, itemVec);
        ModelConfig config = model.config();
        score = config.objective() == ModelConfig.Objective.IMPLICIT
                ? Ops.scale(graph, cosine, config.logitScale())
                : cosine;
        loss = lossFunction.compute(graph, score, target);
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
        graph.forward();
        graph.zeroGrad();
        graph.backward(loss);
        return loss.item();
    }

    /** forward only (validation): returns the batch's mean loss. */
    float forwardOnly() {
        graph.forward();
        return loss.item();
    }
}
