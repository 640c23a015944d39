package io.twotower.engine.loss;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.ops.BinaryCrossEntropyWithLogitsOp;
import io.twotower.engine.ops.Ops;

/**
 * Binary cross-entropy on logits z against labels y in [0, 1], averaged over all n elements, in the
 * stable form max(z, 0) - z·y + log(1 + e^-|z|) (no overflow for large |z|);
 * dL/dz = (σ(z) - y) / n.
 */
public final class BinaryCrossEntropyWithLogits implements Loss {
    @Override
    public Tensor compute(Graph g, Tensor logits, Tensor target) { return Ops.binaryCrossEntropyWithLogits(g, logits, target); }

    @Override
    public String name() { return BinaryCrossEntropyWithLogitsOp.NAME; }
}
