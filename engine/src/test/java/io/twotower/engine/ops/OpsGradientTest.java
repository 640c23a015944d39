package io.twotower.engine.ops;

import static io.twotower.engine.GradientCheck.check;
import static io.twotower.engine.GradientCheck.random;
import static io.twotower.engine.GradientCheck.randomAwayFromZero;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import org.junit.jupiter.api.Test;

/**
 * Every op's backward against central differences of a double-precision reference forward written
 * here, independently of the op (see {@link io.twotower.engine.GradientCheck} for the tolerances).
 * Every check starts from gradient buffers that already hold an earlier contribution, so each op must
 * add to its inputs' gradients, not overwrite them: matmul (both inputs), dense (x, W, b, with and without
 * ReLU), addBias, relu, sigmoid, l2NormalizeRows, rowDot, scale, mean and both losses.
 *
 * <p>Small shapes are odd (3, 5, 7) so no row or column is special; below 16 columns they run the
 * kernels' scalar tails only on AVX-512. The checks at 33 to 50 columns run the vector loops too, and
 * the matmul micro-kernels: with 16 lanes, n = 50 is a 3-vector tile (4x3) and 2 scalar columns, 35 a
 * 2-vector tile (4x2) and 3, 17 a 1-vector tile (4x1) and 1; rows 9, 13 and 37 leave one-row strips.
 */
class OpsGradientTest {
    private final Rng rng = new Rng(7);

    /** Reference: c[i][j] = Σ_p a[i][p] b[p][j], with a (m, k), b (k, n). */
    static double[] matmulRef(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++) c[i * n + j] += a[i * k + p] * b[p * n + j];
        return c;
    }

    @Test
    void matmul() {
        Tensor a = random(rng, 3, 5), b = random(rng, 5, 7);
        check("matmul", new Tensor[] {a, b}, (g, in) -> Ops.matmul(g, in[0], in[1]),
                x -> matmulRef(x[0], x[1], 3, 5, 7));
    }

    @Test
    void addBiasWithRankOneBias() {
        Tensor x = random(rng, 4, 3);
        Tensor bias = Tensor.of(new float[] {0.5f, -1f, 2f}, 3).requiresGrad(true);
        check("addBias", new Tensor[] {x, bias}, (g, in) -> Ops.addBias(g, in[0], in[1]), v -> {
            double[] y = new double[12];
            for (int r = 0; r < 4; r++)
                for (int c = 0; c < 3; c++) y[r * 3 + c] = v[0][r * 3 + c] + v[1][c];
            return y;
        });
    }

    @Test
    void relu() {
        Tensor x = randomAwayFromZero(rng, 4, 5);
        check("relu", new Tensor[] {x}, (g, in) -> Ops.relu(g, in[0]), v -> {
            double[] y = new double[v[0].length];
            for (int i = 0; i < y.length; i++) y[i] = v[0][i] > 0 ? v[0][i] : 0;
            return y;
        });
    }

    @Test
    void sigmoid() {
        Tensor x = random(rng, 4, 5);
        for (int i = 0; i < x.size(); i++) x.data()[i] *= 4f; // cover the tails, not just the linear middle
        check("sigmoid", new Tensor[] {x}, (g, in) -> Ops.sigmoid(g, in[0]), v -> {
            double[] y = new double[v[0].length];
            for (int i = 0; i < y.length; i++) y[i] = 1 / (1 + Math.exp(-v[0][i]));
            return y;
        });
    }

    /** Reference for tf.math.l2_normalize(axis=1): y = x / sqrt(max(Σx², 1e-12)), row by row, in double. */
    static double[] l2NormalizeRef(double[] x, int rows, int cols) {
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double sumSq = 0;
            for (int c = 0; c < cols; c++) sumSq += x[r * cols + c] * x[r * cols + c];
            double norm = Math.sqrt(Math.max(sumSq, 1e-12));
            for (int c = 0; c < cols; c++) y[r * cols + c] = x[r * cols + c] / norm;
        }
        return y;
    }

    @Test
    void l2NormalizeRowsIncludingANearZeroRow() {
        Tensor x = random(rng, 4, 6);
        // Row 2 has Σx² = 6 · (1e-7)² = 6e-14 < 1e-12: the clamped branch, where y = x · 1e6 and dy/dx = 1e6 · I.
        for (int c = 0; c < 6; c++) x.set(2, c, (c % 2 == 0 ? 1e-7f : -1e-7f));
        check("l2NormalizeRows", new Tensor[] {x}, (g, in) -> Ops.l2NormalizeRows(g, in[0]), v -> l2NormalizeRef(v[0], 4, 6));
    }

    @Test
    void l2NormalizeRowsGradientIsOrthogonalToTheOutput() {
        // Unclamped rows cannot change length, so dx ⟂ y whatever dy is: here y = (0.6, 0.8), dy = (1, 0).
        // By hand: dx = (1/|x|) (dy - y (y·dy)) = (1/5) ((1, 0) - 0.6 (0.6, 0.8)) = (0.128, -0.096).
        Tensor x = Tensor.of(new float[] {3f, 4f}, 1, 2).requiresGrad(true);
        Graph g = new Graph();
        Tensor y = Ops.l2NormalizeRows(g, x);
        g.backward(y, new float[] {1f, 0f});
        assertEquals(0.6f, y.get(0, 0), 1e-7f);
        assertEquals(0.8f, y.get(0, 1), 1e-7f);
        assertEquals(0.128f, x.grad()[0], 1e-7f);
        assertEquals(-0.096f, x.grad()[1], 1e-7f);
    }

    @Test
    void rowDot() {
        Tensor a = random(rng, 5, 3), b = random(rng, 5, 3);
        check("rowDot", new Tensor[] {a, b}, (g, in) -> Ops.rowDot(g, in[0], in[1]), v -> {
            double[] y = new double[5];
            for (int r = 0; r < 5; r++)
                for (int c = 0; c < 3; c++) y[r] += v[0][r * 3 + c] * v[1][r * 3 + c];
            return y;
        });
    }

    @Test
    void scale() {
        Tensor x = random(rng, 3, 7);
        check("scale", new Tensor[] {x}, (g, in) -> Ops.scale(g, in[0], -2.5f), v -> {
            double[] y = new double[v[0].length];
            for (int i = 0; i < y.length; i++) y[i] = -2.5 * v[0][i];
            return y;
        });
    }

    @Test
    void mean() {
        Tensor x = random(rng, 3, 7);
        check("mean", new Tensor[] {x}, (g, in) -> Ops.mean(g, in[0]), v -> {
            double sum = 0;
            for (double d : v[0]) sum += d;
            return new double[] {sum / v[0].length};
        });
    }

    /** Reference for a dense layer: relu?(x · W + b), x (B, in), W (in, out), b (out). */
    static double[] denseRef(double[] x, double[] w, double[] b, int batch, int in, int out, boolean relu) {
        double[] y = matmulRef(x, w, batch, in, out);
        for (int r = 0; r < batch; r++)
            for (int c = 0; c < out; c++) {
                double z = y[r * out + c] + b[c];
                y[r * out + c] = relu ? Math.max(0, z) : z;
            }
        return y;
    }

    @Test
    void denseWithRelu() {
        Tensor x = random(rng, 4, 5), w = random(rng, 5, 3), b = random(rng, 1, 3);
        check("dense+relu", new Tensor[] {x, w, b}, (g, in) -> Ops.dense(g, in[0], in[1], in[2], true),
                v -> denseRef(v[0], v[1], v[2], 4, 5, 3, true));
    }

    @Test
    void denseLinear() {
        Tensor x = random(rng, 4, 5), w = random(rng, 5, 3), b = Tensor.of(new float[] {0.1f, -0.2f, 0.3f}, 3).requiresGrad(true);
        check("dense", new Tensor[] {x, w, b}, (g, in) -> Ops.dense(g, in[0], in[1], in[2], false),
                v -> denseRef(v[0], v[1], v[2], 4, 5, 3, false));
    }

    @Test
    void denseFirstLayerComputesNoInputGradient() {
        Tensor x = random(rng, 4, 5).requiresGrad(false), w = random(rng, 5, 3), b = random(rng, 1, 3);
        check("dense (input without grad)", new Tensor[] {x, w, b}, (g, in) -> Ops.dense(g, in[0], in[1], in[2], true),
                v -> denseRef(v[0], v[1], v[2], 4, 5, 3, true));
        assertFalse(x.hasGrad(), "no gradient buffer for an input that does not require one");
    }

    @Test
    void meanSquaredError() {
        Tensor p = random(rng, 6, 1), t = random(rng, 6, 1);
        check("mse", new Tensor[] {p, t}, (g, in) -> Ops.meanSquaredError(g, in[0], in[1]), v -> {
            double sum = 0;
            for (int i = 0; i < 6; i++) sum += (v[0][i] - v[1][i]) * (v[0][i] - v[1][i]);
            return new double[] {sum / 6};
        });
    }

    @Test
    void binaryCrossEntropyWithLogits() {
        Tensor z = random(rng, 6, 1), t = Tensor.of(new float[] {0f, 1f, 1f, 0f, 0.25f, 0.75f}, 6, 1).requiresGrad(true);
        z.set(0, 0, 9f);   // confidently wrong: large loss, gradient near 1/6
        z.set(1, 0, -12f); // likewise the other way
        check("binary_crossentropy", new Tensor[] {z, t}, (g, in) -> Ops.binaryCrossEntropyWithLogits(g, in[0], in[1]), v -> {
            // The textbook form, -t log σ(z) - (1 - t) log(1 - σ(z)); fine in double for |z| ≤ 12.
            double sum = 0;
            for (int i = 0; i < 6; i++) {
                double s = 1 / (1 + Math.exp(-v[0][i]));
                sum += -v[1][i] * Math.log(s) - (1 - v[1][i]) * Math.log(1 - s);
            }
            return new double[] {sum / 6};
        });
    }

    // ------------------------------------------------------------------ at widths that reach the vector loops

    @Test
    void matmulAtVectorWidths() {
        // y = a·b: (9 x 33)·(33 x 35); da = dy·bᵀ is (9 x 33) from k = 35, db = aᵀ·dy is (33 x 35) from k = 9.
        Tensor a = random(rng, 9, 33), b = random(rng, 33, 35);
        check("matmul 9x33x35", new Tensor[] {a, b}, (g, in) -> Ops.matmul(g, in[0], in[1]),
                x -> matmulRef(x[0], x[1], 9, 33, 35));
    }

    @Test
    void denseWithReluAtVectorWidths() {
        // y = relu(x·W + b): x (37 x 41), W (41 x 50). Forward and dW = xᵀ·dz have 50 columns (4x3 tiles), dx = dz·Wᵀ 41.
        Tensor x = random(rng, 37, 41), w = random(rng, 41, 50), b = random(rng, 1, 50);
        check("dense+relu 37x41->50", new Tensor[] {x, w, b}, (g, in) -> Ops.dense(g, in[0], in[1], in[2], true),
                v -> denseRef(v[0], v[1], v[2], 37, 41, 50, true));
    }

    @Test
    void denseLinearAtVectorWidths() {
        // y = x·W + b: x (13 x 33), W (33 x 17): forward and dW have 17 columns (a 4x1 tile and 1), dx has 33.
        Tensor x = random(rng, 13, 33), w = random(rng, 33, 17), b = random(rng, 1, 17);
        check("dense 13x33->17", new Tensor[] {x, w, b}, (g, in) -> Ops.dense(g, in[0], in[1], in[2], false),
                v -> denseRef(v[0], v[1], v[2], 13, 33, 17, false));
    }

    @Test
    void addBiasAtVectorWidths() {
        Tensor x = random(rng, 7, 35), bias = random(rng, 1, 35);
        check("addBias 7x35", new Tensor[] {x, bias}, (g, in) -> Ops.addBias(g, in[0], in[1]), v -> {
            double[] y = new double[7 * 35];
            for (int r = 0; r < 7; r++)
                for (int c = 0; c < 35; c++) y[r * 35 + c] = v[0][r * 35 + c] + v[1][c];
            return y;
        });
    }

    @Test
    void l2NormalizeRowsAtVectorWidths() {
        Tensor x = random(rng, 5, 33);
        check("l2NormalizeRows 5x33", new Tensor[] {x}, (g, in) -> Ops.l2NormalizeRows(g, in[0]), v -> l2NormalizeRef(v[0], 5, 33));
    }

    @Test
    void rowDotAtVectorWidths() {
        Tensor a = random(rng, 6, 34), b = random(rng, 6, 34);
        check("rowDot 6x34", new Tensor[] {a, b}, (g, in) -> Ops.rowDot(g, in[0], in[1]), v -> {
            double[] y = new double[6];
            for (int r = 0; r < 6; r++)
                for (int c = 0; c < 34; c++) y[r] += v[0][r * 34 + c] * v[1][r * 34 + c];
            return y;
        });
    }

    @Test
    void scaleAtVectorWidths() {
        Tensor x = random(rng, 3, 35);
        check("scale 3x35", new Tensor[] {x}, (g, in) -> Ops.scale(g, in[0], 0.75f), v -> {
            double[] y = new double[v[0].length];
            for (int i = 0; i < y.length; i++) y[i] = 0.75 * v[0][i];
            return y;
        });
    }
}
