package io.twotower.engine.ops;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Op;
import io.twotower.engine.kernels.VectorKernels;

/**
 * Multiplication by a constant. x and y have the same shape; y = α · x.
 * Backward: dx += α · dy. Saves nothing.
 */
public final class ScaleOp extends Op {
    private final Tensor x;
    private final float alpha;

    public ScaleOp(Tensor x, float alpha) {
        super("scale", Tensor.zeros(x.shape()), x);
        if (!Float.isFinite(alpha)) throw new IllegalArgumentException("scale: the factor must be finite, got " + alpha);
        this.x = x;
        this.alpha = alpha;
    }

    @Override
    public void forward() {
        VectorKernels.scale(alpha, x.data(), 0, output.data(), 0, x.size());
    }

    @Override
    public void backward() {
        if (x.requiresGrad()) VectorKernels.axpy(alpha, output.grad(), 0, x.grad(), 0, x.size());
    }
}
