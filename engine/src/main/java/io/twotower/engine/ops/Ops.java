package io.twotower.engine.ops;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.autograd.Op;

/**
 * The op functions: each builds its op, runs its forward once and, when {@code g} is not null,
 * records it on the graph so that {@link Graph#forward()} can replay it and {@link Graph#backward}
 * can differentiate it. With {@code g == null} (inference) nothing is recorded and no gradient
 * buffer is touched.
 */
public final class Ops {
    private Ops() {}

    private static Tensor run(Graph g, Op op) {
        op.forward();
        if (g != null) g.record(op);
        return op.output();
    }

    /** a (m, k) · b (k, n) -> (m, n). */
    public static Tensor matmul(Graph g, Tensor a, Tensor b) { return run(g, new MatMulOp(a, b)); }

    /** x (B, n) + bias (n,) on every row -> (B, n). */
    public static Tensor addBias(Graph g, Tensor x, Tensor bias) { return run(g, new AddBiasOp(x, bias)); }

    /** max(0, x), elementwise. */
    public static Tensor relu(Graph g, Tensor x) { return run(g, new ReluOp(x)); }

    /** 1 / (1 + e^-x), elementwise. */
    public static Tensor sigmoid(Graph g, Tensor x) { return run(g, new SigmoidOp(x)); }

    /** Each row of x (B, d) divided by max(its L2 norm, 1e-6), as tf.math.l2_normalize(axis=1). */
    public static Tensor l2NormalizeRows(Graph g, Tensor x) { return run(g, new L2NormalizeRowsOp(x)); }

    /** Per-row dot product: a (B, d), b (B, d) -> (B, 1). */
    public static Tensor rowDot(Graph g, Tensor a, Tensor b) { return run(g, new RowDotOp(a, b)); }

    /** Mean of all elements -> scalar (1,). */
    public static Tensor mean(Graph g, Tensor x) { return run(g, new MeanOp(x)); }

    /** Fused fully connected layer: relu?(x (B, in) · W (in, out) + b (out,)) -> (B, out). */
    public static Tensor dense(Graph g, Tensor x, Tensor weights, Tensor bias, boolean relu) {
        return run(g, new DenseOp(x, weights, bias, relu));
    }

    /** Mean squared error of prediction against target (same shape) -> scalar. */
    public static Tensor meanSquaredError(Graph g, Tensor prediction, Tensor target) {
        return run(g, new MeanSquaredErrorOp(prediction, target));
    }

    /** Mean binary cross-entropy of logits against labels in [0, 1] (same shape) -> scalar. */
    public static Tensor binaryCrossEntropyWithLogits(Graph g, Tensor logits, Tensor target) {
        return run(g, new BinaryCrossEntropyWithLogitsOp(logits, target));
    }
}
