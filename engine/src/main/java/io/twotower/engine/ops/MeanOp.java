package io.twotower.engine.ops;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Op;
import io.twotower.engine.kernels.VectorKernels;

/**
 * Mean of all elements. x has n elements, y is a scalar (1,); y = (1/n) Σ x.
 * Backward: dx += dy / n. Saves nothing.
 */
public final class MeanOp extends Op {
    private final Tensor x;

    public MeanOp(Tensor x) {
        super("mean", Tensor.zeros(1), x);
        this.x = x;
    }

    @Override
    public void forward() {
        output.data()[0] = VectorKernels.sum(x.data(), 0, x.size()) / x.size();
    }

    @Override
    public void backward() {
        if (!x.requiresGrad()) return;
        float[] dx = x.grad();
        float share = output.grad()[0] / x.size();
        for (int i = 0; i < dx.length; i++) dx[i] += share;
    }
}
