package io.twotower.engine.ops;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Op;
import io.twotower.engine.kernels.VectorKernels;

/**
 * Scales each row to unit L2 norm, as TensorFlow's {@code tf.math.l2_normalize(x, axis=1)}.
 * x and y are (B, d); for each row, s = Σ x², inv = 1 / sqrt(max(s, eps)), y = x · inv, eps = 1e-12.
 *
 * <p>Backward, per row: where s ≥ eps, dx += inv · (dy - y · (y·dy)) (the component of dy along y is
 * removed, because y cannot change length); where s < eps the norm is clamped to sqrt(eps), a
 * constant, so dx += inv · dy. (TensorFlow's maximum passes the gradient to s when s ≥ eps.)
 * Saves its output y and each row's inv.
 */
public final class L2NormalizeRowsOp extends Op {
    /** TensorFlow's default epsilon for l2_normalize. */
    public static final float EPSILON = 1e-12f;

    private final Tensor x;
    private final int rows, cols;
    private final float[] invNorm;
    private final boolean[] clamped;

    public L2NormalizeRowsOp(Tensor x) {
        super("l2NormalizeRows", Tensor.zeros(x.shape()), x);
        this.x = x;
        this.rows = x.rows();
        this.cols = x.cols();
        this.invNorm = new float[rows];
        this.clamped = new boolean[rows];
    }

    @Override
    public void forward() {
        float[] in = x.data(), y = output.data();
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            float sumSq = VectorKernels.dot(in, off, in, off, cols);
            clamped[r] = sumSq < EPSILON;
            invNorm[r] = (float) (1.0 / Math.sqrt(Math.max(sumSq, EPSILON)));
            VectorKernels.scale(invNorm[r], in, off, y, off, cols);
        }
    }

    @Override
    public void backward() {
        if (!x.requiresGrad()) return;
        float[] y = output.data(), dy = output.grad(), dx = x.grad();
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            float inv = invNorm[r];
            // dx += inv · dy
            VectorKernels.axpy(inv, dy, off, dx, off, cols);
            if (!clamped[r]) {
                // dx -= inv · (y·dy) · y: the radial part of dy does not change the output
                float radial = VectorKernels.dot(y, off, dy, off, cols);
                VectorKernels.axpy(-inv * radial, y, off, dx, off, cols);
            }
        }
    }
}
