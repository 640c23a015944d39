package io.twotower.engine.ops;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Op;
import io.twotower.engine.kernels.VectorKernels;

/**
 * Per-row dot product. a and b are (B, d), y is (B, 1); y[r] = Σ_c a[r, c] · b[r, c].
 * Backward: da[r] += dy[r] · b[r], db[r] += dy[r] · a[r]. Saves nothing.
 */
public final class RowDotOp extends Op {
    private final Tensor a, b;
    private final int rows, cols;

    public RowDotOp(Tensor a, Tensor b) {
        super("rowDot", Tensor.zeros(a.rows(), 1), a, b);
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException("rowDot: shapes differ, " + a.shapeString() + " and " + b.shapeString());
        }
        this.a = a;
        this.b = b;
        this.rows = a.rows();
        this.cols = a.cols();
    }

    @Override
    public void forward() {
        float[] y = output.data();
        for (int r = 0; r < rows; r++) y[r] = VectorKernels.dot(a.data(), r * cols, b.data(), r * cols, cols);
    }

    @Override
    public void backward() {
        float[] dy = output.grad();
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            if (a.requiresGrad()) VectorKernels.axpy(dy[r], b.data(), off, a.grad(), off, cols);
            if (b.requiresGrad()) VectorKernels.axpy(dy[r], a.data(), off, b.grad(), off, cols);
        }
    }
}
