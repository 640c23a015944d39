package io.twotower.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the JDK Vector API, with the same signatures and contracts as their scalar twins
 * in {@link ScalarKernels} (read those first: they are the definition).
 *
 * <h2>One shape for every kernel</h2>
 * A vector of {@code L = SPECIES.length()} floats is processed per step (L = 16 for 512-bit AVX-512,
 * 8 for AVX2, 4 for 128-bit):
 * <pre>
 *   acc = 0                                   (several accumulators for long reductions)
 *   for (i = 0; i &lt; SPECIES.loopBound(n); i += L)
 *       acc = a[i..i+L) .fma( b[i..i+L), acc )
 *   result = sumLanes(acc)                    (once, after the loop)
 *   for (; i &lt; n; i++) result += a[i] * b[i] (explicit scalar tail, no masks)
 * </pre>
 * No masked loads (they are emulated with blends on AVX2), no allocation, no boxing: vectors live in
 * locals only, and escape analysis turns them into registers.
 *
 * <h2>Choosing the species</h2>
 * {@link #SPECIES} is a {@code static final} constant so the JIT can specialise every loop for one
 * register width. It is {@code FloatVector.SPECIES_PREFERRED} unless the system property
 * {@code twotower.vector.bits} says 128, 256 or 512; {@code 0} switches every kernel to the scalar
 * twins ({@link #SPECIES} is then {@code null}).
 *
 * <p>Why a constant and not a parameter: a Vector API operation compiles to one instruction only when
 * the JIT knows the species at compile time. A body that takes the species as an argument is often
 * compiled on its own (a hot loop is compiled by itself, and large bodies are not inlined), sees an
 * unknown species and falls back to boxed vectors, about 30x slower (measured: 2.5 instead of 80 GFLOP/s in {@link Matmul}). So every
 * body reads the {@code static final} field. Tests still cover every width: they load a second copy
 * of this package in an isolated class loader with {@code twotower.vector.bits} set to 128, 256 or 0,
 * so each copy has its own constant.
 *
 * <h2>Exactness</h2>
 * {@code add, mul, scale, addBiasRows, reluBackward, reluBackwardSumRows, sumRows, adamUpdate, sgdMomentumUpdate} perform the same IEEE
 * operations in the same order as the scalar twin per element, so they are bit-identical to it.
 * {@code dot, sum} reassociate the sum (L lanes x several accumulators) and {@code dot, axpy} fuse the
 * multiply-add (one rounding instead of two), so they agree with the scalar twin to a few ulps of the
 * magnitude of the terms, not bit for bit.
 */
public final class VectorKernels {
    private VectorKernels() {}

    /** The register width every kernel runs at, or {@code null} when the scalar path is forced. */
    static final VectorSpecies<Float> SPECIES = speciesFromProperty(System.getProperty("twotower.vector.bits"));

    /** Parses {@code twotower.vector.bits}: absent = preferred, 0 = scalar (null), 128/256/512. */
    static VectorSpecies<Float> speciesFromProperty(String bits) {
        if (bits == null || bits.isBlank()) return FloatVector.SPECIES_PREFERRED;
        return switch (bits.trim()) {
            case "0" -> null;
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException(
                    "twotower.vector.bits must be 0 (scalar), 128, 256 or 512, got '" + bits + "'");
        };
    }

    /** True when the kernels run on the Vector API, false when {@code twotower.vector.bits=0}. */
    public static boolean isVectorized() { return SPECIES != null; }

    /** Lanes per vector of the active species (1 on the scalar path). */
    public static int lanes() { return SPECIES == null ? 1 : SPECIES.length(); }

    // ------------------------------------------------------------------ public dispatchers

    /** Returns {@code sum_i a[aOff + i] * b[bOff + i]}. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        if (SPECIES == null) return ScalarKernels.dot(a, aOff, b, bOff, n);
        return dotVector(a, aOff, b, bOff, n);
    }

    /** saxpy: {@code y[yOff + i] += alpha * x[xOff + i]} (fused multiply-add). */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (SPECIES == null) ScalarKernels.axpy(alpha, x, xOff, y, yOff, n);
        else axpyVector(alpha, x, xOff, y, yOff, n);
    }

    /** {@code out[outOff + i] = a[aOff + i] + b[bOff + i]}; out may alias a or b. */
    public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (SPECIES == null) ScalarKernels.add(a, aOff, b, bOff, out, outOff, n);
        else addVector(a, aOff, b, bOff, out, outOff, n);
    }

    /** {@code out[outOff + i] = a[aOff + i] * b[bOff + i]}; out may alias a or b. */
    public static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (SPECIES == null) ScalarKernels.mul(a, aOff, b, bOff, out, outOff, n);
        else mulVector(a, aOff, b, bOff, out, outOff, n);
    }

    /** {@code out[outOff + i] = alpha * x[xOff + i]}; out may alias x. */
    public static void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
        if (SPECIES == null) ScalarKernels.scale(alpha, x, xOff, out, outOff, n);
        else scaleVector(alpha, x, xOff, out, outOff, n);
    }

    /** Returns {@code sum_i x[off + i]}. */
    public static float sum(float[] x, int off, int n) {
        if (SPECIES == null) return ScalarKernels.sum(x, off, n);
        return sumVector(x, off, n);
    }

    /**
     * In place on y (rows x cols, {@code y[r * cols + c]}): {@code y[r, c] += bias[c]}, then
     * {@code max(0, .)} when relu. The bias-add and the ReLU of a dense layer fused in one pass.
     */
    public static void addBiasRows(float[] y, float[] bias, int rows, int cols, boolean relu) {
        addBiasRows(y, 0, cols, bias, 0, rows, cols, relu);
    }

    /**
     * The same on a block of a larger matrix, element (r, c) at y[yOff + r * ldy + c] plus bias[biasOff + c],
     * for r < rows and c < cols (Matmul applies it to each tile of C it has just computed).
     */
    public static void addBiasRows(float[] y, int yOff, int ldy, float[] bias, int biasOff, int rows, int cols, boolean relu) {
        if (SPECIES == null) ScalarKernels.addBiasRows(y, yOff, ldy, bias, biasOff, rows, cols, relu);
        else addBiasRowsVector(y, yOff, ldy, bias, biasOff, rows, cols, relu);
    }

    /** ReLU backward from the saved output: {@code dz[i] = y[i] > 0 ? dy[i] : 0} for i in [off, off + n). */
    public static void reluBackward(float[] y, float[] dy, float[] dz, int off, int n) {
        if (SPECIES == null) ScalarKernels.reluBackward(y, dy, dz, off, n);
        else reluBackwardVector(y, dy, dz, off, n);
    }

    /**
     * dz = (y > 0) ⊙ dy and db += Σ_rows dz in one sweep (the backward pass of a dense layer's bias and ReLU);
     * see {@link ScalarKernels#reluBackwardSumRows}. Bit-identical to reluBackward, then sumRows with accumulate.
     */
    public static void reluBackwardSumRows(float[] y, float[] dy, float[] dz, float[] db, int rows, int cols) {
        if (SPECIES == null) ScalarKernels.reluBackwardSumRows(y, dy, dz, db, rows, cols);
        else reluBackwardSumRowsVector(y, dy, dz, db, rows, cols);
    }

    /** Column sums of x (rows x cols): {@code out[c] = sum_r x[r, c]}, or {@code +=} when accumulate. */
    public static void sumRows(float[] x, int rows, int cols, float[] out, boolean accumulate) {
        if (SPECIES == null) ScalarKernels.sumRows(x, rows, cols, out, accumulate);
        else sumRowsVector(x, rows, cols, out, accumulate);
    }

    /**
     * One Adam(W) step on n weights, in place on w, m, v; the formula is in {@link ScalarKernels#adamUpdate}.
     * Returns true when every new weight is finite.
     */
    public static boolean adamUpdate(float[] w, float[] g, float[] m, float[] v, int n, float beta1, float beta2,
                                     float stepSize, float eps, float decay) {
        if (SPECIES == null) return ScalarKernels.adamUpdate(w, g, m, v, n, beta1, beta2, stepSize, eps, decay);
        return adamUpdateVector(w, g, m, v, n, beta1, beta2, stepSize, eps, decay);
    }

    /**
     * One SGD-momentum step on n weights, in place on w and u; see {@link ScalarKernels#sgdMomentumUpdate}.
     * Returns true when every new weight is finite.
     */
    public static boolean sgdMomentumUpdate(float[] w, float[] g, float[] u, int n, float lr, float momentum) {
        if (SPECIES == null) return ScalarKernels.sgdMomentumUpdate(w, g, u, n, lr, momentum);
        return sgdMomentumUpdateVector(w, g, u, n, lr, momentum);
    }

    // ------------------------------------------------------------------ vector bodies (species = the constant)

    /**
     * The sum of a vector's lanes, added pairwise in a fixed order: (l0 + l1) + (l2 + l3), and so on up
     * the tree. Not {@code reduceLanes(ADD)}: its order is left to the implementation, and HotSpot's
     * interpreted fallback and its compiled intrinsic add in different orders, so the same call gave
     * different last bits before and after JIT compilation, and training was not reproducible run to
     * run. Lane indices are constants so that each extraction compiles to one instruction.
     */
    static float sumLanes(FloatVector v) {
        return switch (SPECIES.length()) { // a constant to the JIT: only one branch is compiled
            case 16 -> sum8(v.lane(0), v.lane(1), v.lane(2), v.lane(3), v.lane(4), v.lane(5), v.lane(6), v.lane(7))
                    + sum8(v.lane(8), v.lane(9), v.lane(10), v.lane(11), v.lane(12), v.lane(13), v.lane(14), v.lane(15));
            case 8 -> sum8(v.lane(0), v.lane(1), v.lane(2), v.lane(3), v.lane(4), v.lane(5), v.lane(6), v.lane(7));
            case 4 -> (v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3));
            default -> {
                float sum = 0f;
                for (int lane = 0; lane < v.length(); lane++) sum += v.lane(lane);
                yield sum;
            }
        };
    }

    private static float sum8(float a, float b, float c, float d, float e, float f, float g, float h) {
        return ((a + b) + (c + d)) + ((e + f) + (g + h));
    }

    private static float dotVector(float[] a, int aOff, float[] b, int bOff, int n) {
        VectorSpecies<Float> s = SPECIES;
        int lanes = s.length();
        // Four independent accumulators: an FMA has a latency of about 4 cycles, one chain would stall.
        FloatVector acc0 = FloatVector.zero(s), acc1 = FloatVector.zero(s);
        FloatVector acc2 = FloatVector.zero(s), acc3 = FloatVector.zero(s);
        int i = 0;
        for (int bound4 = n - 4 * lanes; i <= bound4; i += 4 * lanes) {
            acc0 = FloatVector.fromArray(s, a, aOff + i).fma(FloatVector.fromArray(s, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(s, a, aOff + i + lanes).fma(FloatVector.fromArray(s, b, bOff + i + lanes), acc1);
            acc2 = FloatVector.fromArray(s, a, aOff + i + 2 * lanes).fma(FloatVector.fromArray(s, b, bOff + i + 2 * lanes), acc2);
            acc3 = FloatVector.fromArray(s, a, aOff + i + 3 * lanes).fma(FloatVector.fromArray(s, b, bOff + i + 3 * lanes), acc3);
        }
        for (int bound = s.loopBound(n); i < bound; i += lanes) {
            acc0 = FloatVector.fromArray(s, a, aOff + i).fma(FloatVector.fromArray(s, b, bOff + i), acc0);
        }
        float sum = sumLanes(acc0.add(acc1).add(acc2.add(acc3)));
        for (; i < n; i++) sum += a[aOff + i] * b[bOff + i];
        return sum;
    }

    private static void axpyVector(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        VectorSpecies<Float> s = SPECIES;
        FloatVector va = FloatVector.broadcast(s, alpha);
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            FloatVector vy = FloatVector.fromArray(s, y, yOff + i);
            FloatVector.fromArray(s, x, xOff + i).fma(va, vy).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }

    private static void addVector(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        VectorSpecies<Float> s = SPECIES;
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            FloatVector.fromArray(s, a, aOff + i).add(FloatVector.fromArray(s, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    private static void mulVector(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        VectorSpecies<Float> s = SPECIES;
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            FloatVector.fromArray(s, a, aOff + i).mul(FloatVector.fromArray(s, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    private static void scaleVector(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
        VectorSpecies<Float> s = SPECIES;
        FloatVector va = FloatVector.broadcast(s, alpha);
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            va.mul(FloatVector.fromArray(s, x, xOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = alpha * x[xOff + i];
    }

    private static float sumVector(float[] x, int off, int n) {
        VectorSpecies<Float> s = SPECIES;
        int lanes = s.length();
        FloatVector acc0 = FloatVector.zero(s), acc1 = FloatVector.zero(s);
        FloatVector acc2 = FloatVector.zero(s), acc3 = FloatVector.zero(s);
        int i = 0;
        for (int bound4 = n - 4 * lanes; i <= bound4; i += 4 * lanes) {
            acc0 = acc0.add(FloatVector.fromArray(s, x, off + i));
            acc1 = acc1.add(FloatVector.fromArray(s, x, off + i + lanes));
            acc2 = acc2.add(FloatVector.fromArray(s, x, off + i + 2 * lanes));
            acc3 = acc3.add(FloatVector.fromArray(s, x, off + i + 3 * lanes));
        }
        for (int bound = s.loopBound(n); i < bound; i += lanes) {
            acc0 = acc0.add(FloatVector.fromArray(s, x, off + i));
        }
        float sum = sumLanes(acc0.add(acc1).add(acc2.add(acc3)));
        for (; i < n; i++) sum += x[off + i];
        return sum;
    }

    private static void addBiasRowsVector(float[] y, int yOff, int ldy, float[] bias, int biasOff, int rows, int cols,
                                          boolean relu) {
        VectorSpecies<Float> s = SPECIES;
        FloatVector zero = FloatVector.zero(s);
        int bound = s.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = yOff + r * ldy;
            int c = 0;
            for (; c < bound; c += s.length()) {
                FloatVector v = FloatVector.fromArray(s, y, row + c).add(FloatVector.fromArray(s, bias, biasOff + c));
                // Lane-wise MAX follows Math.max, as the twin does: NaN stays NaN, and -0 becomes +0 (max(-0, +0)
                // is +0), as Keras' relu gives.
                if (relu) v = v.max(zero);
                v.intoArray(y, row + c);
            }
            for (; c < cols; c++) {
                float v = y[row + c] + bias[biasOff + c];
                y[row + c] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    private static void reluBackwardVector(float[] y, float[] dy, float[] dz, int off, int n) {
        VectorSpecies<Float> s = SPECIES;
        FloatVector zero = FloatVector.zero(s);
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            VectorMask<Float> active = FloatVector.fromArray(s, y, off + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(s, dy, off + i), active).intoArray(dz, off + i);
        }
        for (; i < n; i++) dz[off + i] = y[off + i] > 0f ? dy[off + i] : 0f;
    }

    private static void reluBackwardSumRowsVector(float[] y, float[] dy, float[] dz, float[] db, int rows, int cols) {
        VectorSpecies<Float> s = SPECIES;
        int lanes = s.length();
        FloatVector zero = FloatVector.zero(s);
        int c = 0;
        // As in sumRowsVector: a strip of two vectors of columns goes down all rows with its sums in registers;
        // per column the additions happen in row order, as in the twin.
        for (int bound2 = cols - 2 * lanes; c <= bound2; c += 2 * lanes) {
            FloatVector acc0 = FloatVector.fromArray(s, db, c), acc1 = FloatVector.fromArray(s, db, c + lanes);
            for (int r = 0; r < rows; r++) {
                int i = r * cols + c;
                FloatVector d0 = zero.blend(FloatVector.fromArray(s, dy, i), FloatVector.fromArray(s, y, i).compare(VectorOperators.GT, 0f));
                FloatVector d1 = zero.blend(FloatVector.fromArray(s, dy, i + lanes),
                        FloatVector.fromArray(s, y, i + lanes).compare(VectorOperators.GT, 0f));
                d0.intoArray(dz, i);
                d1.intoArray(dz, i + lanes);
                acc0 = acc0.add(d0);
                acc1 = acc1.add(d1);
            }
            acc0.intoArray(db, c);
            acc1.intoArray(db, c + lanes);
        }
        for (int bound = s.loopBound(cols); c < bound; c += lanes) {
            FloatVector acc = FloatVector.fromArray(s, db, c);
            for (int r = 0; r < rows; r++) {
                int i = r * cols + c;
                FloatVector d = zero.blend(FloatVector.fromArray(s, dy, i), FloatVector.fromArray(s, y, i).compare(VectorOperators.GT, 0f));
                d.intoArray(dz, i);
                acc = acc.add(d);
            }
            acc.intoArray(db, c);
        }
        for (; c < cols; c++) {
            float acc = db[c];
            for (int r = 0; r < rows; r++) {
                int i = r * cols + c;
                dz[i] = y[i] > 0f ? dy[i] : 0f;
                acc += dz[i];
            }
            db[c] = acc;
        }
    }

    private static void sumRowsVector(float[] x, int rows, int cols, float[] out, boolean accumulate) {
        VectorSpecies<Float> s = SPECIES;
        int lanes = s.length();
        int c = 0;
        // A strip of two vectors of columns is summed down all rows in registers, then stored once.
        // Per element the additions happen in row order, exactly as in the scalar twin.
        for (int bound2 = cols - 2 * lanes; c <= bound2; c += 2 * lanes) {
            FloatVector acc0 = accumulate ? FloatVector.fromArray(s, out, c) : FloatVector.zero(s);
            FloatVector acc1 = accumulate ? FloatVector.fromArray(s, out, c + lanes) : FloatVector.zero(s);
            for (int r = 0; r < rows; r++) {
                acc0 = acc0.add(FloatVector.fromArray(s, x, r * cols + c));
                acc1 = acc1.add(FloatVector.fromArray(s, x, r * cols + c + lanes));
            }
            acc0.intoArray(out, c);
            acc1.intoArray(out, c + lanes);
        }
        for (int bound = s.loopBound(cols); c < bound; c += lanes) {
            FloatVector acc = accumulate ? FloatVector.fromArray(s, out, c) : FloatVector.zero(s);
            for (int r = 0; r < rows; r++) acc = acc.add(FloatVector.fromArray(s, x, r * cols + c));
            acc.intoArray(out, c);
        }
        for (; c < cols; c++) {
            float acc = accumulate ? out[c] : 0f;
            for (int r = 0; r < rows; r++) acc += x[r * cols + c];
            out[c] = acc;
        }
    }

    /**
     * The Adam(W) body. Deliberately written with separate multiplies and adds in the scalar twin's order
     * (no FMA), to stay bit-exact with it. Its cost is one division and one square root per vector (the
     * bias corrections are folded into stepSize), and subnormal moments, which are therefore flushed to 0
     * as in the twin.
     */
    private static boolean adamUpdateVector(float[] w, float[] g, float[] m, float[] v, int n, float beta1,
                                            float beta2, float stepSize, float eps, float decay) {
        VectorSpecies<Float> s = SPECIES;
        FloatVector nonFinite = FloatVector.zero(s);   // w · 0 summed: 0 while every new weight is finite
        FloatVector oneMinusB1 = FloatVector.broadcast(s, 1f - beta1), oneMinusB2 = FloatVector.broadcast(s, 1f - beta2);
        FloatVector vStep = FloatVector.broadcast(s, stepSize), vEps = FloatVector.broadcast(s, eps);
        FloatVector vDecay = FloatVector.broadcast(s, decay);
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            FloatVector gi = FloatVector.fromArray(s, g, i);
            FloatVector wi = FloatVector.fromArray(s, w, i);
            FloatVector mi = FloatVector.fromArray(s, m, i);
            FloatVector vi = FloatVector.fromArray(s, v, i);
            mi = mi.add(oneMinusB1.mul(gi.sub(mi)));               // first moment
            vi = vi.add(oneMinusB2.mul(gi.mul(gi).sub(vi)));       // second moment
            mi = mi.blend(0f, mi.abs().lt(Float.MIN_NORMAL));      // subnormal moments become 0 (see ScalarKernels)
            vi = vi.blend(0f, vi.abs().lt(Float.MIN_NORMAL));
            FloatVector step = vStep.mul(mi).div(vi.sqrt().add(vEps));
            FloatVector wNew = wi.sub(vDecay.mul(wi)).sub(step);    // decoupled decay, then the Adam step
            wNew.intoArray(w, i);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            nonFinite = nonFinite.add(wNew.mul(0f));
        }
        float tail = 0f;
        for (; i < n; i++) {
            m[i] = ScalarKernels.flushSubnormal(m[i] + (1f - beta1) * (g[i] - m[i]));
            v[i] = ScalarKernels.flushSubnormal(v[i] + (1f - beta2) * (g[i] * g[i] - v[i]));
            w[i] = w[i] - decay * w[i] - stepSize * m[i] / ((float) Math.sqrt(v[i]) + eps);
            tail += w[i] * 0f;
        }
        return sumLanes(nonFinite) + tail == 0f;
    }

    /** The SGD-momentum body: the same two operations per element as the twin, so bit-exact with it. */
    private static boolean sgdMomentumUpdateVector(float[] w, float[] g, float[] u, int n, float lr, float momentum) {
        VectorSpecies<Float> s = SPECIES;
        FloatVector nonFinite = FloatVector.zero(s);
        FloatVector vLr = FloatVector.broadcast(s, lr), vMomentum = FloatVector.broadcast(s, momentum);
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            FloatVector ui = vMomentum.mul(FloatVector.fromArray(s, u, i)).sub(vLr.mul(FloatVector.fromArray(s, g, i)));
            ui.intoArray(u, i);
            FloatVector wNew = FloatVector.fromArray(s, w, i).add(ui);
            wNew.intoArray(w, i);
            nonFinite = nonFinite.add(wNew.mul(0f));
        }
        float tail = 0f;
        for (; i < n; i++) {
            u[i] = momentum * u[i] - lr * g[i];
            w[i] = w[i] + u[i];
            tail += w[i] * 0f;
        }
        return sumLanes(nonFinite) + tail == 0f;
    }
}
