package io.twotower.engine.kernels;

import static io.twotower.engine.kernels.KernelAssertions.assertSameBits;
import static io.twotower.engine.kernels.KernelAssertions.assertWithinBounds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three {@link Matmul} forms against EJML (an independent library) and against the plain loops of
 * {@link ScalarKernels}, at every register width, on shapes chosen to hit every edge of the tiling:
 * 1x1x1, rows not a multiple of 4, columns not a multiple of any lane count, k below and above the
 * k-block, and a shape large enough to be split over threads.
 *
 * <p>Tolerance. Each C[i][j] is a sum of k products plus C0; any summation order is within
 * k · 2^-24 · (sum_p |A(i,p) B(p,j)| + |C0[i][j]|) of the exact value (Higham's gamma_k), so two correct
 * implementations differ by at most twice that. The magnitude is computed per element in double.
 *
 * <p>Exactness. The vectorised kernels promise more: every element is the chain
 * {@code acc = C0; acc = fma(A(i,p), B(p,j), acc) for p = 0..k-1}, whatever tile, block or thread computes
 * it. The test recomputes that chain with {@link Math#fma} and demands bit equality, for 1, 2 and 3 threads.
 */
class MatmulTest {
    static final float UNIT_ROUNDOFF = 0x1p-24f;
    // m covers every remainder mod 6 (the 6-row strips), and n 4-, 2- and 1-vector tiles with scalar tails.
    static final int[][] SHAPES = {{1, 1, 1}, {7, 17, 33}, {33, 257, 7}, {65, 3, 129}, {300, 21, 256},
                                   {5, 300, 50}, {130, 40, 97}, {64, 300, 130}, {8, 19, 70}, {10, 9, 81}};
    static final String[] FORMS = {"matmul", "matmulTransB", "matmulTransA"};

    static List<KernelVariant> variants() { return KernelVariant.all(); }

    static List<KernelVariant> vectorised() { return KernelVariant.vectorised(); }

    /** The thread count the JVM started with; each test that changes it restores it. */
    static final int DEFAULT_THREADS = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        for (KernelVariant kernels : KernelVariant.all()) kernels.call("Parallel", "setThreads", DEFAULT_THREADS);
    }

    static float[] random(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = random.nextFloat() * 2 - 1;
        return x;
    }

    /** A(i, p) for each form: A is stored (m x k), except for matmulTransA where it is (k x m). */
    static float aAt(String form, float[] a, int i, int p, int m, int k) {
        return form.equals("matmulTransA") ? a[p * m + i] : a[i * k + p];
    }

    /** B(p, j) for each form: B is stored (k x n), except for matmulTransB where it is (n x k). */
    static float bAt(String form, float[] b, int p, int j, int k, int n) {
        return form.equals("matmulTransB") ? b[j * k + p] : b[p * n + j];
    }

    /** EJML's answer for the form, C0 + product when accumulate. */
    static float[] ejml(String form, float[] a, float[] b, float[] c0, int m, int k, int n, boolean accumulate) {
        boolean transA = form.equals("matmulTransA"), transB = form.equals("matmulTransB");
        FMatrixRMaj ma = FMatrixRMaj.wrap(transA ? k : m, transA ? m : k, a.clone());
        FMatrixRMaj mb = FMatrixRMaj.wrap(transB ? n : k, transB ? k : n, b.clone());
        FMatrixRMaj mc = FMatrixRMaj.wrap(m, n, c0.clone());
        if (transA) {
            if (accumulate) CommonOps_FDRM.multAddTransA(ma, mb, mc); else CommonOps_FDRM.multTransA(ma, mb, mc);
        } else if (transB) {
            if (accumulate) CommonOps_FDRM.multAddTransB(ma, mb, mc); else CommonOps_FDRM.multTransB(ma, mb, mc);
        } else {
            if (accumulate) CommonOps_FDRM.multAdd(ma, mb, mc); else CommonOps_FDRM.mult(ma, mb, mc);
        }
        return mc.data;
    }

    /** sum_p |A(i,p) B(p,j)| for every element, in double: the scale of each element's rounding error. */
    static double[] productMagnitude(String form, float[] a, float[] b, int m, int k, int n) {
        double[] magnitude = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double aip = Math.abs(aAt(form, a, i, p, m, k));
                for (int j = 0; j < n; j++) magnitude[i * n + j] += aip * Math.abs(bAt(form, b, p, j, k, n));
            }
        }
        return magnitude;
    }

    static void assertClose(String what, float[] expected, float[] got, double[] productMagnitude, float[] c0,
                            int k, boolean accumulate) {
        double[] reference = new double[expected.length], bound = new double[expected.length];
        for (int e = 0; e < expected.length; e++) {
            double magnitude = productMagnitude[e] + (accumulate ? Math.abs(c0[e]) : 0);
            reference[e] = expected[e];
            bound[e] = 2 * (k + 1) * UNIT_ROUNDOFF * magnitude;
        }
        assertWithinBounds(reference, got, bound, what);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void allFormsAgreeWithEjmlAndWithTheScalarLoops(KernelVariant kernels) {
        Random random = new Random(21);
        for (int[] shape : SHAPES) {
            int m = shape[0], k = shape[1], n = shape[2];
            float[] a = random(random, m * k), b = random(random, k * n), c0 = random(random, m * n);
            for (String form : FORMS) {
                double[] magnitude = productMagnitude(form, a, b, m, k, n);
                for (boolean accumulate : new boolean[] {false, true}) {
                    String what = kernels + " " + form + " " + m + "x" + k + "x" + n + " acc=" + accumulate;
                    float[] got = c0.clone();
                    kernels.call("Matmul", form, a, b, got, m, k, n, accumulate);
                    assertClose(what + " vs EJML", ejml(form, a, b, c0, m, k, n, accumulate), got, magnitude, c0, k,
                            accumulate);
                    float[] scalar = c0.clone();
                    switch (form) {
                        case "matmul" -> ScalarKernels.matmul(a, b, scalar, m, k, n, accumulate);
                        case "matmulTransB" -> ScalarKernels.matmulTransB(a, b, scalar, m, k, n, accumulate);
                        default -> ScalarKernels.matmulTransA(a, b, scalar, m, k, n, accumulate);
                    }
                    assertClose(what + " vs ScalarKernels", scalar, got, magnitude, c0, k, accumulate);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorised")
    void everyElementIsTheFmaChainInOrderForAnyThreadCount(KernelVariant kernels) {
        Random random = new Random(22);
        // {300, 40, 256}, {130, 300, 97} and {40, 260, 260} are split over threads; in the last, A·Bᵀ also
        // splits the transpose of B. A·Bᵀ with few rows computes Cᵀ = B·Aᵀ instead of transposing B: always
        // in {8, 300, 130}, without accumulation in {7, 17, 33}, and on one thread in {40, 260, 260}, so that
        // shape also checks that both ways give the same bits.
        int[][] shapes = {{7, 17, 33}, {300, 40, 256}, {130, 300, 97}, {40, 260, 260}, {8, 300, 130}};
        for (int[] shape : shapes) {
            int m = shape[0], k = shape[1], n = shape[2];
            float[] a = random(random, m * k), b = random(random, k * n), c0 = random(random, m * n);
            for (String form : FORMS) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] expected = new float[m * n];
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            float acc = accumulate ? c0[i * n + j] : 0f;
                            for (int p = 0; p < k; p++) {
                                acc = Math.fma(aAt(form, a, i, p, m, k), bAt(form, b, p, j, k, n), acc);
                            }
                            expected[i * n + j] = acc;
                        }
                    }
                    for (int threads = 1; threads <= 3; threads++) {
                        kernels.call("Parallel", "setThreads", threads);
                        float[] got = c0.clone();
                        kernels.call("Matmul", form, a, b, got, m, k, n, accumulate);
                        assertSameBits(expected, got, kernels + " " + form + " " + m + "x" + k + "x" + n
                                + " acc=" + accumulate + " threads=" + threads);
                    }
                }
            }
        }
    }

    /**
     * matmulBias, the dense layer's forward in one pass, gives the bits of matmul followed by addBiasRows, on
     * every width and the scalar path, with and without ReLU, on one and two threads, for shapes with edge
     * tiles and scalar tails, two k blocks (k = 300 > KC), and one large enough to be split over the threads.
     * Half the products are negative, so the ReLU really clips.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void matmulBiasEqualsMatmulThenAddBiasRows(KernelVariant kernels) {
        Random random = new Random(29);
        int[][] shapes = {{1, 1, 1}, {7, 17, 33}, {33, 257, 7}, {65, 3, 129}, {300, 21, 256}, {5, 300, 50}, {257, 33, 257}};
        for (int[] shape : shapes) {
            int m = shape[0], k = shape[1], n = shape[2];
            float[] a = random(random, m * k), b = random(random, k * n), bias = random(random, n);
            for (boolean relu : new boolean[] {false, true}) {
                float[] expected = new float[m * n];
                kernels.call("Matmul", "matmul", a, b, expected, m, k, n, false);
                kernels.call("VectorKernels", "addBiasRows", expected, bias, m, n, relu);
                for (int threads : new int[] {1, 2}) {
                    kernels.call("Parallel", "setThreads", threads);
                    float[] got = random(random, m * n);   // old contents must not matter
                    kernels.call("Matmul", "matmulBias", a, b, bias, got, m, k, n, relu);
                    assertSameBits(expected, got, kernels + " matmulBias " + m + "x" + k + "x" + n + " relu=" + relu
                            + " threads=" + threads);
                }
            }
        }
    }

    @Test
    void oneAndTwoThreadsAreBitIdenticalOnALargeProduct() {
        Random random = new Random(23);
        int m = 257, k = 300, n = 230;   // m·k·n = 17.7 M multiply-adds: well above the parallel threshold
        float[] a = random(random, m * k), b = random(random, k * n);
        for (String form : FORMS) {
            float[] one = new float[m * n], two = new float[m * n];
            Parallel.setThreads(1);
            KernelVariant.PREFERRED.call("Matmul", form, a, b, one, m, k, n, false);
            Parallel.setThreads(2);
            KernelVariant.PREFERRED.call("Matmul", form, a, b, two, m, k, n, false);
            assertSameBits(one, two, form + ", one against two threads");
        }
    }

    /**
     * Empty products. With m = 0 or n = 0, C has no element, so nothing may be written. With k = 0, each of the
     * m·n elements is an empty sum: C = 0, or C += 0 (unchanged) when accumulating. C carries 5 guard elements
     * after its m·n that must keep their values in every case. Shapes include ones whose other dimensions
     * are large enough to be split over threads if the product were not empty.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void emptyProductsLeaveCUntouchedOrZeroIt(KernelVariant kernels) {
        Random random = new Random(24);
        int[][] shapes = {{0, 5, 7}, {6, 5, 0}, {6, 0, 7}, {0, 0, 7}, {0, 5, 0}, {6, 0, 0}, {0, 0, 0}, {1, 0, 1},
                          {0, 300, 300}, {300, 300, 0}, {300, 0, 300}, {40, 0, 33}};
        for (int[] shape : shapes) {
            int m = shape[0], k = shape[1], n = shape[2];
            float[] a = random(random, m * k), b = random(random, k * n), c0 = random(random, m * n + 5);
            for (String form : FORMS) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] expected = c0.clone();
                    if (!accumulate) java.util.Arrays.fill(expected, 0, m * n, 0f);   // k = 0; a no-op when m·n = 0
                    for (int threads = 1; threads <= 2; threads++) {
                        kernels.call("Parallel", "setThreads", threads);
                        float[] got = c0.clone();
                        kernels.call("Matmul", form, a, b, got, m, k, n, accumulate);
                        assertSameBits(expected, got, kernels + " " + form + " " + m + "x" + k + "x" + n + " acc="
                                + accumulate + " threads=" + threads);
                    }
                }
            }
        }
    }

    /**
     * transposeRows, the gather-based transpose behind A·Bᵀ, at every vector width (the scalar switch never
     * calls it: its A·Bᵀ is the plain loop). out[col * w + (r - rowFrom)] = src[r * cols + col] with
     * w = rowTo - rowFrom; src[i] = i makes every element distinct, so a misplaced one cannot go unnoticed, and
     * 3 guard elements after out must keep their value. Row counts give whole lane blocks, scalar remainders
     * and fewer rows than one block; row ranges start at 0 or at an offset, as A·Bᵀ's column split uses them.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorised")
    void transposeRowsPutsEachSourceElementAtItsTransposedIndex(KernelVariant kernels) {
        List<int[]> cases = new java.util.ArrayList<>();   // {rows, cols, rowFrom, rowTo}
        for (int rows : new int[] {0, 1, 7, 17, 33, 257}) {
            for (int cols : new int[] {1, 3, 16, 33, 40}) {
                cases.add(new int[] {rows, cols, 0, rows});
                cases.add(new int[] {rows, cols, rows / 3, rows});
                cases.add(new int[] {rows, cols, rows / 4, rows - rows / 4});
            }
        }
        cases.addAll(List.of(new int[] {16, 16, 0, 16}, new int[] {256, 128, 0, 256}, new int[] {40, 3, 5, 29},
                new int[] {9, 300, 2, 9}, new int[] {100, 33, 48, 100}));
        for (int[] cs : cases) {
            int rows = cs[0], cols = cs[1], rowFrom = cs[2], rowTo = cs[3], w = rowTo - rowFrom;
            float[] src = new float[rows * cols];
            for (int i = 0; i < src.length; i++) src[i] = i;
            float[] expected = new float[cols * w + 3];
            java.util.Arrays.fill(expected, -1f);
            for (int r = rowFrom; r < rowTo; r++) {
                for (int col = 0; col < cols; col++) expected[col * w + r - rowFrom] = r * cols + col;
            }
            float[] got = new float[cols * w + 3];
            java.util.Arrays.fill(got, -1f);
            kernels.callPackagePrivate("Matmul", "transposeRows", src, cols, rowFrom, rowTo, got);
            assertSameBits(expected, got, kernels + " " + rows + "x" + cols + " rows [" + rowFrom + ", " + rowTo + ")");
        }
    }

    @Test
    void aHandWorkedProduct() {
        // A = [1 2; 3 4], B = [5 6; 7 8]: A·B = [19 22; 43 50], A·Bᵀ = [17 23; 39 53], Aᵀ·B = [26 30; 38 44].
        float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8}, c = new float[4];
        Matmul.matmul(a, b, c, 2, 2, 2, false);
        assertArrayEquals(new float[] {19, 22, 43, 50}, c);
        Matmul.matmulTransB(a, b, c, 2, 2, 2, false);
        assertArrayEquals(new float[] {17, 23, 39, 53}, c);
        Matmul.matmulTransA(a, b, c, 2, 2, 2, true);    // accumulate onto A·Bᵀ
        assertArrayEquals(new float[] {17 + 26, 23 + 30, 39 + 38, 53 + 44}, c);
    }

    @Test
    void badShapesAndAliasingAreRejectedWithTheShapesInTheMessage() {
        float[] a = new float[6], b = new float[12], c = new float[8];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Matmul.matmul(a, b, c, 2, 4, 4, false));   // A needs 2 x 4 = 8 floats, has 6
        assertTrue(e.getMessage().contains("A (m x k) needs 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Matmul.matmulTransB(a, b, c, 2, 3, 5, false));
        assertTrue(e.getMessage().contains("B (n x k) needs 15"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Matmul.matmulTransA(a, b, c, 3, 2, 6, false));
        assertTrue(e.getMessage().contains("C (m x n) needs 18"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Matmul.matmul(c, b, c, 2, 2, 2, false));
        assertTrue(e.getMessage().contains("same array"), e.getMessage());
    }
}
