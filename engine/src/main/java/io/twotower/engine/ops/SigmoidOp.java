package io.twotower.engine.ops;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Op;

/**
 * Logistic sigmoid, elementwise. x and y have the same shape; y = 1 / (1 + e^-x).
 * Backward: dx += dy · y · (1 - y). Saves its output y.
 */
public final class SigmoidOp extends Op {
    private final Tensor x;

    public SigmoidOp(Tensor x) {
        super("sigmoid", Tensor.zeros(x.shape()), x);
        this.x = x;
    }

    /** σ(z), written so that e^z never overflows: for z < 0 use e^z / (1 + e^z). */
    static float sigmoid(float z) {
        if (z >= 0f) return 1f / (1f + (float) Math.exp(-z));
        float e = (float) Math.exp(z);
        return e / (1f + e);
    }

    @Override
    public void forward() {
        float[] in = x.data(), y = output.data();
        for (int i = 0; i < y.length; i++) y[i] = sigmoid(in[i]);
    }

    @Override
    public void backward() {
        if (!x.requiresGrad()) return;
        float[] y = output.data(), dy = output.grad(), dx = x.grad();
        for (int i = 0; i < y.length; i++) dx[i] += dy[i] * y[i] * (1f - y[i]);
    }
}
