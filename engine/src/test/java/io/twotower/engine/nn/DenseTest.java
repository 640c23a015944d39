package io.twotower.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.ops.Ops;
import java.util.List;
import org.junit.jupiter.api.Test;

class DenseTest {

    @Test
    void glorotUniformKernelZeroBiasAndKerasNames() {
        // limit = sqrt(6 / (in + out)) = sqrt(6 / 300) ≈ 0.1414 for a 100 -> 200 layer.
        Dense dense = new Dense("d", 100, 200, Activation.RELU, new Rng(5));
        double limit = Math.sqrt(6.0 / 300);
        double sumSq = 0, max = 0;
        for (float w : dense.kernel().data()) {
            max = Math.max(max, Math.abs(w));
            sumSq += w * w;
        }
        assertTrue(max <= limit, "every weight within ±limit");
        assertTrue(max > 0.99 * limit, "the range is used up to the limit");
        // Var(U(-l, l)) = l² / 3 = 2 / (in + out) = 0.00667; over 20000 draws the estimate is within a few %.
        assertEquals(2.0 / 300, sumSq / 20000, 0.05 * 2.0 / 300);
        for (float b : dense.bias().data()) assertEquals(0f, b);
        assertEquals("d.kernel", dense.kernel().name());
        assertEquals("d.bias", dense.bias().name());
        assertEquals(List.of(dense.kernel(), dense.bias()), dense.parameters());
    }

    @Test
    void sigmoidActivationSquashesTheAffineOutput() {
        // W = 0, b = (2): every output is σ(2) = 0.8807971.
        Dense dense = new Dense("s", 3, 1, Activation.SIGMOID, new Rng(1));
        java.util.Arrays.fill(dense.kernel().data(), 0f);
        dense.bias().data()[0] = 2f;
        Tensor y = dense.forward(null, Tensor.zeros(2, 3));
        assertEquals(0.8807971f, y.get(0, 0), 1e-6f);
        assertEquals(0.8807971f, y.get(1, 0), 1e-6f);
    }

    @Test
    void mlpHasReluHiddenLayersALinearLastLayerAndIndexedNames() {
        Sequential mlp = Sequential.mlp("user", 21, new int[] {64, 32, 16}, new Rng(1));
        assertEquals(21, mlp.inputSize());
        assertEquals(16, mlp.outputSize());
        assertEquals(3, mlp.layers().size());
        Dense first = (Dense) mlp.layers().get(0), last = (Dense) mlp.layers().get(2);
        assertEquals("user.dense0", first.name());
        assertEquals(Activation.RELU, first.activation());
        assertEquals(Activation.RELU, ((Dense) mlp.layers().get(1)).activation());
        assertEquals(Activation.LINEAR, last.activation());
        assertEquals("user.dense2.bias", mlp.parameters().get(5).name());
        assertEquals(6, mlp.parameters().size());
    }

    /** Features fed to a network are checked where they enter, on the inference path and on a replayed graph. */
    @Test
    void nanOrInfiniteInputsAreReportedAtTheFirstLayerWithRowAndColumn() {
        Sequential mlp = Sequential.mlp("user", 3, new int[] {4, 2}, new Rng(1));
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, Float.NaN, 6}, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mlp.forward(null, x));
        assertEquals("dense+relu (user.dense0.kernel): input is NaN at row 1, column 1", e.getMessage());

        Tensor batch = Tensor.zeros(2, 3);
        io.twotower.engine.autograd.Graph g = new io.twotower.engine.autograd.Graph();
        mlp.forward(g, batch);
        batch.set(0, 2, Float.NEGATIVE_INFINITY);   // a bad batch on a later step
        e = assertThrows(IllegalArgumentException.class, g::forward);
        assertEquals("dense+relu (user.dense0.kernel): input is Inf at row 0, column 2", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Ops.matmul(null, x, Tensor.zeros(3, 2)));
        assertEquals("matmul: left operand is NaN at row 1, column 1", e.getMessage());
    }

    @Test
    void shapeMismatchesNameBothShapes() {
        Sequential mlp = Sequential.mlp("user", 22, new int[] {256}, new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mlp.forward(null, Tensor.zeros(256, 21)));
        assertTrue(e.getMessage().contains("(256, 21)") && e.getMessage().contains("(22, 256)"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Ops.matmul(null, Tensor.zeros(256, 21), Tensor.zeros(22, 256)));
        assertEquals("matmul: cannot multiply (256, 21) by (22, 256)", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Ops.rowDot(null, Tensor.zeros(4, 3), Tensor.zeros(4, 2)));
        assertTrue(e.getMessage().contains("(4, 3)") && e.getMessage().contains("(4, 2)"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Ops.addBias(null, Tensor.zeros(4, 3), Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("(4, 3)") && e.getMessage().contains("(2,)"), e.getMessage());

        Rng rng = new Rng(1);
        e = assertThrows(IllegalArgumentException.class, () -> new Sequential("bad",
                List.of(new Dense("a", 4, 8, Activation.RELU, rng), new Dense("b", 9, 2, Activation.LINEAR, rng))));
        assertTrue(e.getMessage().contains("a outputs 8") && e.getMessage().contains("b expects 9"), e.getMessage());
    }
}
