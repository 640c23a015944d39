package io.twotower.engine.nn;

import static io.twotower.engine.GradientCheck.check;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twotower.engine.GradientCheck;
import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.loss.MeanSquaredError;
import io.twotower.engine.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A whole two-tower model: a user tower and an item tower (ReLU hidden layer, linear output), each output
 * L2-normalised, score = per-row dot product, MSE against targets. The gradient of every weight is checked
 * against central differences of a double-precision twin written below (with an earlier contribution in
 * every gradient buffer, see {@link GradientCheck}).
 */
class TwoTowerGradientTest {

    @Test
    void gradientsOfAllEightWeightTensorsMatchCentralDifferences() {
        // User tower 5 -> 7 -> 3, item tower 4 -> 6 -> 3, batch 6: every dimension below one AVX-512 vector.
        checkTwoTowers("two towers", new Rng(99), 6, new int[] {5, 7, 3}, new int[] {4, 6, 3});
    }

    @Test
    void gradientsMatchAtWidthsThatReachTheVectorKernels() {
        // User tower 33 -> 48 -> 17, item tower 34 -> 50 -> 17, batch 9. With 16 lanes the hidden layers are
        // 3-vector matmul tiles (plus 2 scalar columns at 50), the outputs a 1-vector tile plus 1 column, the
        // L2-normalisation and the dot run a vector and a tail, and 9 rows leave a one-row strip.
        checkTwoTowers("two towers, wide", new Rng(98), 9, new int[] {33, 48, 17}, new int[] {34, 50, 17});
    }

    /** Builds both towers ({in, hidden, out} each), checks every weight's gradient, and counts them. */
    static void checkTwoTowers(String label, Rng rng, int batch, int[] userSizes, int[] itemSizes) {
        Sequential user = Sequential.mlp("user", userSizes[0], new int[] {userSizes[1], userSizes[2]}, rng);
        Sequential item = Sequential.mlp("item", itemSizes[0], new int[] {itemSizes[1], itemSizes[2]}, rng);
        Tensor userFeatures = GradientCheck.random(rng, batch, userSizes[0]).requiresGrad(false);
        Tensor itemFeatures = GradientCheck.random(rng, batch, itemSizes[0]).requiresGrad(false);
        Tensor targets = GradientCheck.random(rng, batch, 1).requiresGrad(false);
        // Glorot init with zero biases: give the biases values so their gradients are not trivially symmetric.
        List<Tensor> params = new ArrayList<>(user.parameters());
        params.addAll(item.parameters());
        for (Tensor p : params) if (p.rank() == 1) for (int i = 0; i < p.size(); i++) p.data()[i] = rng.uniform(-0.3f, 0.3f);

        // Inputs: the 8 parameter tensors (user: W0 b0 W1 b1, item: W0 b0 W1 b1), then the constants.
        List<Tensor> inputs = new ArrayList<>(params);
        inputs.add(userFeatures);
        inputs.add(itemFeatures);
        inputs.add(targets);

        int out = userSizes[2];
        GradientCheck.Result result = check(label, inputs.toArray(new Tensor[0]), (g, in) -> {
            Tensor u = Ops.l2NormalizeRows(g, user.forward(g, userFeatures));
            Tensor v = Ops.l2NormalizeRows(g, item.forward(g, itemFeatures));
            return new MeanSquaredError().compute(g, Ops.rowDot(g, u, v), targets);
        }, x -> {
            double[] u = towerRef(x[8], batch, userSizes[0], x[0], x[1], userSizes[1], x[2], x[3], out);
            double[] v = towerRef(x[9], batch, itemSizes[0], x[4], x[5], itemSizes[1], x[6], x[7], out);
            double loss = 0;
            for (int r = 0; r < batch; r++) {
                double score = 0;
                for (int c = 0; c < out; c++) score += u[r * out + c] * v[r * out + c];
                loss += (score - x[10][r]) * (score - x[10][r]);
            }
            return new double[] {loss / batch};
        });
        int weights = 0;
        for (int[] sizes : new int[][] {userSizes, itemSizes}) {
            weights += sizes[0] * sizes[1] + sizes[1] + sizes[1] * sizes[2] + sizes[2];
        }
        assertEquals(weights, result.gradientsChecked());
    }

    /** normalize(relu(x W0 + b0) W1 + b1) for x (batch, in), in double. */
    static double[] towerRef(double[] x, int batch, int in, double[] w0, double[] b0, int hidden, double[] w1, double[] b1,
                             int out) {
        double[] h = new double[batch * hidden];
        for (int r = 0; r < batch; r++)
            for (int j = 0; j < hidden; j++) {
                double z = b0[j];
                for (int p = 0; p < in; p++) z += x[r * in + p] * w0[p * hidden + j];
                h[r * hidden + j] = Math.max(0, z);
            }
        double[] y = new double[batch * out];
        for (int r = 0; r < batch; r++) {
            double sumSq = 0;
            for (int j = 0; j < out; j++) {
                double z = b1[j];
                for (int p = 0; p < hidden; p++) z += h[r * hidden + p] * w1[p * out + j];
                y[r * out + j] = z;
                sumSq += z * z;
            }
            double norm = Math.sqrt(Math.max(sumSq, 1e-12));
            for (int j = 0; j < out; j++) y[r * out + j] /= norm;
        }
        return y;
    }
}
