package io.twotower.engine.ops;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Op;

/**
 * Mean squared error. p (prediction) and t (target) are (B, k) with n = B·k elements, y is a scalar;
 * y = (1/n) Σ (p - t)².
 * Backward: dp += dy · 2 (p - t) / n, dt -= the same. Saves nothing. Throws if p or t is NaN or infinite.
 */
public final class MeanSquaredErrorOp extends Op {
    public static final String NAME = "mse";
    private final Tensor prediction, target;

    public MeanSquaredErrorOp(Tensor prediction, Tensor target) {
        super(NAME, Tensor.zeros(1), prediction, target);
        InputChecks.checkSameShape(NAME, prediction, target);
        this.prediction = prediction;
        this.target = target;
    }

    @Override
    public void forward() {
        InputChecks.checkFinite(NAME, "prediction", prediction);
        InputChecks.checkFinite(NAME, "target", target);
        float[] p = prediction.data(), t = target.data();
        double sum = 0; // accumulate in double: the loss is reported and compared across epochs
        for (int i = 0; i < p.length; i++) {
            float diff = p[i] - t[i];
            sum += diff * diff;
        }
        output.data()[0] = (float) (sum / p.length);
    }

    @Override
    public void backward() {
        float[] p = prediction.data(), t = target.data();
        float scale = 2f * output.grad()[0] / p.length;
        if (prediction.requiresGrad()) {
            float[] dp = prediction.grad();
            for (int i = 0; i < p.length; i++) dp[i] += scale * (p[i] - t[i]);
        }
        if (target.requiresGrad()) {
            float[] dt = target.grad();
            for (int i = 0; i < p.length; i++) dt[i] -= scale * (p[i] - t[i]);
        }
    }
}
