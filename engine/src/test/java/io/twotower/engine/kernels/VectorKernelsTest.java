package io.twotower.engine.kernels;

import static io.twotower.engine.kernels.KernelAssertions.assertSameBits;
import static io.twotower.engine.kernels.KernelAssertions.assertWithinBounds;
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
 * that must stay untouched. Every failure message gives the max difference.
 *
 * <p>Tolerances. Kernels that do the scalar twin's IEEE operations in the same order per element
 * (add, mul, scale, addBiasRows, reluBackward, sumRows, adamUpdate) must match it bit for bit.
 * Reductions (dot, sum) reassociate, so they are compared with the exact sum (in double) within a
 * rigorous bound for the order they add in; see {@link #summationBound}. That bound is tight enough that a
 * result missing one term fails, which {@link #aDotOrSumMissingOneTermIsOutsideTheBound} demonstrates.
 * axpy fuses the multiply-add, with one rounding where the scalar twin (the scalar switch) has two, so each
 * element is compared with the double-precision value within two roundings: 2 · 2^-24 · (|y| + |alpha x|).
 */
class VectorKernelsTest {
    static final int[] SIZES = {0, 1, 7, 17, 33, 257, 10_007};
    static final double UNIT_ROUNDOFF = 0x1p-24;

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

    // ------------------------------------------------------------------ reductions: dot and sum

    /**
     * The most roundings that any one term of a vector dot or sum of n elements goes through, in the order
     * {@link VectorKernels} adds: four accumulators of L lanes, where each lane is a chain of one FMA (or add)
     * per block of 4L elements, plus at most 3 single-vector steps into the first accumulator; then the four
     * accumulators are added (2 roundings on every lane's path), the L lanes pairwise (log2 L), and the last
     * n mod L elements one at a time, each addition rounding everything added before it once more (a tail
     * term itself has at most 1 + (n mod L) roundings, its product and the additions, which is less).
     */
    static int vectorRoundings(int lanes, int n) {
        if (Integer.bitCount(lanes) != 1 || lanes < 4 || lanes > 16) throw new IllegalArgumentException("lanes " + lanes);
        int blocks = n / (4 * lanes);
        int singleSteps = (n - blocks * 4 * lanes) / lanes;
        int tail = n % lanes;
        return blocks + singleSteps + 2 + Integer.numberOfTrailingZeros(lanes) + tail;
    }

    /**
     * A rigorous bound on |computed - exact| for the terms t_i (the products a_i b_i of a dot, or the elements
     * of a sum), computed by a kernel with {@code lanes} lanes.
     * <ul>
     *   <li>Vector kernels: no term goes through more than D = {@link #vectorRoundings} roundings, each a
     *       factor (1 + delta) with |delta| <= u = 2^-24, so the error is at most gamma_D · sum |t_i| with
     *       gamma_D = D u / (1 - D u) (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1
     *       and §4.2). For n = 10,007 at 16 lanes D is 180, against the n = 10,007 of the plain bound.</li>
     *   <li>The scalar switch adds one by one, s_i = fl(s_(i-1) + fl(t_i)). Each addition errs by at most
     *       u |s_i| and each rounded product by u |t_i|, and the errors add up, so the error is at most
     *       u (sum |s_i| + [dot] sum |t_i|) (Higham §4.2, the running error bound); s_i are the running
     *       sums, recomputed here by the same loop. For terms of random sign |s_i| grows like sqrt(i), so
     *       this is far below n u sum |t_i|.</li>
     * </ul>
     * {@code productsRounded}: true for dot without FMA (the scalar loop rounds each product).
     */
    static double summationBound(int lanes, double[] terms, boolean productsRounded) {
        double magnitude = 0;
        for (double t : terms) magnitude += Math.abs(t);
        if (lanes > 1) {
            int d = vectorRoundings(lanes, terms.length);
            return d * UNIT_ROUNDOFF / (1 - d * UNIT_ROUNDOFF) * magnitude;
        }
        double runningSums = 0;
        float s = 0f;
        for (double t : terms) {
            s += (float) t;                 // exact for a sum; for a dot, the product rounded as the loop rounds it
            runningSums += Math.abs(s);
        }
        return UNIT_ROUNDOFF * (runningSums + (productsRounded ? magnitude : 0));
    }

    /** The exact products a[aOff + i] · b[bOff + i] (a product of two floats is exact in double). */
    static double[] products(float[] a, int aOff, float[] b, int bOff, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = (double) a[aOff + i] * b[bOff + i];
        return t;
    }

    static double[] elements(float[] x, int off, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = x[off + i];
        return t;
    }

    /**
     * The sum of the terms in double. Its own error, at most n · 2^-53 · sum |t_i|, is 2^-29 times the scale of
     * the float bounds above: negligible.
     */
    static double exactSum(double[] terms) {
        double sum = 0;
        for (double t : terms) sum += t;
        return sum;
    }

    static void assertWithinSummationBound(String what, float got, double[] terms, double bound) {
        double exact = exactSum(terms), difference = Math.abs(got - exact);
        assertTrue(difference <= bound, what + ": " + got + " vs exact " + exact + ", difference " + difference
                + " > bound " + bound);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void dotIsWithinTheSummationBoundOfTheExactSum(KernelVariant kernels) {
        Random random = new Random(11);
        for (int n : SIZES) {
            float[] a = random(random, n + 3), b = random(random, n + 5);
            double[] terms = products(a, 3, b, 5, n);
            float got = (Float) kernels.call("VectorKernels", "dot", a, 3, b, 5, n);
            assertWithinSummationBound(kernels + " dot n=" + n, got, terms, summationBound(kernels.lanes, terms, true));
            float twin = ScalarKernels.dot(a, 3, b, 5, n);
            assertWithinSummationBound("scalar twin dot n=" + n, twin, terms, summationBound(1, terms, true));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void sumIsWithinTheSummationBoundOfTheExactSum(KernelVariant kernels) {
        Random random = new Random(12);
        for (int n : SIZES) {
            float[] x = random(random, n + 2);
            double[] terms = elements(x, 2, n);
            float got = (Float) kernels.call("VectorKernels", "sum", x, 2, n);
            assertWithinSummationBound(kernels + " sum n=" + n, got, terms, summationBound(kernels.lanes, terms, false));
            float twin = ScalarKernels.sum(x, 2, n);
            assertWithinSummationBound("scalar twin sum n=" + n, twin, terms, summationBound(1, terms, false));
        }
    }

    /**
     * The bound has teeth: a kernel that skipped one element would fail it. The skip is simulated by running
     * the real kernel with that element set to 0 (same order, same roundings, one term missing), and the result
     * is compared with the exact sum of all terms, as the tests above do. Every term here is at least 0.56 in
     * magnitude (random signs, |a_i|, |b_i|, |x_i| in [0.75, 1)); the element skipped is the first (the first
     * lane of the first block), the middle one, and the last (in the scalar tail unless n is a multiple of L).
     * The true result must pass, on the same data.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void aDotOrSumMissingOneTermIsOutsideTheBound(KernelVariant kernels) {
        Random random = new Random(20);
        for (int n : SIZES) {
            if (n == 0) continue;
            float[] a = awayFromZero(random, n), b = awayFromZero(random, n), x = awayFromZero(random, n);
            double[] dotTerms = products(a, 0, b, 0, n), sumTerms = elements(x, 0, n);
            double dotExact = exactSum(dotTerms), sumExact = exactSum(sumTerms);
            double dotBound = summationBound(kernels.lanes, dotTerms, true);
            double sumBound = summationBound(kernels.lanes, sumTerms, false);
            assertWithinSummationBound(kernels + " dot n=" + n, (Float) kernels.call("VectorKernels", "dot", a, 0, b, 0, n),
                    dotTerms, dotBound);
            assertWithinSummationBound(kernels + " sum n=" + n, (Float) kernels.call("VectorKernels", "sum", x, 0, n),
                    sumTerms, sumBound);
            for (int skipped : new int[] {0, n / 2, n - 1}) {
                float[] aSkipping = a.clone(), xSkipping = x.clone();
                aSkipping[skipped] = 0f;
                xSkipping[skipped] = 0f;
                float dot = (Float) kernels.call("VectorKernels", "dot", aSkipping, 0, b, 0, n);
                float sum = (Float) kernels.call("VectorKernels", "sum", xSkipping, 0, n);
                String what = kernels + " n=" + n + " without element " + skipped;
                assertTrue(Math.abs(dot - dotExact) > dotBound, what + ": dot " + dot + " is within " + dotBound
                        + " of the exact " + dotExact + " (difference " + Math.abs(dot - dotExact) + ")");
                assertTrue(Math.abs(sum - sumExact) > sumBound, what + ": sum " + sum + " is within " + sumBound
                        + " of the exact " + sumExact + " (difference " + Math.abs(sum - sumExact) + ")");
            }
        }
    }

    /** Random signs, magnitudes uniform in [0.75, 1). */
    static float[] awayFromZero(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (random.nextBoolean() ? 1f : -1f) * (0.75f + 0.25f * random.nextFloat());
        return x;
    }

    // ------------------------------------------------------------------ element-wise kernels

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void axpyIsWithinTwoRoundingsOfEachElement(KernelVariant kernels) {
        Random random = new Random(13);
        for (int n : SIZES) {
            float alpha = 0.37f;
            float[] x = random(random, n + 4), y = random(random, n + 6);
            float[] got = y.clone();
            kernels.call("VectorKernels", "axpy", alpha, x, 4, got, 1, n);
            // Guard elements: exactly y; the range [1, 1 + n): y + alpha x within two roundings.
            double[] expected = new double[y.length], bound = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                boolean inRange = i >= 1 && i < 1 + n;
                expected[i] = inRange ? y[i] + (double) alpha * x[i + 3] : y[i];
                bound[i] = inRange ? 2 * UNIT_ROUNDOFF * (Math.abs(y[i]) + Math.abs(alpha * x[i + 3])) : 0;
            }
            assertWithinBounds(expected, got, bound, kernels + " axpy n=" + n);
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
            assertSameBits(expected, got, kernels + " add n=" + n);

            expected = out.clone();
            got = out.clone();
            ScalarKernels.mul(a, 1, b, 5, expected, 9, n);
            kernels.call("VectorKernels", "mul", a, 1, b, 5, got, 9, n);
            assertSameBits(expected, got, kernels + " mul n=" + n);

            expected = out.clone();
            got = out.clone();
            ScalarKernels.scale(-1.5f, b, 6, expected, 4, n);
            kernels.call("VectorKernels", "scale", -1.5f, b, 6, got, 4, n);
            assertSameBits(expected, got, kernels + " scale n=" + n);

            // In place (out aliases an input), as the optimizers use it.
            expected = a.clone();
            got = a.clone();
            ScalarKernels.add(expected, 3, b, 7, expected, 3, n);
            kernels.call("VectorKernels", "add", got, 3, b, 7, got, 3, n);
            assertSameBits(expected, got, kernels + " add in place n=" + n);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void addBiasRowsMatchesTheScalarTwinExactlyWithAndWithoutRelu(KernelVariant kernels) {
        Random random = new Random(15);
        int positiveZero = Float.floatToRawIntBits(0f), negativeZero = Float.floatToRawIntBits(-0f);
        for (int rows : new int[] {0, 1, 3, 17}) {
            for (int cols : SIZES) {
                if ((long) rows * cols > 50_000) continue;
                float[] y = random(random, rows * cols + 5);   // 5 guard elements after the matrix
                float[] bias = random(random, cols);
                // -0 + -0 = -0, and NaN + anything = NaN, at the first column (a vector lane once cols >= L) and the
                // last (the scalar tail unless cols is a multiple of L), in row 0 and swapped in row 1.
                int last = cols - 1;
                if (rows * cols > 0) {
                    bias[0] = bias[last] = -0f;
                    y[0] = -0f;
                    if (cols > 1) y[last] = Float.NaN;
                    if (rows > 1) {
                        y[cols] = Float.NaN;
                        if (cols > 1) y[cols + last] = -0f;
                    }
                }
                for (boolean relu : new boolean[] {false, true}) {
                    float[] expected = y.clone(), got = y.clone();
                    ScalarKernels.addBiasRows(expected, bias, rows, cols, relu);
                    kernels.call("VectorKernels", "addBiasRows", got, bias, rows, cols, relu);
                    String what = kernels + " " + rows + "x" + cols + " relu=" + relu;
                    assertSameBits(expected, got, what);
                    if (rows * cols == 0) continue;
                    // By hand: ReLU is max(v, 0), so -0 becomes +0 (as in Keras) and NaN stays NaN; without ReLU
                    // both pass through.
                    assertEquals(relu ? positiveZero : negativeZero, Float.floatToRawIntBits(got[0]), what + " at (0, 0)");
                    if (cols > 1) assertTrue(Float.isNaN(got[last]), what + " at (0, " + last + "): " + got[last]);
                    if (rows > 1) {
                        assertTrue(Float.isNaN(got[cols]), what + " at (1, 0): " + got[cols]);
                        if (cols > 1) {
                            assertEquals(relu ? positiveZero : negativeZero, Float.floatToRawIntBits(got[cols + last]),
                                    what + " at (1, " + last + ")");
                        }
                    }
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
            assertSameBits(expected, got, kernels + " reluBackward n=" + n);
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
                    assertSameBits(expected, got, kernels + " sumRows " + rows + "x" + cols + " acc=" + accumulate);
                }
            }
        }
    }

    /** The fused ReLU + bias backward gives the bits of reluBackward followed by sumRows (accumulating). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void reluBackwardSumRowsEqualsReluBackwardThenSumRows(KernelVariant kernels) {
        Random random = new Random(21);
        for (int rows : new int[] {0, 1, 3, 17}) {
            for (int cols : SIZES) {
                if ((long) rows * cols > 50_000) continue;
                float[] y = random(random, rows * cols), dy = random(random, rows * cols);
                for (int i = 0; i < y.length; i += 5) y[i] = 0f;   // exact zeros: a ReLU output that was clipped
                float[] db = random(random, cols);
                float[] dzExpected = new float[rows * cols], dbExpected = db.clone();
                ScalarKernels.reluBackward(y, dy, dzExpected, 0, dzExpected.length);
                ScalarKernels.sumRows(dzExpected, rows, cols, dbExpected, true);
                float[] dz = random(random, rows * cols), dbGot = db.clone();
                kernels.call("VectorKernels", "reluBackwardSumRows", y, dy, dz, dbGot, rows, cols);
                assertSameBits(dzExpected, dz, kernels + " dz " + rows + "x" + cols);
                assertSameBits(dbExpected, dbGot, kernels + " db " + rows + "x" + cols);
            }
        }
    }

    /** addBiasRows on a block of a larger matrix touches exactly that block, with the whole-matrix kernel's bits. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void addBiasRowsOnABlockChangesOnlyTheBlock(KernelVariant kernels) {
        Random random = new Random(22);
        int ldy = 300, rows = 9;
        for (int cols : SIZES) {
            if (cols + 5 > ldy) continue;
            for (boolean relu : new boolean[] {false, true}) {
                float[] y = random(random, (rows + 2) * ldy), bias = random(random, cols + 11);
                float[] got = y.clone();
                kernels.call("VectorKernels", "addBiasRows", got, ldy + 5, ldy, bias, 11, rows, cols, relu);
                float[] expected = y.clone();
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        float v = y[ldy + 5 + r * ldy + c] + bias[11 + c];
                        expected[ldy + 5 + r * ldy + c] = relu ? Math.max(v, 0f) : v;
                    }
                }
                assertSameBits(expected, got, kernels + " block " + rows + "x" + cols + " relu=" + relu);
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
                assertSameBits(m1, m2, kernels + " adam m n=" + n);
                assertSameBits(v1, v2, kernels + " adam v n=" + n);
                assertSameBits(w1, w2, kernels + " adam w n=" + n + " decay=" + decay);
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
        assertSameBits(m1, m, kernels + " m");
        assertSameBits(v1, v, kernels + " v");
        assertSameBits(w1, w, kernels + " w");
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
            assertSameBits(u1, u2, kernels + " sgd velocity n=" + n);
            assertSameBits(w1, w2, kernels + " sgd w n=" + n);
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
