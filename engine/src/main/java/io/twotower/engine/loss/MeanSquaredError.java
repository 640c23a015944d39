package io.twotower.engine.loss;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.ops.MeanSquaredErrorOp;
import io.twotower.engine.ops.Ops;

/** L = (1/n) Σ (prediction - target)², over all n elements; dL/dprediction = 2 (prediction - target) / n. */
public final class MeanSquaredError implements Loss {
    @Override
    public Tensor compute(Graph g, Tensor prediction, Tensor target) { return Ops.meanSquaredError(g, prediction, target); }

    @Override
    public String name() { return MeanSquaredErrorOp.NAME; }
}
