package io.twotower.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products on the Vector API, in the three forms a dense layer needs:
 * <ul>
 *   <li>forward: {@code C = A·B} with A (m x k), B (k x n) — {@link #matmul};</li>
 *   <li>gradient to the input: {@code C = A·Bᵀ} with B stored (n x k) — {@link #matmulTransB};</li>
 *   <li>gradient to the weights: {@code C = Aᵀ·B} with A stored (k x m) — {@link #matmulTransA}.</li>
 * </ul>
 * All matrices are dense row-major {@code float[]} starting at index 0: element (row, col) of an
 * (rows x cols) matrix is {@code data[row * cols + col]}. C is (m x n) in every form. With
 * {@code accumulate} the product is added to C ({@code C += ...}), otherwise C is overwritten.
 * C must not be the same array as A or B.
 *
 * <h2>Formula and the order of operations</h2>
 * {@code C[i][j] = C0[i][j] + sum_{p = 0..k-1} A(i, p) · B(p, j)}, where C0 is the old C (accumulate) or 0.
 * Every element is computed the same way whatever kernel, block or thread handles it: one accumulator
 * starting at C0, updated by a fused multiply-add {@code acc = fma(A(i,p), B(p,j), acc)} for
 * p = 0, 1, ..., k-1 in order. So results are bit-identical for any thread count and any blocking,
 * and differ from the plain-loop {@link ScalarKernels} twins only by the rounding saved by the FMA.
 *
 * <h2>Register tiling: why a 6-row micro-kernel</h2>
 * The inner kernel computes a tile of 6 rows by NV vectors of columns of C, held in 6·NV vector
 * accumulators for the whole k loop. Each step p loads the NV vectors of row p of B, broadcasts the 6
 * scalars A(i..i+5, p), and issues 6·NV FMAs. The tile is as large as the register file allows, because
 * its size decides how many FMAs each load feeds:
 * <ul>
 *   <li>512-bit vectors (AVX-512, 32 registers): 6 x 4 vectors = 6 x 64 floats, 24 accumulators + 4 B
 *       vectors + 1 broadcast = 29 registers; 10 loads feed 24 FMAs.</li>
 *   <li>256-bit and narrower (AVX2 has 16 registers): 6 x 2 vectors, 12 + 2 + 1 = 15 registers, the shape of
 *       BLIS's Haswell kernel; 8 loads feed 12 FMAs.</li>
 * </ul>
 * Either way the FMA units, not the loads, are the limit, and the accumulators are many more than the
 * (latency x throughput) of the FMA pipes, so no FMA waits for the previous one. Nothing spills. C is read
 * and written once per tile and k block, not once per p. Edge tiles of 2 and 1 vectors, 4-row tiles for
 * the rows left over, a one-row kernel and a scalar FMA loop for the last n % L columns finish the edges
 * without masks. Measured on a 2-core AVX-512 machine (Zen 4, shared; JMH in the same run as a
 * register-only FMA loop that peaks at 110-115 GFLOP/s per core): 95-105 GFLOP/s on one thread at
 * 256x256x128 and 1024x256x128 for the three forms (the 4 x 3 kernel this replaced reached 78-97),
 * 80-90 at the short k = 21 and k = 32 of the model's first and last layers, about 25x the plain loops of
 * {@link ScalarKernels} (3-4 GFLOP/s), and 160-200 GFLOP/s on two threads at the large shapes.
 *
 * <h2>Cache blocking</h2>
 * The k dimension is cut into blocks of {@value #KC} and the columns into blocks of {@value #NC}: a
 * (KC x NC) panel of B (at most 384 KiB) stays in the L2 cache while every 4-row strip of A (4 x KC
 * floats, 4 KiB, in L1) sweeps across it. Between k blocks the accumulators go through C in memory,
 * which does not change any rounding.
 *
 * <h2>The transposed forms</h2>
 * The micro-kernel reads A through two strides, A(i, p) = {@code a[i * rowStride + p * colStride]}.
 * For {@code Aᵀ·B} (A stored k x m) that is rowStride 1, colStride m: the 4 broadcast scalars of
 * step p are even adjacent in memory, and nothing is copied. For {@code A·Bᵀ} the kernel needs rows of
 * Bᵀ as contiguous vectors, which B (n x k) does not have (they are its columns). So the rows of B that a
 * thread needs are <em>packed</em>: copied, with vector gathers, into a per-thread panel of Bᵀ (k x w)
 * that is reused across calls. This is what every BLAS does for op(B) = Bᵀ (GotoBLAS packs every
 * operand): no transposed tensor is ever made, nothing is allocated per call, and the packing costs
 * O(n·k) against the product's O(m·n·k). To split the packing over the threads as well, A·Bᵀ splits the
 * columns of C (each thread packs only the rows of B its columns need) where the other two forms split
 * the rows. When A and C are the smaller operands (a product too small to split, with few rows m, such as
 * dx = dz·Wᵀ at batch 32), A·Bᵀ is computed as its transpose Cᵀ = B·Aᵀ instead: it packs A and C rather
 * than B, with the same products in the same order, so the same bits.
 *
 * <h2>Threads</h2>
 * When {@code m·n·k >= }{@value #PARALLEL_THRESHOLD}, C is split over {@link Parallel#threads()} (below
 * {@value #WAKE_THRESHOLD}, over the workers already awake only) into contiguous ranges of rows (multiples
 * of 6 rows; A·B and Aᵀ·B) or of columns (whole vectors; A·Bᵀ); each element is still computed by one
 * thread, in the fixed order above.
 *
 * <h2>Memory</h2>
 * Nothing is allocated per call once the per-thread scratch buffers have grown to the largest operands
 * seen: the split over the threads is described by a reused per-thread {@code Job}, and the hand-off to
 * the workers allocates nothing ({@link Parallel}).
 */
public final class Matmul {
    private Matmul() {}

    /** Rows of C per register tile. */
    static final int MR = 6;
    /**
     * Vectors of columns per register tile: 4 with 512-bit vectors (AVX-512 has 32 vector registers: 24
     * accumulators + 4 of B + 1 broadcast), else 2 (AVX2 has 16: 12 + 2 + 1, the shape of BLIS's Haswell kernel).
     */
    static final int NV = VectorKernels.SPECIES != null && VectorKernels.SPECIES.vectorBitSize() >= 512 ? 4 : 2;
    /** Depth of one cache block of the k dimension. */
    static final int KC = 256;
    /** Columns of one cache block of B (a multiple of 3 vectors for 128, 256 and 512-bit species). */
    static final int NC = 384;
    /**
     * Products of at least this many multiply-adds (512 K, about 5 µs on one core) are split over the threads,
     * but only over workers that are still spinning after their last job (about 1 µs to hand over): waking
     * a parked worker is a system call that costs as much as the whole product. Below, one thread.
     */
    static final long PARALLEL_THRESHOLD = 1L << 19;
    /**
     * From this many multiply-adds (2 M, 20-50 µs on one core) a parked worker is woken too: the 10-100 µs
     * it can take to wake on this 2-core virtual machine is then worth paying (and since parts are claimed,
     * not assigned, the caller never waits for a worker that has not started).
     */
    static final long WAKE_THRESHOLD = 1L << 21;

    /** Per-thread packing panel (rows of B packed as Bᵀ, or Aᵀ) for {@link #matmulTransB}; grows, never shrinks. */
    private static final ThreadLocal<float[]> TRANSPOSE_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    /** Per-thread scratch for Cᵀ in {@link #matmulTransB}'s transposed path; grows, never shrinks. */
    private static final ThreadLocal<float[]> PRODUCT_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    /** Per-thread gather offsets of {@link #transposeRows}, one per lane (rewritten on every call). */
    private static final ThreadLocal<int[]> GATHER_OFFSETS =
            ThreadLocal.withInitial(() -> new int[VectorKernels.SPECIES.length()]);

    /** The calling thread's parallel job: reused, so that handing a product to the workers allocates nothing. */
    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    /**
     * The arguments of one product split over the threads, as a {@link Parallel.RangeBody}: the rows [from, to)
     * of C for A·B and Aᵀ·B, or its columns [from, to) for A·Bᵀ. A capturing lambda would be a new object
     * per call; this is one per calling thread, filled in before the hand-off and cleared after it.
     */
    private static final class Job implements Parallel.RangeBody {
        private float[] a, b, c, bias;
        private int aRowStride, aColStride, m, k, n;
        private boolean accumulate, relu, columnsOfTransB;

        Job set(float[] a, int aRowStride, int aColStride, float[] b, float[] c, int m, int k, int n,
                boolean accumulate, float[] bias, boolean relu, boolean columnsOfTransB) {
            this.bias = bias;
            this.relu = relu;
            this.a = a;
            this.aRowStride = aRowStride;
            this.aColStride = aColStride;
            this.b = b;
            this.c = c;
            this.m = m;
            this.k = k;
            this.n = n;
            this.accumulate = accumulate;
            this.columnsOfTransB = columnsOfTransB;
            return this;
        }

        /** Drops the references to the matrices, so a finished job keeps no array alive. */
        void clear() {
            a = b = c = bias = null;
        }

        @Override
        public void run(int from, int to) {
            if (columnsOfTransB) transBColumns(a, b, c, m, k, n, from, to, accumulate);
            else multiplyBlock(a, aRowStride, aColStride, b, n, 0, c, n, from, to, 0, n, k, accumulate, bias, relu);
        }
    }

    // ------------------------------------------------------------------ public API

    /** C (m x n) = A (m x k) · B (k x n), or C += A·B when accumulate. */
    public static void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
        check("matmul", a, m * (long) k, "A (m x k)", b, k * (long) n, "B (k x n)", c, m, k, n);
        if (VectorKernels.SPECIES == null) {
            ScalarKernels.matmul(a, b, c, m, k, n, accumulate);
            return;
        }
        multiply(a, k, 1, b, c, m, k, n, accumulate, null, false);
    }

    /**
     * C (m x n) = A (m x k) · B (k x n) + bias (one value per column), then max(0, ·) when relu: the forward
     * pass of a dense layer. The same values, bit for bit, as {@link #matmul} followed by
     * {@link VectorKernels#addBiasRows}, but in one pass over C: each tile of C gets its bias and ReLU right
     * after the micro-kernel has stored it, while it is still in the L1 cache, instead of in a second sweep
     * over the whole output (which at batch 1024 is a megabyte, out of L2).
     */
    public static void matmulBias(float[] a, float[] b, float[] bias, float[] c, int m, int k, int n, boolean relu) {
        check("matmulBias", a, m * (long) k, "A (m x k)", b, k * (long) n, "B (k x n)", c, m, k, n);
        if (bias.length < n) throw new IllegalArgumentException("matmulBias: bias needs " + n + " floats, array has " + bias.length);
        if (VectorKernels.SPECIES == null || k == 0 || m == 0) {
            matmul(a, b, c, m, k, n, false);
            VectorKernels.addBiasRows(c, bias, m, n, relu);
            return;
        }
        multiply(a, k, 1, b, c, m, k, n, false, bias, relu);
    }

    /** C (m x n) = A (m x k) · Bᵀ where B is stored (n x k); C += when accumulate. */
    public static void matmulTransB(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
        check("matmulTransB", a, m * (long) k, "A (m x k)", b, n * (long) k, "B (n x k)", c, m, k, n);
        if (VectorKernels.SPECIES == null) {
            ScalarKernels.matmulTransB(a, b, c, m, k, n, accumulate);
            return;
        }
        multiplyTransB(a, b, c, m, k, n, accumulate);
    }

    /** C (m x n) = Aᵀ · B where A is stored (k x m) and B is (k x n); C += when accumulate. */
    public static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
        check("matmulTransA", a, k * (long) m, "A (k x m)", b, k * (long) n, "B (k x n)", c, m, k, n);
        if (VectorKernels.SPECIES == null) {
            ScalarKernels.matmulTransA(a, b, c, m, k, n, accumulate);
            return;
        }
        multiply(a, 1, m, b, c, m, k, n, accumulate, null, false);
    }

    private static void check(String op, float[] a, long aSize, String aName, float[] b, long bSize, String bName,
                              float[] c, int m, int k, int n) {
        if (m < 0 || k < 0 || n < 0) {
            throw new IllegalArgumentException(op + ": negative dimension m=" + m + " k=" + k + " n=" + n);
        }
        if (a.length < aSize) throw new IllegalArgumentException(op + ": " + aName + " needs " + aSize
                + " floats for m=" + m + " k=" + k + " n=" + n + ", array has " + a.length);
        if (b.length < bSize) throw new IllegalArgumentException(op + ": " + bName + " needs " + bSize
                + " floats for m=" + m + " k=" + k + " n=" + n + ", array has " + b.length);
        if (c.length < m * (long) n) throw new IllegalArgumentException(op + ": C (m x n) needs " + (m * (long) n)
                + " floats for m=" + m + " n=" + n + ", array has " + c.length);
        if (c == a || c == b) throw new IllegalArgumentException(op + ": C must not be the same array as A or B");
    }

    // ------------------------------------------------------------------ species-parameterised drivers

    /**
     * C (m x n) (+)= A·Bᵀ for B stored (n x k). The columns of C are split over the threads (in whole
     * vectors): the part computing columns [from, to) needs rows [from, to) of B only, packs just those
     * into its own panel of Bᵀ, and runs the A·B loop nest on them. So the packing is split over the threads
     * too, with a single hand-off to the pool.
     */
    private static void multiplyTransB(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) java.util.Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        int lanes = VectorKernels.SPECIES.length();
        if (Parallel.threads() > 1 && (long) m * n * k >= PARALLEL_THRESHOLD && n > lanes) {
            Job job = JOBS.get().set(a, k, 1, b, c, m, k, n, accumulate, null, false, true);
            try {
                Parallel.forRange(n, lanes, (long) m * n * k >= WAKE_THRESHOLD, job);
            } finally {
                job.clear();
            }
        } else if ((long) m * k + (accumulate ? 2L : 1L) * m * n < (long) n * k) {
            transposedProduct(a, b, c, m, k, n, accumulate);
        } else {
            transBColumns(a, b, c, m, k, n, 0, n, accumulate);
        }
    }

    /**
     * C (+)= A·Bᵀ computed as its transpose, Cᵀ (+)= B·Aᵀ, when A and C are the small operands (few rows m,
     * as dx = dz·Wᵀ at a small batch): transposing A (m·k elements) and C (m·n, twice when accumulating)
     * is then less work than transposing B (n·k). Element (j, i) of Cᵀ is the chain
     * acc = fma(B(j,p), A(i,p), acc) for p = 0..k-1 from C0(i, j): the same products in the same order
     * as for C, so the result is bit-identical to the other path.
     */
    private static void transposedProduct(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
        float[] at = scratch(TRANSPOSE_SCRATCH, m * k);
        float[] ct = scratch(PRODUCT_SCRATCH, m * n);
        transposeRows(a, k, 0, m, at);                       // Aᵀ (k x m)
        if (accumulate) transposeRows(c, n, 0, m, ct);       // C0ᵀ (n x m)
        // Cᵀ (n x m) (+)= B (n x k) · Aᵀ (k x m): B(j, p) = b[j * k + p]
        multiplyBlock(b, k, 1, at, m, 0, ct, m, 0, n, 0, m, k, accumulate, null, false);
        transposeRows(ct, m, 0, n, c);                       // C = (Cᵀ)ᵀ
    }

    /** The thread's scratch array from {@code holder}, grown to at least {@code size} floats. */
    private static float[] scratch(ThreadLocal<float[]> holder, int size) {
        float[] s = holder.get();
        if (s.length < size) {
            s = new float[size];
            holder.set(s);
        }
        return s;
    }

    /** Columns [colFrom, colTo) of C = A·Bᵀ: packs rows [colFrom, colTo) of B as a panel of Bᵀ, then multiplies. */
    private static void transBColumns(float[] a, float[] b, float[] c, int m, int k, int n, int colFrom, int colTo,
                                      boolean accumulate) {
        int width = colTo - colFrom;
        float[] bt = TRANSPOSE_SCRATCH.get();
        if (bt.length < k * width) {
            bt = new float[k * width];
            TRANSPOSE_SCRATCH.set(bt);
        }
        transposeRows(b, k, colFrom, colTo, bt);
        // Bᵀ(p, j) is bt[p * width + j - colFrom]: row stride width, column shift colFrom.
        multiplyBlock(a, k, 1, bt, width, colFrom, c, n, 0, m, colFrom, colTo, k, accumulate, null, false);
    }

    /**
     * out = (rows [rowFrom, rowTo) of src)ᵀ for src with {@code cols} columns: out is (cols x w), w = rowTo -
     * rowFrom, out[col * w + (r - rowFrom)] = src[r * cols + col]. Blocks of L rows (L = lanes) are
     * transposed one column at a time with a gather: the L elements src[(r0 + l) * cols + col] for
     * l = 0..L-1 (offsets l · cols) land in one vector, which is stored as a contiguous run of out's row
     * {@code col}. One gather and one store per L elements: on the model's shapes about 2x faster than
     * the scalar loop (13.5 against 26-36 µs for 256 x 128 on AVX-512), which matters because the
     * dense layers' dx = dz·Wᵀ packs W every step. The last w % L rows use the scalar loop.
     */
    static void transposeRows(float[] src, int cols, int rowFrom, int rowTo, float[] out) {
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        int lanes = s.length();
        int w = rowTo - rowFrom;
        int blocksEnd = rowFrom + w / lanes * lanes;
        int[] offsets = GATHER_OFFSETS.get();
        for (int l = 0; l < lanes; l++) offsets[l] = l * cols;   // rows l apart in src
        for (int r0 = rowFrom; r0 < blocksEnd; r0 += lanes) {
            for (int col = 0; col < cols; col++) {
                FloatVector.fromArray(s, src, r0 * cols + col, offsets, 0).intoArray(out, col * w + r0 - rowFrom);
            }
        }
        transposeRowsScalar(src, cols, rowFrom, blocksEnd, rowTo, out);
    }

    /**
     * The scalar twin of {@link #transposeRows} for rows [from, rowTo) only (out has w = rowTo - rowFrom
     * columns): out[col * w + (r - rowFrom)] = src[r * cols + col]. With from = rowFrom it is the whole
     * transpose, the reference the tests compare with.
     */
    static void transposeRowsScalar(float[] src, int cols, int rowFrom, int from, int rowTo, float[] out) {
        int w = rowTo - rowFrom;
        for (int r = from; r < rowTo; r++) {
            for (int col = 0; col < cols; col++) out[col * w + r - rowFrom] = src[r * cols + col];
        }
    }

    /**
     * C (m x n) (+)= A·B where A(i, p) = {@code a[i * aRowStride + p * aColStride]} and B is (k x n)
     * row-major. The rows of C are split over the threads when the product is large enough.
     */
    private static void multiply(float[] a, int aRowStride, int aColStride, float[] b, float[] c,
                                 int m, int k, int n, boolean accumulate, float[] bias, boolean relu) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) java.util.Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        if (Parallel.threads() > 1 && (long) m * n * k >= PARALLEL_THRESHOLD && m > MR) {
            Job job = JOBS.get().set(a, aRowStride, aColStride, b, c, m, k, n, accumulate, bias, relu, false);
            try {
                Parallel.forRange(m, MR, (long) m * n * k >= WAKE_THRESHOLD, job);
            } finally {
                job.clear();
            }
            return;
        }
        multiplyBlock(a, aRowStride, aColStride, b, n, 0, c, n, 0, m, 0, n, k, accumulate, bias, relu);
    }

    /**
     * The block [rowFrom, rowTo) x [colFrom, colTo) of C: the cache-blocked loop nest around the
     * micro-kernels. A(i, p) = a[i * ars + p * acs]; B(p, j) = b[p * ldb + j - bShift]; C(i, j) = c[i * ldc + j].
     * For each (NC columns) x (KC depth) panel of B, every 6-row strip of C sweeps across the panel, then
     * the last rows do the same four and one at a time ({@link #sixRowStripsEnd}). With a bias, the last k block
     * finishes each tile: C(i, j) = relu?(C(i, j) + bias[j]).
     */
    private static void multiplyBlock(float[] a, int ars, int acs, float[] b, int ldb, int bShift, float[] c,
                                      int ldc, int rowFrom, int rowTo, int colFrom, int colTo, int k,
                                      boolean accumulate, float[] bias, boolean relu) {
        int sixRowsEnd = sixRowStripsEnd(rowFrom, rowTo);
        for (int jc = colFrom; jc < colTo; jc += NC) {
            int jcEnd = Math.min(colTo, jc + NC);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean load = accumulate || pc > 0;   // later k blocks continue the sums already in C
                boolean last = pc + kc == k;           // the sums are complete: time for bias and ReLU
                float[] finishBias = last ? bias : null;
                boolean finishRelu = last && relu;
                int bRow = pc * ldb - bShift;          // b[bRow + j] = B(pc, j)
                for (int i = rowFrom; i < sixRowsEnd; i += MR) {
                    sixRowStrip(a, i * ars + pc * acs, ars, acs, b, bRow, ldb, c, i * ldc, ldc, jc, jcEnd, kc, load,
                            finishBias, finishRelu);
                }
                int i = sixRowsEnd;
                for (; rowTo - i >= 4; i += 4) {
                    fourRowStrip(a, i * ars + pc * acs, ars, acs, b, bRow, ldb, c, i * ldc, ldc, jc, jcEnd, kc, load,
                            finishBias, finishRelu);
                }
                for (; i < rowTo; i++) {
                    oneRowStrip(a, i * ars + pc * acs, acs, b, bRow, ldb, c, i * ldc, jc, jcEnd, kc, load,
                            finishBias, finishRelu);
                }
            }
        }
    }

    /**
     * Where the 6-row strips of rows [rowFrom, rowTo) end; the rest goes in 4-row strips, then single rows.
     * Single rows are the slow case (one FMA per two loads), so when m % 6 is 2 or 3 one 6-row strip is given
     * up for two 4-row ones: 8 = 4 + 4 and 9 = 4 + 4 + 1 rows instead of 6 + 1 + 1 and 6 + 1 + 1 + 1.
     */
    static int sixRowStripsEnd(int rowFrom, int rowTo) {
        int rows = rowTo - rowFrom, sixes = rows / MR, rest = rows % MR;
        if ((rest == 2 || rest == 3) && sixes > 0) sixes--;
        return rowFrom + sixes * MR;
    }

    /**
     * Columns [jFrom, jTo) of six rows of C: tiles of {@link #NV} vectors while they fit, then one of 2 and one
     * of 1 vector, then the last (jTo - jFrom) % L columns one scalar at a time.
     * A(i, p0) is at a[ai]; B(p0, j) at b[bRow + j]; C(i, j) at c[cRow + j]. When bias is not null, each tile
     * is finished right after its kernel: C = relu?(C + bias[j]), while it is in L1.
     */
    private static void sixRowStrip(float[] a, int ai, int ars, int acs, float[] b, int bRow, int ldb, float[] c,
                                    int cRow, int ldc, int jFrom, int jTo, int kc, boolean load,
                                    float[] bias, boolean relu) {
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        int lanes = s.length();
        boolean finish = bias != null;
        int j = jFrom;
        int vectors = s.loopBound(jTo - jFrom) / lanes;
        for (; vectors >= NV; vectors -= NV, j += NV * lanes) {
            if (NV == 4) kernel6x4(a, ai, ars, acs, b, bRow + j, ldb, c, cRow + j, ldc, kc, load); // a constant: one branch is compiled
            else kernel6x2(a, ai, ars, acs, b, bRow + j, ldb, c, cRow + j, ldc, kc, load);
            if (finish) finishTile(c, cRow + j, ldc, MR, NV * lanes, bias, j, relu);
        }
        if (vectors >= 2) {
            kernel6x2(a, ai, ars, acs, b, bRow + j, ldb, c, cRow + j, ldc, kc, load);
            if (finish) finishTile(c, cRow + j, ldc, MR, 2 * lanes, bias, j, relu);
            vectors -= 2;
            j += 2 * lanes;
        }
        if (vectors == 1) {
            kernel6x1(a, ai, ars, acs, b, bRow + j, ldb, c, cRow + j, ldc, kc, load);
            if (finish) finishTile(c, cRow + j, ldc, MR, lanes, bias, j, relu);
            j += lanes;
        }
        scalarColumns(a, ai, ars, acs, b, bRow, ldb, c, cRow, ldc, MR, j, jTo, kc, load, bias, relu);
    }

    /** Columns [jFrom, jTo) of four rows of C (the rows after the 6-row strips): tiles of NV, 2 and 1 vectors, then scalars. */
    private static void fourRowStrip(float[] a, int ai, int ars, int acs, float[] b, int bRow, int ldb, float[] c,
                                     int cRow, int ldc, int jFrom, int jTo, int kc, boolean load,
                                     float[] bias, boolean relu) {
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        int lanes = s.length();
        boolean finish = bias != null;
        int j = jFrom;
        int vectors = s.loopBound(jTo - jFrom) / lanes;
        if (NV == 4) {
            for (; vectors >= 4; vectors -= 4, j += 4 * lanes) {
                kernel4x4(a, ai, ars, acs, b, bRow + j, ldb, c, cRow + j, ldc, kc, load);
                if (finish) finishTile(c, cRow + j, ldc, 4, 4 * lanes, bias, j, relu);
            }
        }
        for (; vectors >= 2; vectors -= 2, j += 2 * lanes) {
            kernel4x2(a, ai, ars, acs, b, bRow + j, ldb, c, cRow + j, ldc, kc, load);
            if (finish) finishTile(c, cRow + j, ldc, 4, 2 * lanes, bias, j, relu);
        }
        if (vectors == 1) {
            kernel4x1(a, ai, ars, acs, b, bRow + j, ldb, c, cRow + j, ldc, kc, load);
            if (finish) finishTile(c, cRow + j, ldc, 4, lanes, bias, j, relu);
            j += lanes;
        }
        scalarColumns(a, ai, ars, acs, b, bRow, ldb, c, cRow, ldc, 4, j, jTo, kc, load, bias, relu);
    }

    /** Columns [jFrom, jTo) of one row of C (the last rows): 1-vector tiles, then scalars; finished as above. */
    private static void oneRowStrip(float[] a, int ai, int acs, float[] b, int bRow, int ldb, float[] c, int cRow,
                                    int jFrom, int jTo, int kc, boolean load, float[] bias, boolean relu) {
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        int lanes = s.length();
        int vecEnd = jFrom + s.loopBound(jTo - jFrom);
        int j = jFrom;
        for (; j < vecEnd; j += lanes) kernel1x1(a, ai, acs, b, bRow + j, ldb, c, cRow + j, kc, load);
        if (bias != null && vecEnd > jFrom) finishTile(c, cRow + jFrom, 0, 1, vecEnd - jFrom, bias, jFrom, relu);
        scalarColumns(a, ai, 0, acs, b, bRow, ldb, c, cRow, 0, 1, vecEnd, jTo, kc, load, bias, relu);
    }

    /** The last columns [jFrom, jTo) (fewer than a vector) of {@code rows} rows, one FMA chain each; finished as above. */
    private static void scalarColumns(float[] a, int ai, int ars, int acs, float[] b, int bRow, int ldb, float[] c,
                                      int cRow, int ldc, int rows, int jFrom, int jTo, int kc, boolean load,
                                      float[] bias, boolean relu) {
        if (jFrom >= jTo) return;
        for (int r = 0; r < rows; r++) {
            for (int j = jFrom; j < jTo; j++) {
                scalarElement(a, ai + r * ars, acs, b, bRow + j, ldb, c, cRow + r * ldc + j, kc, load);
            }
        }
        if (bias != null) finishTile(c, cRow + jFrom, ldc, rows, jTo - jFrom, bias, jFrom, relu);
    }

    /**
     * C = relu?(C + bias[j]) on a rows x cols tile at c[ci] (row stride ldc) whose first column is column j of C:
     * the addition and the max of {@link VectorKernels#addBiasRows}, so the result is that of a second pass.
     */
    private static void finishTile(float[] c, int ci, int ldc, int rows, int cols, float[] bias, int j, boolean relu) {
        VectorKernels.addBiasRows(c, ci, ldc, bias, j, rows, cols, relu);
    }

    // ------------------------------------------------------------------ micro-kernels
    // Arguments: A(i, p0) at a[ai], next row +ars, next p +acs; B(p0, j) at b[bi], next p +ldb;
    // C(i, j) at c[ci], next row +ldc; kc steps of p; load = start from C instead of from 0.
    // Indices are written base + p * stride (not advanced pointers), a form C2 recognises as linear in
    // the loop variable, so it checks the array bounds once before the loop instead of at every load
    // (measured: 2-6% faster).

    /** Six rows by four vectors (24 accumulators): the main tile with 512-bit vectors. */
    private static void kernel6x4(float[] a, int ai, int ars, int acs, float[] b, int bi,
                                  int ldb, float[] c, int ci, int ldc, int kc, boolean load) {
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        int l = s.length();
        FloatVector c00, c01, c02, c03,
                c10, c11, c12, c13,
                c20, c21, c22, c23,
                c30, c31, c32, c33,
                c40, c41, c42, c43,
                c50, c51, c52, c53;
        if (load) {
            c00 = FloatVector.fromArray(s, c, ci); c01 = FloatVector.fromArray(s, c, ci + l);
            c02 = FloatVector.fromArray(s, c, ci + 2 * l); c03 = FloatVector.fromArray(s, c, ci + 3 * l);
            c10 = FloatVector.fromArray(s, c, ci + ldc); c11 = FloatVector.fromArray(s, c, ci + ldc + l);
            c12 = FloatVector.fromArray(s, c, ci + ldc + 2 * l); c13 = FloatVector.fromArray(s, c, ci + ldc + 3 * l);
            c20 = FloatVector.fromArray(s, c, ci + 2 * ldc); c21 = FloatVector.fromArray(s, c, ci + 2 * ldc + l);
            c22 = FloatVector.fromArray(s, c, ci + 2 * ldc + 2 * l); c23 = FloatVector.fromArray(s, c, ci + 2 * ldc + 3 * l);
            c30 = FloatVector.fromArray(s, c, ci + 3 * ldc); c31 = FloatVector.fromArray(s, c, ci + 3 * ldc + l);
            c32 = FloatVector.fromArray(s, c, ci + 3 * ldc + 2 * l); c33 = FloatVector.fromArray(s, c, ci + 3 * ldc + 3 * l);
            c40 = FloatVector.fromArray(s, c, ci + 4 * ldc); c41 = FloatVector.fromArray(s, c, ci + 4 * ldc + l);
            c42 = FloatVector.fromArray(s, c, ci + 4 * ldc + 2 * l); c43 = FloatVector.fromArray(s, c, ci + 4 * ldc + 3 * l);
            c50 = FloatVector.fromArray(s, c, ci + 5 * ldc); c51 = FloatVector.fromArray(s, c, ci + 5 * ldc + l);
            c52 = FloatVector.fromArray(s, c, ci + 5 * ldc + 2 * l); c53 = FloatVector.fromArray(s, c, ci + 5 * ldc + 3 * l);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = FloatVector.zero(s);
        }
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * ldb, ap = ai + p * acs;   // indices linear in p: C2 hoists the range checks
            FloatVector b0 = FloatVector.fromArray(s, b, bp);
            FloatVector b1 = FloatVector.fromArray(s, b, bp + l);
            FloatVector b2 = FloatVector.fromArray(s, b, bp + 2 * l);
            FloatVector b3 = FloatVector.fromArray(s, b, bp + 3 * l);
            FloatVector a0 = FloatVector.broadcast(s, a[ap]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(s, a[ap + ars]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(s, a[ap + 2 * ars]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(s, a[ap + 3 * ars]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
            FloatVector a4 = FloatVector.broadcast(s, a[ap + 4 * ars]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42); c43 = a4.fma(b3, c43);
            FloatVector a5 = FloatVector.broadcast(s, a[ap + 5 * ars]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52); c53 = a5.fma(b3, c53);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + l); c02.intoArray(c, ci + 2 * l); c03.intoArray(c, ci + 3 * l);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + l);
        c12.intoArray(c, ci + ldc + 2 * l); c13.intoArray(c, ci + ldc + 3 * l);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + l);
        c22.intoArray(c, ci + 2 * ldc + 2 * l); c23.intoArray(c, ci + 2 * ldc + 3 * l);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + l);
        c32.intoArray(c, ci + 3 * ldc + 2 * l); c33.intoArray(c, ci + 3 * ldc + 3 * l);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + l);
        c42.intoArray(c, ci + 4 * ldc + 2 * l); c43.intoArray(c, ci + 4 * ldc + 3 * l);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + l);
        c52.intoArray(c, ci + 5 * ldc + 2 * l); c53.intoArray(c, ci + 5 * ldc + 3 * l);
    }

    /** Six rows by two vectors (12 accumulators): the main tile below 512 bits, and an edge tile. */
    private static void kernel6x2(float[] a, int ai, int ars, int acs, float[] b, int bi,
                                  int ldb, float[] c, int ci, int ldc, int kc, boolean load) {
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        int l = s.length();
        FloatVector c00, c01,
                c10, c11,
                c20, c21,
                c30, c31,
                c40, c41,
                c50, c51;
        if (load) {
            c00 = FloatVector.fromArray(s, c, ci); c01 = FloatVector.fromArray(s, c, ci + l);
            c10 = FloatVector.fromArray(s, c, ci + ldc); c11 = FloatVector.fromArray(s, c, ci + ldc + l);
            c20 = FloatVector.fromArray(s, c, ci + 2 * ldc); c21 = FloatVector.fromArray(s, c, ci + 2 * ldc + l);
            c30 = FloatVector.fromArray(s, c, ci + 3 * ldc); c31 = FloatVector.fromArray(s, c, ci + 3 * ldc + l);
            c40 = FloatVector.fromArray(s, c, ci + 4 * ldc); c41 = FloatVector.fromArray(s, c, ci + 4 * ldc + l);
            c50 = FloatVector.fromArray(s, c, ci + 5 * ldc); c51 = FloatVector.fromArray(s, c, ci + 5 * ldc + l);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = FloatVector.zero(s);
        }
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * ldb, ap = ai + p * acs;   // indices linear in p: C2 hoists the range checks
            FloatVector b0 = FloatVector.fromArray(s, b, bp);
            FloatVector b1 = FloatVector.fromArray(s, b, bp + l);
            FloatVector a0 = FloatVector.broadcast(s, a[ap]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(s, a[ap + ars]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(s, a[ap + 2 * ars]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(s, a[ap + 3 * ars]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(s, a[ap + 4 * ars]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(s, a[ap + 5 * ars]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + l);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + l);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + l);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + l);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + l);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + l);
    }

    /** Six rows by one vector: the last vector of columns of a 6-row strip. */
    private static void kernel6x1(float[] a, int ai, int ars, int acs, float[] b, int bi,
                                  int ldb, float[] c, int ci, int ldc, int kc, boolean load) {
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        int l = s.length();
        FloatVector c00,
                c10,
                c20,
                c30,
                c40,
                c50;
        if (load) {
            c00 = FloatVector.fromArray(s, c, ci);
            c10 = FloatVector.fromArray(s, c, ci + ldc);
            c20 = FloatVector.fromArray(s, c, ci + 2 * ldc);
            c30 = FloatVector.fromArray(s, c, ci + 3 * ldc);
            c40 = FloatVector.fromArray(s, c, ci + 4 * ldc);
            c50 = FloatVector.fromArray(s, c, ci + 5 * ldc);
        } else {
            c00 = c10 = c20 = c30 = c40 = c50 = FloatVector.zero(s);
        }
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * ldb, ap = ai + p * acs;   // indices linear in p: C2 hoists the range checks
            FloatVector b0 = FloatVector.fromArray(s, b, bp);
            FloatVector a0 = FloatVector.broadcast(s, a[ap]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(s, a[ap + ars]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(s, a[ap + 2 * ars]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(s, a[ap + 3 * ars]);
            c30 = a3.fma(b0, c30);
            FloatVector a4 = FloatVector.broadcast(s, a[ap + 4 * ars]);
            c40 = a4.fma(b0, c40);
            FloatVector a5 = FloatVector.broadcast(s, a[ap + 5 * ars]);
            c50 = a5.fma(b0, c50);
        }
        c00.intoArray(c, ci);
        c10.intoArray(c, ci + ldc);
        c20.intoArray(c, ci + 2 * ldc);
        c30.intoArray(c, ci + 3 * ldc);
        c40.intoArray(c, ci + 4 * ldc);
        c50.intoArray(c, ci + 5 * ldc);
    }

    /** Four rows by four vectors (16 accumulators): rows left over after the 6-row strips, 512-bit vectors. */
    private static void kernel4x4(float[] a, int ai, int ars, int acs, float[] b, int bi,
                                  int ldb, float[] c, int ci, int ldc, int kc, boolean load) {
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        int l = s.length();
        FloatVector c00, c01, c02, c03,
                c10, c11, c12, c13,
                c20, c21, c22, c23,
                c30, c31, c32, c33;
        if (load) {
            c00 = FloatVector.fromArray(s, c, ci); c01 = FloatVector.fromArray(s, c, ci + l);
            c02 = FloatVector.fromArray(s, c, ci + 2 * l); c03 = FloatVector.fromArray(s, c, ci + 3 * l);
            c10 = FloatVector.fromArray(s, c, ci + ldc); c11 = FloatVector.fromArray(s, c, ci + ldc + l);
            c12 = FloatVector.fromArray(s, c, ci + ldc + 2 * l); c13 = FloatVector.fromArray(s, c, ci + ldc + 3 * l);
            c20 = FloatVector.fromArray(s, c, ci + 2 * ldc); c21 = FloatVector.fromArray(s, c, ci + 2 * ldc + l);
            c22 = FloatVector.fromArray(s, c, ci + 2 * ldc + 2 * l); c23 = FloatVector.fromArray(s, c, ci + 2 * ldc + 3 * l);
            c30 = FloatVector.fromArray(s, c, ci + 3 * ldc); c31 = FloatVector.fromArray(s, c, ci + 3 * ldc + l);
            c32 = FloatVector.fromArray(s, c, ci + 3 * ldc + 2 * l); c33 = FloatVector.fromArray(s, c, ci + 3 * ldc + 3 * l);
        } else {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = FloatVector.zero(s);
        }
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * ldb, ap = ai + p * acs;   // indices linear in p: C2 hoists the range checks
            FloatVector b0 = FloatVector.fromArray(s, b, bp);
            FloatVector b1 = FloatVector.fromArray(s, b, bp + l);
            FloatVector b2 = FloatVector.fromArray(s, b, bp + 2 * l);
            FloatVector b3 = FloatVector.fromArray(s, b, bp + 3 * l);
            FloatVector a0 = FloatVector.broadcast(s, a[ap]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(s, a[ap + ars]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(s, a[ap + 2 * ars]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(s, a[ap + 3 * ars]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + l);
        c02.intoArray(c, ci + 2 * l); c03.intoArray(c, ci + 3 * l);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + l);
        c12.intoArray(c, ci + ldc + 2 * l); c13.intoArray(c, ci + ldc + 3 * l);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + l);
        c22.intoArray(c, ci + 2 * ldc + 2 * l); c23.intoArray(c, ci + 2 * ldc + 3 * l);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + l);
        c32.intoArray(c, ci + 3 * ldc + 2 * l); c33.intoArray(c, ci + 3 * ldc + 3 * l);
    }

    /** Four rows by two vectors: rows left over after the 6-row strips. */
    private static void kernel4x2(float[] a, int ai, int ars, int acs, float[] b, int bi,
                                  int ldb, float[] c, int ci, int ldc, int kc, boolean load) {
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        int l = s.length();
        FloatVector c00, c01,
                c10, c11,
                c20, c21,
                c30, c31;
        if (load) {
            c00 = FloatVector.fromArray(s, c, ci); c01 = FloatVector.fromArray(s, c, ci + l);
            c10 = FloatVector.fromArray(s, c, ci + ldc); c11 = FloatVector.fromArray(s, c, ci + ldc + l);
            c20 = FloatVector.fromArray(s, c, ci + 2 * ldc); c21 = FloatVector.fromArray(s, c, ci + 2 * ldc + l);
            c30 = FloatVector.fromArray(s, c, ci + 3 * ldc); c31 = FloatVector.fromArray(s, c, ci + 3 * ldc + l);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = FloatVector.zero(s);
        }
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * ldb, ap = ai + p * acs;   // indices linear in p: C2 hoists the range checks
            FloatVector b0 = FloatVector.fromArray(s, b, bp);
            FloatVector b1 = FloatVector.fromArray(s, b, bp + l);
            FloatVector a0 = FloatVector.broadcast(s, a[ap]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(s, a[ap + ars]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(s, a[ap + 2 * ars]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(s, a[ap + 3 * ars]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + l);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + l);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + l);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + l);
    }

    /** Four rows by one vector. */
    private static void kernel4x1(float[] a, int ai, int ars, int acs, float[] b, int bi,
                                  int ldb, float[] c, int ci, int ldc, int kc, boolean load) {
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        int l = s.length();
        FloatVector c00,
                c10,
                c20,
                c30;
        if (load) {
            c00 = FloatVector.fromArray(s, c, ci);
            c10 = FloatVector.fromArray(s, c, ci + ldc);
            c20 = FloatVector.fromArray(s, c, ci + 2 * ldc);
            c30 = FloatVector.fromArray(s, c, ci + 3 * ldc);
        } else {
            c00 = c10 = c20 = c30 = FloatVector.zero(s);
        }
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * ldb, ap = ai + p * acs;   // indices linear in p: C2 hoists the range checks
            FloatVector b0 = FloatVector.fromArray(s, b, bp);
            FloatVector a0 = FloatVector.broadcast(s, a[ap]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(s, a[ap + ars]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(s, a[ap + 2 * ars]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(s, a[ap + 3 * ars]);
            c30 = a3.fma(b0, c30);
        }
        c00.intoArray(c, ci);
        c10.intoArray(c, ci + ldc);
        c20.intoArray(c, ci + 2 * ldc);
        c30.intoArray(c, ci + 3 * ldc);
    }

    /** One row by one vector: only for the last m % 6 rows. */
    private static void kernel1x1(float[] a, int ai, int acs, float[] b, int bi, int ldb,
                                  float[] c, int ci, int kc, boolean load) {
        VectorSpecies<Float> s = VectorKernels.SPECIES;
        FloatVector c0 = load ? FloatVector.fromArray(s, c, ci) : FloatVector.zero(s);
        for (int p = 0; p < kc; p++) {
            c0 = FloatVector.broadcast(s, a[ai + p * acs]).fma(FloatVector.fromArray(s, b, bi + p * ldb), c0);
        }
        c0.intoArray(c, ci);
    }

    /** One element of the last n % L columns, with the same FMA sequence as a vector lane. */
    private static void scalarElement(float[] a, int ai, int acs, float[] b, int bi, int ldb, float[] c, int ci,
                                      int kc, boolean load) {
        float acc = load ? c[ci] : 0f;
        for (int p = 0; p < kc; p++) acc = Math.fma(a[ai + p * acs], b[bi + p * ldb], acc);
        c[ci] = acc;
    }
}
