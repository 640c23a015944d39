package io.twotower.engine.ops;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Op;
import io.twotower.engine.kernels.Matmul;
import io.twotower.engine.kernels.VectorKernels;

/**
 * A fully connected layer in one op: matmul, bias and optional ReLU, forward in one pass over y
 * ({@link Matmul#matmulBias}) and the ReLU's and bias's backward in one pass over dy.
 * x is (B, in), W is (in, out), b is (out,), y is (B, out); y = relu?(x · W + b).
 *
 * <p>Backward: dz = relu'(y) ⊙ dy (or dz = dy without ReLU), dW += xᵀ · dz, db += Σ_rows dz,
 * dx += dz · Wᵀ. The input gradient is computed only when x requires one, so the first layer of a
 * network skips its most expensive product. Saves its output y; dz is scratch allocated here, once.
 * An input that needs no gradient is data (the features at the first layer): forward rejects NaN and
 * infinite values in it, naming the row and column (O(B·in), next to the product's O(B·in·out)).
 */
public final class DenseOp extends Op {
    private final Tensor x, weights, bias;
    private final boolean relu;
    private final int batch, in, out;
    /** relu'(y) ⊙ dy; only needed with ReLU (otherwise dz is dy itself). */
    private final float[] dz;
    /** "dense+relu (user.dense0.kernel)": this op in error messages (made once: no string building per step). */
    private final String label;

    public DenseOp(Tensor x, Tensor weights, Tensor bias, boolean relu) {
        super(relu ? "dense+relu" : "dense", Tensor.zeros(x.rows(), weights.cols()), x, weights, bias);
        if (x.rank() != 2 || weights.rank() != 2 || x.cols() != weights.rows()) {
            throw new IllegalArgumentException("dense: cannot multiply " + x.shapeString() + " by " + weights.shapeString()
                    + (weights.name() == null ? "" : " (" + weights.name() + ")"));
        }
        if (bias.rows() != 1 || bias.cols() != weights.cols()) {
            throw new IllegalArgumentException("dense: bias " + bias.shapeString() + " does not match weights " + weights.shapeString());
        }
        this.x = x;
        this.weights = weights;
        this.bias = bias;
        this.relu = relu;
        this.batch = x.rows();
        this.in = weights.rows();
        this.out = weights.cols();
        this.dz = relu ? new float[batch * out] : null;
        this.label = name() + (weights.name() == null ? "" : " (" + weights.name() + ")");
    }

    @Override
    public void forward() {
        // Data fed in (features, not an activation or a parameter): a NaN is reported here, not as a NaN score.
        if (!x.requiresGrad()) InputChecks.checkFinite(label, "input", x);
        float[] y = output.data();
        Matmul.matmulBias(x.data(), weights.data(), bias.data(), y, batch, in, out, relu); // y = relu?(x · W + b), one pass
    }

    @Override
    public void backward() {
        float[] dy = output.grad();
        float[] dPre = relu ? dz : dy;
        if (relu && bias.requiresGrad()) {
            // dz = (y > 0) ⊙ dy and db (out) += Σ_rows dz, in one sweep over dy
            VectorKernels.reluBackwardSumRows(output.data(), dy, dz, bias.grad(), batch, out);
        } else {
            if (relu) VectorKernels.reluBackward(output.data(), dy, dz, 0, dz.length); // dz = (y > 0) ⊙ dy
            if (bias.requiresGrad()) VectorKernels.sumRows(dPre, batch, out, bias.grad(), true); // db += Σ_rows dz
        }
        // dW (in, out) += xᵀ · dz, x is (B, in)
        if (weights.requiresGrad()) Matmul.matmulTransA(x.data(), dPre, weights.grad(), in, batch, out, true);
        // dx (B, in) += dz · Wᵀ, W is (in, out)
        if (x.requiresGrad()) Matmul.matmulTransB(dPre, weights.data(), x.grad(), batch, out, in, true);
    }
}
