package io.twotower.engine.ops;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Op;
import io.twotower.engine.kernels.VectorKernels;

/**
 * Adds a bias to every row. x is (B, n), bias is (n,) or (1, n), y is (B, n); y[r, c] = x[r, c] + bias[c].
 * Backward: dx += dy, dbias += Σ_rows dy. Saves nothing.
 */
public final class AddBiasOp extends Op {
    private final Tensor x, bias;

    public AddBiasOp(Tensor x, Tensor bias) {
        super("addBias", Tensor.zeros(x.shape()), x, bias);
        if (bias.rows() != 1 || bias.cols() != x.cols()) {
            throw new IllegalArgumentException("addBias: cannot add bias " + bias.shapeString() + " to rows of " + x.shapeString());
        }
        this.x = x;
        this.bias = bias;
    }

    @Override
    public void forward() {
        System.arraycopy(x.data(), 0, output.data(), 0, x.size());
        VectorKernels.addBiasRows(output.data(), bias.data(), x.rows(), x.cols(), false);
    }

    @Override
    public void backward() {
        float[] dy = output.grad();
        if (x.requiresGrad()) VectorKernels.axpy(1f, dy, 0, x.grad(), 0, dy.length);
        if (bias.requiresGrad()) VectorKernels.sumRows(dy, x.rows(), x.cols(), bias.grad(), true);
    }
}
