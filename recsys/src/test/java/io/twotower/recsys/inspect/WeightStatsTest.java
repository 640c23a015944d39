package io.twotower.recsys.inspect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WeightStatsTest {

    /**
     * w = (1, -1, 3, 1): mean 4/4 = 1; deviations 0, -2, 2, 0, population variance 8/4 = 2, std √2;
     * L2 = √(1 + 1 + 9 + 1) = √12.
     */
    @Test
    void meanStdAndNormOfAHandExample() {
        WeightStats s = WeightStats.of(new float[] {1, -1, 3, 1});
        assertEquals(1.0, s.mean(), 1e-12);
        assertEquals(Math.sqrt(2), s.std(), 1e-12);
        assertEquals(Math.sqrt(12), s.l2(), 1e-12);
    }

    /** A constant tensor: std exactly 0 (the two-pass formula cannot go negative or leave noise). */
    @Test
    void constantWeightsHaveZeroStd() {
        float[] w = new float[1000];
        java.util.Arrays.fill(w, 0.1f);
        WeightStats s = WeightStats.of(w);
        assertEquals(0.1f, s.mean(), 1e-9);
        assertEquals(0.0, s.std(), 1e-12);
        assertEquals(0.1f * Math.sqrt(1000), s.l2(), 1e-6);
    }

    @Test
    void emptyTensorIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> WeightStats.of(new float[0]));
    }
}
