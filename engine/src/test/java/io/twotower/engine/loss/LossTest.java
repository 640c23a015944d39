package io.twotower.engine.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import org.junit.jupiter.api.Test;

class LossTest {

    @Test
    void meanSquaredErrorByHand() {
        // p = (1, 2, 3), t = (1, 0, 0): squared errors 0, 4, 9; mean 13/3.
        Tensor p = Tensor.of(new float[] {1, 2, 3}, 3, 1), t = Tensor.of(new float[] {1, 0, 0}, 3, 1);
        assertEquals(13f / 3f, new MeanSquaredError().compute(null, p, t).item(), 1e-6f);
        assertEquals("mse", new MeanSquaredError().name());
    }

    @Test
    void binaryCrossEntropyByHandAndStableForHugeLogits() {
        // z = 0: σ = 1/2 whatever the label, loss ln 2 = 0.6931472.
        // z = 100, y = 0: loss = max(100, 0) - 0 + log(1 + e^-100) = 100 (the naive -log(1 - σ(100)) is -log 0 = ∞).
        // z = -100, y = 0: loss = 0 - 0 + log(1 + e^-100) ≈ 3.7e-44, i.e. 0.
        // Mean over the three: (0.6931472 + 100 + 0) / 3 = 33.5643824.
        Tensor z = Tensor.of(new float[] {0, 100, -100}, 3, 1), y = Tensor.of(new float[] {1, 0, 0}, 3, 1);
        assertEquals(33.5643824f, new BinaryCrossEntropyWithLogits().compute(null, z, y).item(), 1e-5f);
    }

    @Test
    void binaryCrossEntropyGradientIsSigmoidMinusLabelOverBatch() {
        // z = (0, 100), y = (1, 0), B = 2: dL/dz = ((0.5 - 1) / 2, (1 - 0) / 2) = (-0.25, 0.5).
        Tensor z = Tensor.of(new float[] {0, 100}, 2, 1).requiresGrad(true), y = Tensor.of(new float[] {1, 0}, 2, 1);
        Graph g = new Graph();
        g.backward(new BinaryCrossEntropyWithLogits().compute(g, z, y));
        assertEquals(-0.25f, z.grad()[0], 1e-7f);
        assertEquals(0.5f, z.grad()[1], 1e-7f);
    }

    @Test
    void nanAndInfinityAreReportedWithTheirRow() {
        Tensor p = Tensor.of(new float[] {0, 1, 2, Float.NaN, 4}, 5, 1), t = Tensor.zeros(5, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError().compute(null, p, t));
        assertEquals("mse: prediction is NaN at row 3", e.getMessage());

        Tensor z = Tensor.zeros(4, 1), y = Tensor.of(new float[] {0, 1, Float.POSITIVE_INFINITY, 0}, 4, 1);
        e = assertThrows(IllegalArgumentException.class, () -> new BinaryCrossEntropyWithLogits().compute(null, z, y));
        assertEquals("binary_crossentropy: target is Inf at row 2", e.getMessage());
    }

    @Test
    void nanIsCaughtWhenAGraphIsReplayed() {
        Tensor p = Tensor.zeros(3, 1).requiresGrad(true), t = Tensor.zeros(3, 1);
        Graph g = new Graph();
        new MeanSquaredError().compute(g, p, t);
        p.data()[1] = Float.NaN; // a diverged model on a later step
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, g::forward);
        assertEquals("mse: prediction is NaN at row 1", e.getMessage());
    }

    @Test
    void labelsOutsideZeroOneAreRejectedByBinaryCrossEntropy() {
        // With t = 2, max(z, 0) - z t + log(1 + e^-|z|) is negative for z > 0: a label out of range gives a wrong loss, not an error.
        Tensor z = Tensor.zeros(3, 1), y = Tensor.of(new float[] {0, 1, 2}, 3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BinaryCrossEntropyWithLogits().compute(null, z, y));
        assertEquals("binary_crossentropy: target is 2.0 at row 2, expected a label in [0, 1]", e.getMessage());
        Tensor soft = Tensor.of(new float[] {0, 0.25f, 1}, 3, 1);   // soft labels inside [0, 1] are fine
        assertEquals((float) Math.log(2), new BinaryCrossEntropyWithLogits().compute(null, z, soft).item(), 1e-6f);
    }

    @Test
    void mismatchedShapesNameBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().compute(null, Tensor.zeros(4, 1), Tensor.zeros(5, 1)));
        assertTrue(e.getMessage().contains("(4, 1)") && e.getMessage().contains("(5, 1)"), e.getMessage());
    }
}
