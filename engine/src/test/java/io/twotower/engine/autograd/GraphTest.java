package io.twotower.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.GradientCheck;
import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.nn.Sequential;
import io.twotower.engine.ops.Ops;
import org.junit.jupiter.api.Test;

/** The tape: accumulation when a value is reused, replay, zeroing, and the graph-free inference path. */
class GraphTest {

    @Test
    void aValueUsedTwiceByOneOpGetsBothContributions() {
        // y = Σ x·x per row (rowDot(x, x)); dy/dx = 2x, so with x = (3, -2): dx = (6, -4).
        // Keeping only one of the two contributions would give (3, -2).
        Tensor x = Tensor.of(new float[] {3f, -2f}, 1, 2).requiresGrad(true);
        Graph g = new Graph();
        Tensor y = Ops.rowDot(g, x, x);
        g.backward(y);
        assertEquals(13f, y.item());
        assertArrayEquals(new float[] {6f, -4f}, x.grad());
    }

    @Test
    void aTensorFedToTwoOpsGetsTheSumOfTheirGradients() {
        // x feeds both relu and sigmoid: L = mean(rowDot(relu(x), sigmoid(x))) on the one row x = (2, -1), so
        // L = relu(2)·σ(2) + relu(-1)·σ(-1) = 2σ(2).
        // dL/dx1 = σ(2) + 2σ(2)(1 - σ(2))   (through relu and through sigmoid)
        // dL/dx2 = 0·... + relu(-1)·σ'(-1) = 0 (relu is 0 there and passes no gradient)
        Tensor x = Tensor.of(new float[] {2f, -1f}, 1, 2).requiresGrad(true);
        Graph g = new Graph();
        Tensor loss = Ops.mean(g, Ops.rowDot(g, Ops.relu(g, x), Ops.sigmoid(g, x)));
        g.backward(loss);
        double s2 = 1 / (1 + Math.exp(-2));
        assertEquals(2 * s2, loss.item(), 1e-6);
        assertEquals(s2 + 2 * s2 * (1 - s2), x.grad()[0], 1e-6);
        assertEquals(0f, x.grad()[1]);
    }

    @Test
    void aWeightSharedByTwoLayersGetsBothLayersGradients() {
        // y = relu(x·W + b)·W + b: the same W (6 x 6) and b in both dense layers, so dL/dW and dL/db are sums of
        // one term per layer. The backward of the first layer runs last and must add to what the second left; the
        // check compares with central differences of the double twin below.
        Rng rng = new Rng(5);
        Tensor x = GradientCheck.random(rng, 5, 6), w = GradientCheck.random(rng, 6, 6), b = GradientCheck.random(rng, 1, 6);
        GradientCheck.check("dense twice with shared W and b", new Tensor[] {x, w, b},
                (g, in) -> Ops.dense(g, Ops.dense(g, in[0], in[1], in[2], true), in[1], in[2], false),
                v -> denseRef(denseRef(v[0], v[1], v[2], 5, 6, true), v[1], v[2], 5, 6, false));
    }

    /** relu?(x W + b) in double, for x (rows, d) and a square W (d, d). */
    private static double[] denseRef(double[] x, double[] w, double[] b, int rows, int d, boolean relu) {
        double[] y = new double[rows * d];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < d; j++) {
                double z = b[j];
                for (int p = 0; p < d; p++) z += x[r * d + p] * w[p * d + j];
                y[r * d + j] = relu ? Math.max(0, z) : z;
            }
        return y;
    }

    @Test
    void backwardAccumulatesUntilZeroGrad() {
        // L = mean(x) over 4 values: dL/dx = 1/4 each; two backwards without zeroGrad give 1/2.
        Tensor x = Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 2).requiresGrad(true);
        Graph g = new Graph();
        Tensor loss = Ops.mean(g, x);
        g.backward(loss);
        g.backward(loss);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, x.grad());
        g.zeroGrad();
        assertArrayEquals(new float[4], x.grad());
        g.backward(loss);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, x.grad());
    }

    @Test
    void replayAfterOverwritingInputsMatchesAFreshGraph() {
        Sequential model = Sequential.mlp("m", 3, new int[] {5, 2}, new Rng(1));
        Tensor x = Tensor.zeros(4, 3);
        Rng data = new Rng(2);
        fill(x, data);
        Graph g = new Graph();
        Tensor loss = Ops.mean(g, Ops.l2NormalizeRows(g, model.forward(g, x)));
        int opsRecorded = g.ops().size();

        fill(x, data); // a new batch, written into the same input tensor
        g.forward();
        g.zeroGrad();
        g.backward(loss);
        float replayedLoss = loss.item();
        float[] replayedGrad = model.parameters().get(0).grad().clone();

        Graph fresh = new Graph();
        for (Tensor p : model.parameters()) if (p.hasGrad()) java.util.Arrays.fill(p.grad(), 0f);
        Tensor freshLoss = Ops.mean(fresh, Ops.l2NormalizeRows(fresh, model.forward(fresh, x)));
        fresh.backward(freshLoss);

        assertEquals(opsRecorded, g.ops().size(), "replay records nothing new");
        assertEquals(freshLoss.item(), replayedLoss);
        assertArrayEquals(model.parameters().get(0).grad(), replayedGrad);
    }

    @Test
    void inferenceWithoutAGraphGivesTheSameOutputsAndTouchesNoGradients() {
        Sequential model = Sequential.mlp("m", 3, new int[] {5, 2}, new Rng(1));
        Tensor x = Tensor.zeros(4, 3);
        fill(x, new Rng(3));

        Tensor inferred = Ops.l2NormalizeRows(null, model.forward(null, x));
        assertFalse(inferred.requiresGrad());
        for (Tensor p : model.parameters()) assertFalse(p.hasGrad(), p.name() + " got a gradient buffer");

        Graph g = new Graph();
        Tensor trained = Ops.l2NormalizeRows(g, model.forward(g, x));
        assertArrayEquals(trained.data(), inferred.data());
        assertEquals(3, g.ops().size()); // two dense layers and the normalisation
    }

    @Test
    void backwardRejectsANonScalarLossAndATensorFromAnotherGraph() {
        Tensor x = Tensor.zeros(2, 2).requiresGrad(true);
        Graph g = new Graph();
        Tensor y = Ops.relu(g, x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.backward(y));
        assertTrue(e.getMessage().contains("(2, 2)"), e.getMessage());
        Tensor elsewhere = Ops.mean(new Graph(), x);
        assertThrows(IllegalArgumentException.class, () -> g.backward(elsewhere));
    }

    @Test
    void outputsRequireAGradientOnlyWhenAnInputDoes() {
        Tensor constant = Tensor.of(new float[] {1f, -1f}, 2);
        Graph g = new Graph();
        assertFalse(Ops.relu(g, constant).requiresGrad());
        assertTrue(Ops.relu(g, Tensor.zeros(2).requiresGrad(true)).requiresGrad());
    }

    private static void fill(Tensor t, Rng rng) {
        for (int i = 0; i < t.size(); i++) t.data()[i] = rng.uniform(-1f, 1f);
    }
}
