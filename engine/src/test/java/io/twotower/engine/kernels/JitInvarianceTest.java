package io.twotower.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reproducibility across the JIT: a kernel must return the same bits on its first call (interpreted,
 * where the Vector API runs its Java fallback) as after it is compiled (intrinsics). This failed while
 * reductions used {@code reduceLanes(ADD)}, whose lane order differs between the two, and made
 * training runs with the same seed end at different weights.
 */
class JitInvarianceTest {

    @Test
    void reductionsGiveTheSameBitsInterpretedAndCompiled() {
        KernelVariant fresh = KernelVariant.freshPreferred();
        Random random = new Random(5);
        float[] a = new float[300], b = new float[300];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() * 2 - 1;
            b[i] = random.nextFloat() * 1000;                    // mixed magnitudes: the order shows in the last bits
        }
        float[] items = new float[64 * 32], query = new float[32];
        for (int i = 0; i < items.length; i++) items[i] = random.nextFloat() * 2 - 1;
        for (int i = 0; i < query.length; i++) query[i] = random.nextFloat() * 100;

        float[] first = results(fresh, a, b, items, query);
        for (int call = 0; call < 30_000; call++) results(fresh, a, b, items, query);
        float[] compiled = results(fresh, a, b, items, query);

        assertArrayEquals(first, compiled, "dot 33, dot 256, sum 257 and top-K scores, interpreted vs compiled");
        assertEquals(Float.floatToIntBits(first[0]), Float.floatToIntBits(compiled[0]));
    }

    private static float[] results(KernelVariant k, float[] a, float[] b, float[] items, float[] query) {
        int[] index = new int[5];
        float[] score = new float[5];
        k.call("TopK", "topK", items, 64, 32, query, 5, null, index, score);
        return new float[] {
                (float) k.call("VectorKernels", "dot", a, 1, b, 2, 33),
                (float) k.call("VectorKernels", "dot", a, 0, b, 0, 256),
                (float) k.call("VectorKernels", "sum", b, 3, 257),
                score[0], score[1], score[2], score[3], score[4]};
    }
}
