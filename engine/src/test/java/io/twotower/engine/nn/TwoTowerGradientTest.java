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
 * A whole two-tower model: user tower 5 -> 7 -> 3 and item tower 4 -> 6 -> 3 (ReLU hidden, linear
 * out), each output L2-normalised, score = per-row dot product, MSE against targets. The gradient of
 * every weight is checked against central differences of a double-precision twin written below.
 */
class TwoTowerGradientTest {
    static final int BATCH = 6;

    @Test
    void gradientsOfAllEightWeightTensorsMatchCentralDifferences() {
        Rng rng = new Rng(99);
        Sequential user = Sequential.mlp("user", 5, new int[] {7, 3}, rng);
        Sequential item = Sequential.mlp("item", 4, new int[] {6, 3}, rng);
        Tensor userFeatures = GradientCheck.random(rng, BATCH, 5).requiresGrad(false);
        Tensor itemFeatures = GradientCheck.random(rng, BATCH, 4).requiresGrad(false);
        Tensor targets = GradientCheck.random(rng, BATCH, 1).requiresGrad(false);
        // Glorot init with zero biases: give the biases values so their gradients are not trivially symmetric.
        List<Tensor> params = new ArrayList<>(user.parameters());
        params.addAll(item.parameters());
        for (Tensor p : params) if (p.rank() == 1) for (int i = 0; i < p.size(); i++) p.data()[i] = rng.uniform(-0.3f, 0.3f);

        // Inputs: the 8 parameter tensors (user: W0 b0 W1 b1, item: W0 b0 W1 b1), then the constants.
        List<Tensor> inputs = new ArrayList<>(params);
        inputs.add(userFeatures);
        inputs.add(itemFeatures);
        inputs.add(targets);

        GradientCheck.Result result = check("two towers", inputs.toArray(new Tensor[0]), (g, in) -> {
            Tensor u = Ops.l2NormalizeRows(g, user.forward(g, userFeatures));
            Tensor v = Ops.l2NormalizeRows(g, item.forward(g, itemFeatures));
            return new MeanSquaredError().compute(g, Ops.rowDot(g, u, v), targets);
        }, x -> {
            double[] u = towerRef(x[8], 5, x[0], x[1], 7, x[2], x[3], 3);
            double[] v = towerRef(x[9], 4, x[4], x[5], 6, x[6], x[7], 3);
            double loss = 0;
            for (int r = 0; r < BATCH; r++) {
                double score = 0;
                for (int c = 0; c < 3; c++) score += u[r * 3 + c] * v[r * 3 + c];
                loss += (score - x[10][r]) * (score - x[10][r]);
            }
            return new double[] {loss / BATCH};
        });
        int weights = 5 * 7 + 7 + 7 * 3 + 3 + 4 * 6 + 6 + 6 * 3 + 3;
        assertEquals(weights, result.gradientsChecked());
    }

    /** normalize(relu(x W0 + b0) W1 + b1), in double. */
    static double[] towerRef(double[] x, int in, double[] w0, double[] b0, int hidden, double[] w1, double[] b1, int out) {
        double[] h = new double[BATCH * hidden];
        for (int r = 0; r < BATCH; r++)
            for (int j = 0; j < hidden; j++) {
                double z = b0[j];
                for (int p = 0; p < in; p++) z += x[r * in + p] * w0[p * hidden + j];
                h[r * hidden + j] = Math.max(0, z);
            }
        double[] y = new double[BATCH * out];
        for (int r = 0; r < BATCH; r++) {
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
