package io.twotower.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link VectorKernels} method against its scalar twin in {@link ScalarKernels}, at every register
 * width ({@link KernelVariant}: 128-bit, 256-bit, the host's preferred and the scalar switch), on lengths
 * that are not multiples of any lane count, with offsets != 0, and with guard elements around the range
 * that must stay untouched.
 *
 * <p>Tolerances. Kernels that do the scalar twin's IEEE operations in the same order per element
 * (add, mul, scale, addBiasRows, reluBackward, sumRows, adamUpdate) must match it bit for bit.
 * Reductions (dot, sum) reassociate, so they are compared with the exact sum (in double) using the
 * classical bound for floating-point summation of n terms, |computed - exact| <= n · 2^-24 · sum |term_i|
 * (Higham's gamma_n), which both the scalar and the vector order satisfy. axpy fuses the multiply-add,
 * with one rounding where the scalar twin (the scalar switch) has two, so each element is compared with the
 * double-precision value within two roundings: 2 · 2^-24 · (|y| + |alpha x|).
 */
class VectorKernelsTest {
    static final int[] SIZES = {0, 1, 7, 17, 33, 257, 10_007};
    static final float UNIT_ROUNDOFF = 0x1p-24f;

    static List<KernelVariant> variants() { return KernelVariant.all(); }

    static float[] random(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) random.nextGaussian();
        return x;
    }

    @Test
    void variantsRunAtTheRequestedWidth() {
        // 128 bits hold 4 floats, 256 bits hold 8; the scalar switch reports 1 lane.
        assertEquals(4, KernelVariant.BITS_128.lanes);
        assertEquals(8, KernelVariant.BITS_256.lanes);
        assertEquals(1, KernelVariant.SCALAR.lanes);
        assertEquals(VectorKernels.lanes(), KernelVariant.PREFERRED.lanes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void dotIsWithinTheSummationBoundOfTheExactSum(KernelVariant kernels) {
        Random random = new Random(11);
        for (int n : SIZES) {
            float[] a = random(random, n + 3), b = random(random, n + 5);
            double exact = 0, magnitude = 0;
            for (int i = 0; i < n; i++) {
                exact += (double) a[3 + i] * b[5 + i];
                magnitude += Math.abs((double) a[3 + i] * b[5 + i]);
            }
            double bound = n * UNIT_ROUNDOFF * magnitude;
            float got = (Float) kernels.call("VectorKernels", "dot", a, 3, b, 5, n);
            float twin = ScalarKernels.dot(a, 3, b, 5, n);
            assertTrue(Math.abs(got - exact) <= bound, kernels + " n=" + n + ": dot " + got + " vs exact " + exact);
            assertTrue(Math.abs(twin - exact) <= bound, "scalar twin n=" + n);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void sumIsWithinTheSummationBoundOfTheExactSum(KernelVariant kernels) {
        Random random = new Random(12);
        for (int n : SIZES) {
            float[] x = random(random, n + 2);
            double exact = 0, magnitude = 0;
            for (int i = 0; i < n; i++) {
                exact += x[2 + i];
                magnitude += Math.abs(x[2 + i]);
            }
            float got = (Float) kernels.call("VectorKernels", "sum", x, 2, n);
            assertTrue(Math.abs(got - exact) <= n * UNIT_ROUNDOFF * magnitude,
                    kernels + " n=" + n + ": sum " + got + " vs exact " + exact);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void axpyIsWithinTwoRoundingsOfEachElement(KernelVariant kernels) {
        Random random = new Random(13);
        for (int n : SIZES) {
            float alpha = 0.37f;
            float[] x = random(random, n + 4), y = random(random, n + 6);
            float[] got = y.clone();
            kernels.call("VectorKernels", "axpy", alpha, x, 4, got, 1, n);
            for (int i = 0; i < y.length; i++) {
                if (i < 1 || i >= 1 + n) {
                    assertEquals(y[i], got[i], "guard element " + i + " changed");
                    continue;
                }
                double exact = y[i] + (double) alpha * x[i + 3];
                double bound = 2 * UNIT_ROUNDOFF * (Math.abs(y[i]) + Math.abs(alpha * x[i + 3]));
                assertTrue(Math.abs(got[i] - exact) <= bound, kernels + " n=" + n + " i=" + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void elementwiseKernelsMatchTheScalarTwinExactly(KernelVariant kernels) {
        Random random = new Random(14);
        for (int n : SIZES) {
            float[] a = random(random, n + 3), b = random(random, n + 7);
            float[] out = random(random, n + 9);

            float[] expected = out.clone(), got = out.clone();
            ScalarKernels.add(a, 3, b, 7, expected, 2, n);
            kernels.call("VectorKernels", "add", a, 3, b, 7, got, 2, n);
            assertArrayEquals(expected, got, kernels + " add n=" + n);

            expected = out.clone();
            got = out.clone();
            ScalarKernels.mul(a, 1, b, 5, expected, 9, n);
            kernels.call("VectorKernels", "mul", a, 1, b, 5, got, 9, n);
            assertArrayEquals(expected, got, kernels + " mul n=" + n);

            expected = out.clone();
            got = out.clone();
            ScalarKernels.scale(-1.5f, b, 6, expected, 4, n);
            kernels.call("VectorKernels", "scale", -1.5f, b, 6, got, 4, n);
            assertArrayEquals(expected, got, kernels + " scale n=" + n);

            // In place (out aliases an input), as the optimizers use it.
            expected = a.clone();
            got = a.clone();
            ScalarKernels.add(expected, 3, b, 7, expected, 3, n);
            kernels.call("VectorKernels", "add", got, 3, b, 7, got, 3, n);
            assertArrayEquals(expected, got, kernels + " add in place n=" + n);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void addBiasRowsMatchesTheScalarTwinExactlyWithAndWithoutRelu(KernelVariant kernels) {
        Random random = new Random(15);
        for (int rows : new int[] {0, 1, 3, 17}) {
            for (int cols : SIZES) {
                if ((long) rows * cols > 50_000) continue;
                float[] y = random(random, rows * cols + 5);   // 5 guard elements after the matrix
                float[] bias = random(random, cols);
                if (rows * cols > 0) {
                    y[0] = -0f;                                 // -0 + -0 = -0: ReLU must keep it as -0 like the twin
                    bias[0] = -0f;
                }
                for (boolean relu : new boolean[] {false, true}) {
                    float[] expected = y.clone(), got = y.clone();
                    ScalarKernels.addBiasRows(expected, bias, rows, cols, relu);
                    kernels.call("VectorKernels", "addBiasRows", got, bias, rows, cols, relu);
                    assertArrayEquals(expected, got, kernels + " " + rows + "x" + cols + " relu=" + relu);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void reluBackwardMatchesTheScalarTwinExactly(KernelVariant kernels) {
        Random random = new Random(16);
        for (int n : SIZES) {
            float[] y = random(random, n + 4), dy = random(random, n + 4), dz = random(random, n + 4);
            for (int i = 0; i < y.length; i += 3) y[i] = 0f;   // y = 0 is inactive: the gradient must be 0
            float[] expected = dz.clone(), got = dz.clone();
            ScalarKernels.reluBackward(y, dy, expected, 4, n);
            kernels.call("VectorKernels", "reluBackward", y, dy, got, 4, n);
            assertArrayEquals(expected, got, kernels + " n=" + n);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void sumRowsMatchesTheScalarTwinExactly(KernelVariant kernels) {
        Random random = new Random(17);
        for (int rows : new int[] {0, 1, 3, 17}) {
            for (int cols : SIZES) {
                if ((long) rows * cols > 50_000) continue;
                float[] x = random(random, rows * cols);
                float[] out = random(random, cols + 3);
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] expected = out.clone(), got = out.clone();
                    ScalarKernels.sumRows(x, rows, cols, expected, accumulate);
                    kernels.call("VectorKernels", "sumRows", x, rows, cols, got, accumulate);
                    assertArrayEquals(expected, got, kernels + " " + rows + "x" + cols + " acc=" + accumulate);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void adamUpdateMatchesTheScalarTwinExactly(KernelVariant kernels) {
        Random random = new Random(18);
        for (int n : SIZES) {
            float[] w = random(random, n), g = random(random, n), m = random(random, n), v = random(random, n);
            for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);   // a second moment is never negative
            int t = 3;                                          // step 3: alpha = lr sqrt(1 - 0.999^3) / (1 - 0.9^3)
            float alpha = (float) (1e-3 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t)));
            for (float decay : new float[] {0f, 1e-5f}) {
                float[] w1 = w.clone(), m1 = m.clone(), v1 = v.clone();
                float[] w2 = w.clone(), m2 = m.clone(), v2 = v.clone();
                ScalarKernels.adamUpdate(w1, g, m1, v1, n, 0.9f, 0.999f, alpha, 1e-8f, decay);
                kernels.call("VectorKernels", "adamUpdate", w2, g, m2, v2, n, 0.9f, 0.999f, alpha, 1e-8f, decay);
                assertArrayEquals(m1, m2, kernels + " m n=" + n);
                assertArrayEquals(v1, v2, kernels + " v n=" + n);
                assertArrayEquals(w1, w2, kernels + " w n=" + n + " decay=" + decay);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void adamUpdateFlushesSubnormalMomentsToZeroLikeTheScalarTwin(KernelVariant kernels) {
        // g = 0, so m = 0.9 m and v = 0.999 v. Hand-worked with Float.MIN_NORMAL = 1.1754944e-38:
        // m = 1.2e-38 -> 1.08e-38 < MIN_NORMAL: flushed to 0 (likewise -1.2e-38); m = 1e-30 -> 9e-31 stays;
        // v = 1.1e-38 -> 1.0989e-38 < MIN_NORMAL: flushed; v = 2e-38 -> 1.998e-38 stays.
        // Lanes repeat the four cases, and n = 37 leaves a scalar tail, so body and tail are both covered.
        int n = 37;
        float[] w = new float[n], g = new float[n], m = new float[n], v = new float[n];
        float[] mIn = {1.2e-38f, -1.2e-38f, 1e-30f, 1e-30f}, vIn = {1.1e-38f, 2e-38f, 1.1e-38f, 2e-38f};
        for (int i = 0; i < n; i++) {
            w[i] = 0.5f;
            m[i] = mIn[i % 4];
            v[i] = vIn[i % 4];
        }
        float[] w1 = w.clone(), m1 = m.clone(), v1 = v.clone();
        ScalarKernels.adamUpdate(w1, g, m1, v1, n, 0.9f, 0.999f, 1e-3f, 1e-7f, 0f);
        kernels.call("VectorKernels", "adamUpdate", w, g, m, v, n, 0.9f, 0.999f, 1e-3f, 1e-7f, 0f);
        for (int i = 0; i < n; i++) {
            String at = kernels + " i=" + i;
            switch (i % 4) {
                case 0, 1 -> assertEquals(0f, m[i], at);
                default -> assertEquals(9e-31f, m[i], 9e-31f * 1e-6f, at);
            }
            if (i % 2 == 0) assertEquals(0f, v[i], at);
            else assertEquals(1.998e-38f, v[i], 1.998e-38f * 1e-6f, at);
            assertEquals(0.5f, w[i], at + ": a tiny moment moves no weight");
        }
        assertArrayEquals(m1, m, kernels + " m");
        assertArrayEquals(v1, v, kernels + " v");
        assertArrayEquals(w1, w, kernels + " w");
    }

    @Test
    void adamUpdateFirstStepMovesEachWeightByLearningRateAgainstTheGradientSign() {
        // Hand-worked: at t = 1 with m = v = 0, m = (1 - b1) g and v = (1 - b2) g², so sqrt(v) = sqrt(1 - b2) |g|,
        // and with alpha = lr sqrt(1 - b2) / (1 - b1) the step alpha m / sqrt(v) is lr sign(g) (eps aside).
        // With w = 1, g = (2, -0.5), lr = 0.1: w = (0.9, 1.1).
        float[] w = {1f, 1f}, g = {2f, -0.5f}, m = new float[2], v = new float[2];
        float alpha = (float) (0.1 * Math.sqrt(1 - 0.999f) / (1 - 0.9f));
        VectorKernels.adamUpdate(w, g, m, v, 2, 0.9f, 0.999f, alpha, 1e-8f, 0f);
        assertEquals(0.9f, w[0], 1e-6f);
        assertEquals(1.1f, w[1], 1e-6f);
        assertEquals(0.2f, m[0], 1e-7f);      // (1 - 0.9) * 2
        assertEquals(0.00025f, v[1], 1e-8f);  // (1 - 0.999) * 0.25, where 1 - 0.999f = 0.00099998713 in float
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void sgdMomentumUpdateMatchesTheScalarTwinExactly(KernelVariant kernels) {
        Random random = new Random(19);
        for (int n : SIZES) {
            float[] w = random(random, n), g = random(random, n), u = random(random, n);
            float[] w1 = w.clone(), u1 = u.clone(), w2 = w.clone(), u2 = u.clone();
            ScalarKernels.sgdMomentumUpdate(w1, g, u1, n, 0.05f, 0.9f);
            kernels.call("VectorKernels", "sgdMomentumUpdate", w2, g, u2, n, 0.05f, 0.9f);
            assertArrayEquals(u1, u2, kernels + " velocity n=" + n);
            assertArrayEquals(w1, w2, kernels + " w n=" + n);
        }
    }

    /** Both update kernels say whether every new weight is finite, in the vector body and in the tail alike. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void updateKernelsReportANonFiniteWeightWhereverItIs(KernelVariant kernels) {
        int n = 37;
        for (int bad = 0; bad <= n; bad++) {       // bad == n: no bad gradient at all
            for (float value : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                float[] g = new float[n];
                java.util.Arrays.fill(g, 0.5f);
                if (bad < n) g[bad] = value;
                Object adam = kernels.call("VectorKernels", "adamUpdate", new float[n], g, new float[n], new float[n], n,
                        0.9f, 0.999f, 1e-3f, 1e-7f, 0f);
                Object sgd = kernels.call("VectorKernels", "sgdMomentumUpdate", new float[n], g, new float[n], n, 0.1f, 0.9f);
                assertEquals(bad == n, adam, kernels + " adam, bad gradient at " + bad);
                assertEquals(bad == n, sgd, kernels + " sgd, bad gradient at " + bad);
            }
        }
    }

    @Test
    void sgdMomentumUpdateFollowsItsFormula() {
        // u = 0.9 · 0.5 - 0.1 · 2 = 0.25, w = 1 + 0.25 = 1.25;  u = 0.9 · (-1) - 0.1 · (-3) = -0.6, w = 2 - 0.6 = 1.4
        float[] w = {1f, 2f}, g = {2f, -3f}, u = {0.5f, -1f};
        VectorKernels.sgdMomentumUpdate(w, g, u, 2, 0.1f, 0.9f);
        assertArrayEquals(new float[] {0.25f, -0.6f}, u, 1e-7f);
        assertArrayEquals(new float[] {1.25f, 1.4f}, w, 2e-7f);   // float rounding: 1.4000001
    }

    @Test
    void speciesPropertyAcceptsOnlyKnownWidths() {
        assertNull(VectorKernels.speciesFromProperty("0"));
        assertEquals(4, VectorKernels.speciesFromProperty("128").length());
        assertEquals(16, VectorKernels.speciesFromProperty("512").length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorKernels.speciesFromProperty("64"));
        assertTrue(e.getMessage().contains("twotower.vector.bits"), e.getMessage());
    }
}
