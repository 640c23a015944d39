package io.twotower.recsys.inspect;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.ops.Ops;
import io.twotower.recsys.model.TwoTowerModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Integrated gradients (Sundararajan, Taly and Yan, 2017) for the two-tower cosine score
 * s(x) = û(x_u) · v̂(x_i), where x = (x_u, x_i) joins the user's and the item's feature vectors.
 *
 * <p>Along the straight path x(α) = x' + α (x − x') from a baseline x' to the input x, the
 * contribution of feature j is
 * <pre>
 *   IG_j = (x_j − x'_j) · ∫₀¹ ∂s/∂x_j (x(α)) dα
 * </pre>
 * and, by the fundamental theorem of calculus along the path, Σ_j IG_j = s(x) − s(x') (completeness).
 * The integral is taken with the trapezoid rule on m steps, α_k = k / m, weights 1/(2m) at both ends
 * and 1/m inside; the gap Σ IG − (s(x) − s(x')) is that rule's error (O(1/m²) where the gradient is
 * smooth; a ReLU switching on or off along the path makes the gradient jump, which adds an O(1/m)
 * term per crossing). It is reported, not hidden. One caveat: a tower output of exactly zero on the
 * path (an untrained model with zero biases at x' = 0) is a singular point of the L2 normalisation, where
 * s itself jumps; no quadrature covers a jump, and the gap then shows it.
 *
 * <p>All m + 1 path points go through the towers as one batch on a fresh graph, with the inputs
 * marked as requiring a gradient. Because row k of the score depends only on row k of the inputs,
 * one backward pass seeded with the trapezoid weights w_k gives Σ_k w_k ∂s_k/∂x in one sweep:
 * row k of the input gradient is w_k ∂s_k/∂x_k, and summing rows integrates.
 */
public final class IntegratedGradients {
    /** Default number of trapezoid intervals. */
    public static final int DEFAULT_STEPS = 64;

    private IntegratedGradients() {}

    /**
     * Explains the score of (user features, item features) against a baseline pair.
     *
     * @param baselineName how the baseline was chosen, for the report
     */
    public static Explanation explain(TwoTowerModel model, float[] user, float[] item, float[] userBaseline,
                                      float[] itemBaseline, int steps, String baselineName) {
        int du = model.features().userDim(), di = model.features().itemDim();
        requireLength("user features", user, du);
        requireLength("item features", item, di);
        requireLength("user baseline", userBaseline, du);
        requireLength("item baseline", itemBaseline, di);
        if (steps < 1 || steps > 10_000) throw new IllegalArgumentException("steps must be in 1..10000, got " + steps);

        int points = steps + 1;
        Tensor userPath = Tensor.of(interpolate(userBaseline, user, steps), points, du).requiresGrad(true);
        Tensor itemPath = Tensor.of(interpolate(itemBaseline, item, steps), points, di).requiresGrad(true);
        Graph g = new Graph();
        Tensor u = Ops.l2NormalizeRows(g, model.userTower().forward(g, userPath));
        Tensor v = Ops.l2NormalizeRows(g, model.itemTower().forward(g, itemPath));
        Tensor score = Ops.rowDot(g, u, v); // (points, 1): s(x(α_k)) in row k

        float[] weights = new float[points];
        for (int k = 0; k < points; k++) weights[k] = (k == 0 || k == steps) ? 0.5f / steps : 1f / steps;
        g.backward(score, weights);

        List<Explanation.Contribution> userParts = contributions("user", model.features().userFeatureNames(),
                user, userBaseline, userPath.grad());
        List<Explanation.Contribution> itemParts = contributions("item", model.features().itemFeatureNames(),
                item, itemBaseline, itemPath.grad());
        float[] s = score.data();
        return new Explanation(s[steps], s[0], userParts, itemParts, steps, baselineName);
    }

    /** Rows k = 0..m of x' + (k/m)(x − x'), row-major. */
    static float[] interpolate(float[] baseline, float[] x, int steps) {
        int d = x.length;
        float[] path = new float[(steps + 1) * d];
        for (int k = 0; k <= steps; k++) {
            float alpha = (float) k / steps;
            for (int j = 0; j < d; j++) path[k * d + j] = baseline[j] + alpha * (x[j] - baseline[j]);
        }
        return path;
    }

    /** IG_j = (x_j − x'_j) · Σ_k w_k ∂s_k/∂x_kj, where the weighted gradient rows are in {@code grad}. */
    private static List<Explanation.Contribution> contributions(String tower, List<String> names, float[] x,
                                                                float[] baseline, float[] grad) {
        int d = x.length, points = grad.length / d;
        List<Explanation.Contribution> out = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            double integral = 0;
            for (int k = 0; k < points; k++) integral += grad[k * d + j];
            out.add(new Explanation.Contribution(tower, names.get(j), x[j], baseline[j], (x[j] - baseline[j]) * integral));
        }
        return out;
    }

    private static void requireLength(String what, float[] v, int expected) {
        if (v.length != expected) {
            throw new IllegalArgumentException(what + " have " + v.length + " values, the model's tower takes " + expected);
        }
    }
}
