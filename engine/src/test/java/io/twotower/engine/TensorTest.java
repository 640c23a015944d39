package io.twotower.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void rowMajorLayout() {
        // (2, 3): element (r, c) is data[r * 3 + c], so (1, 0) is the 4th value.
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(data, 2, 3);
        assertSame(data, t.data(), "of wraps, it does not copy");
        assertEquals(4f, t.get(1, 0));
        assertEquals(6f, t.get(5));
        t.set(0, 2, 9f);
        assertEquals(9f, data[2]);
        assertEquals(2, t.rows());
        assertEquals(3, t.cols());
        assertEquals(6, t.size());
        assertEquals("(2, 3)", t.shapeString());
    }

    @Test
    void rankOneIsOneRow() {
        Tensor t = Tensor.zeros(5);
        assertEquals(1, t.rank());
        assertEquals(1, t.rows());
        assertEquals(5, t.cols());
        assertEquals("(5,)", t.shapeString());
    }

    @Test
    void gradIsLazyZeroFilledAndStable() {
        Tensor t = Tensor.zeros(2, 2);
        assertFalse(t.hasGrad());
        float[] grad = t.grad();
        assertArrayEquals(new float[4], grad);
        assertTrue(t.hasGrad());
        assertSame(grad, t.grad());
        assertSame(t, t.requiresGrad(true).named("w"));
        assertEquals("w", t.name());
    }

    @Test
    void badShapesAndIndicesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("(2, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0, 3));
        IndexOutOfBoundsException i = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).get(2, 0));
        assertTrue(i.getMessage().contains("(2, 0)") && i.getMessage().contains("(2, 3)"), i.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).item());
        assertEquals(7f, Tensor.of(new float[] {7f}, 1).item());
    }

    /** The size limit is on the number of elements: a long vector (a checkpoint's flat buffer, say) is fine. */
    @Test
    void longRankOneTensorsAreAllowedAndOnlyTrulyHugeShapesRejected() {
        assertEquals(100_000, Tensor.zeros(100_000).size());
        assertEquals(100_000, Tensor.of(new float[100_000], 100_000).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(65_536, 65_536));
        assertTrue(e.getMessage().contains("(65536, 65536)") && e.getMessage().contains("2^31-1"), e.getMessage());
    }
}
