package io.twotower.engine.ops;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Op;
import io.twotower.engine.kernels.Matmul;

/**
 * Matrix product. a is (m, k), b is (k, n), y is (m, n); y = a · b.
 * Backward: da += dy · bᵀ, db += aᵀ · dy. Saves nothing (a and b are read back).
 */
public final class MatMulOp extends Op {
    private final Tensor a, b;
    private final int m, k, n;

    public MatMulOp(Tensor a, Tensor b) {
        super("matmul", Tensor.zeros(a.rows(), b.cols()), a, b);
        if (a.rank() != 2 || b.rank() != 2 || a.cols() != b.rows()) {
            throw new IllegalArgumentException("matmul: cannot multiply " + a.shapeString() + " by " + b.shapeString());
        }
        this.a = a;
        this.b = b;
        this.m = a.rows();
        this.k = a.cols();
        this.n = b.cols();
    }

    @Override
    public void forward() {
        // Data fed in (no gradient needed): a NaN is reported here rather than spread through the product.
        if (!a.requiresGrad()) InputChecks.checkFinite("matmul", "left operand", a);
        if (!b.requiresGrad()) InputChecks.checkFinite("matmul", "right operand", b);
        Matmul.matmul(a.data(), b.data(), output.data(), m, k, n, false);
    }

    @Override
    public void backward() {
        float[] dy = output.grad();
        // da (m, k) += dy (m, n) · bᵀ, where b is (k, n)
        if (a.requiresGrad()) Matmul.matmulTransB(dy, b.data(), a.grad(), m, n, k, true);
        // db (k, n) += aᵀ · dy, where a is (m, k)
        if (b.requiresGrad()) Matmul.matmulTransA(a.data(), dy, b.grad(), k, m, n, true);
    }
}
