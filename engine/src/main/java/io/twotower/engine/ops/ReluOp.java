package io.twotower.engine.ops;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Op;

/**
 * Rectified linear unit, elementwise. x and y have the same shape; y = max(0, x).
 * Backward: dx += dy where y > 0 (the derivative at 0 is taken as 0). Saves its output y.
 */
public final class ReluOp extends Op {
    private final Tensor x;

    public ReluOp(Tensor x) {
        super("relu", Tensor.zeros(x.shape()), x);
        this.x = x;
    }

    @Override
    public void forward() {
        float[] in = x.data(), y = output.data();
        for (int i = 0; i < y.length; i++) y[i] = Math.max(0f, in[i]);
    }

    @Override
    public void backward() {
        if (!x.requiresGrad()) return;
        float[] y = output.data(), dy = output.grad(), dx = x.grad();
        for (int i = 0; i < y.length; i++) {
            if (y[i] > 0f) dx[i] += dy[i];
        }
    }
}
