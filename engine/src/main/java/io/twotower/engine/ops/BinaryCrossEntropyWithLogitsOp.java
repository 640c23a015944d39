package io.twotower.engine.ops;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Op;

/**
 * Binary cross-entropy on logits. z (logits) and t (labels in [0, 1]) are (B, k) with n = B·k
 * elements, y is a scalar; per element ℓ = -t log σ(z) - (1 - t) log(1 - σ(z)), computed in the stable
 * form ℓ = max(z, 0) - z·t + log(1 + e^-|z|); y = (1/n) Σ ℓ.
 * Backward: dz += dy · (σ(z) - t) / n, dt += dy · (-z) / n. Saves nothing. Throws if z is NaN or infinite or t is outside [0, 1].
 */
public final class BinaryCrossEntropyWithLogitsOp extends Op {
    public static final String NAME = "binary_crossentropy";
    private final Tensor logits, target;

    public BinaryCrossEntropyWithLogitsOp(Tensor logits, Tensor target) {
        super(NAME, Tensor.zeros(1), logits, target);
        InputChecks.checkSameShape(NAME, logits, target);
        this.logits = logits;
        this.target = target;
    }

    @Override
    public void forward() {
        InputChecks.checkFinite(NAME, "prediction", logits);
        InputChecks.checkFinite(NAME, "target", target);
        InputChecks.checkLabels(NAME, "target", target);
        float[] z = logits.data(), t = target.data();
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            sum += Math.max(z[i], 0f) - z[i] * t[i] + Math.log1p(Math.exp(-Math.abs(z[i])));
        }
        output.data()[0] = (float) (sum / z.length);
    }

    @Override
    public void backward() {
        float[] z = logits.data(), t = target.data();
        float scale = output.grad()[0] / z.length;
        if (logits.requiresGrad()) {
            float[] dz = logits.grad();
            for (int i = 0; i < z.length; i++) dz[i] += scale * (SigmoidOp.sigmoid(z[i]) - t[i]);
        }
        if (target.requiresGrad()) {
            float[] dt = target.grad();
            for (int i = 0; i < z.length; i++) dt[i] -= scale * z[i];
        }
    }
}
