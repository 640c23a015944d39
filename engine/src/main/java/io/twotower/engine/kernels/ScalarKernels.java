package io.twotower.engine.kernels;

/**
 * Plain scalar loops: the reference every SIMD kernel is tested against, the fallback when the
 * Vector API is switched off, and the first thing a reader should read.
 *
 * <p>All arrays are row-major: element (r, c) of an (rows x cols) matrix is {@code a[off + r * cols + c]}.
 * Nothing here allocates.
 */
public final class ScalarKernels {
    private ScalarKernels() {}

    /** Returns sum_i a[aOff + i] * b[bOff + i]. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) sum += a[aOff + i] * b[bOff + i];
        return sum;
    }

    /** saxpy: y[i] += alpha * x[i]. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    /** out[i] = a[i] + b[i]. */
    public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    /** out[i] = a[i] * b[i]. */
    public static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    /** out[i] = alpha * x[i]. */
    public static void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = alpha * x[xOff + i];
    }

    /** Returns sum_i x[off + i]. */
    public static float sum(float[] x, int off, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) sum += x[off + i];
        return sum;
    }

    /**
     * In place, row by row: y[r, c] = y[r, c] + bias[c], then max(0, .) when relu. y is (rows x cols).
     * ReLU is {@code Math.max(v, 0)}: a NaN stays NaN, and -0 becomes +0 (Math.max orders -0 below +0), as
     * in Keras.
     */
    public static void addBiasRows(float[] y, float[] bias, int rows, int cols, boolean relu) {
        addBiasRows(y, 0, cols, bias, 0, rows, cols, relu);
    }

    /**
     * The same on a block of a larger matrix: rows r < rows and columns c < cols of the block starting at
     * y[yOff] with row stride ldy, element (r, c) at y[yOff + r * ldy + c], plus bias[biasOff + c].
     */
    public static void addBiasRows(float[] y, int yOff, int ldy, float[] bias, int biasOff, int rows, int cols, boolean relu) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float v = y[yOff + r * ldy + c] + bias[biasOff + c];
                y[yOff + r * ldy + c] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /** ReLU backward from the saved output: dz[i] = y[i] > 0 ? dy[i] : 0. */
    public static void reluBackward(float[] y, float[] dy, float[] dz, int off, int n) {
        for (int i = off; i < off + n; i++) dz[i] = y[i] > 0f ? dy[i] : 0f;
    }

    /**
     * The backward pass of bias + ReLU in one sweep: dz = (y > 0) ⊙ dy for the rows x cols matrices y, dy, dz,
     * and db[c] += Σ_r dz[r, c], added in row order: the same values as {@link #reluBackward} followed by
     * {@link #sumRows} with accumulate.
     */
    public static void reluBackwardSumRows(float[] y, float[] dy, float[] dz, float[] db, int rows, int cols) {
        for (int c = 0; c < cols; c++) {
            float acc = db[c];
            for (int r = 0; r < rows; r++) {
                int i = r * cols + c;
                dz[i] = y[i] > 0f ? dy[i] : 0f;
                acc += dz[i];
            }
            db[c] = acc;
        }
    }

    /** Column sums of x (rows x cols): out[c] = sum_r x[r, c], or out[c] += when accumulate (db = sum_rows dy). */
    public static void sumRows(float[] x, int rows, int cols, float[] out, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(out, 0, cols, 0f);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[c] += x[r * cols + c];
        }
    }

    /**
     * One Adam(W) update of n weights, in place on w, m and v, in the form Keras computes it:
     * <pre>
     *   m = m + (1 - b1) (g - m)                 running mean of the gradient
     *   v = v + (1 - b2) (g² - v)                running mean of its square
     *   w = w - decay · w - stepSize · m / (sqrt(v) + eps)
     * </pre>
     * where the caller folds the learning rate and both bias corrections into one scalar per step,
     * stepSize = lr · sqrt(1 - b2^t) / (1 - b1^t) (the "more efficient order" of Kingma and Ba, section 2),
     * and decay = lr · weightDecay (0 for plain Adam; AdamW shrinks w before the Adam step, as Keras does).
     * That leaves one division and one square root per weight, against three divisions in the textbook
     * form with m̂ = m / (1 - b1^t) and v̂ = v / (1 - b2^t).
     *
     * <p>A new m or v smaller in magnitude than {@link Float#MIN_NORMAL} (about 1.18e-38) is stored as 0.
     * Weights whose gradient is exactly 0 for many steps (a genre absent from the batch, a dead ReLU) see m
     * shrink by b1 = 0.9 per step into the subnormal range within about 800 steps, and arithmetic on
     * subnormal floats is slow: it made the whole update twice as slow in training at batch 32 (45 against
     * 21 µs per tower and step, measured). Such a moment moves no weight: its step stepSize · m / (sqrt(v) + eps)
     * is below 1e-31, far under half an ulp of any weight that is not itself nearly 0.
     *
     * @return true when every new weight is finite; false after a NaN or infinite gradient (the weights are
     *         written anyway: the caller reports the failure)
     */
    public static boolean adamUpdate(float[] w, float[] g, float[] m, float[] v, int n, float beta1, float beta2,
                                     float stepSize, float eps, float decay) {
        float nonFinite = 0f;   // stays 0 while every w * 0 is 0; NaN as soon as one w is NaN or infinite
        for (int i = 0; i < n; i++) {
            m[i] = flushSubnormal(m[i] + (1f - beta1) * (g[i] - m[i]));          // m: mean of g, moved 10% towards g
            v[i] = flushSubnormal(v[i] + (1f - beta2) * (g[i] * g[i] - v[i]));   // v: mean of g², moved 0.1% towards g²
            float step = stepSize * m[i] / ((float) Math.sqrt(v[i]) + eps);        // about stepSize · sign(g) when g is steady
            w[i] = w[i] - decay * w[i] - step;                                     // decoupled decay (AdamW), then the step
            nonFinite += w[i] * 0f;
        }
        return nonFinite == 0f;
    }

    /**
     * One SGD-with-momentum update of n weights, in place on w and the velocity u (Keras' form):
     * u = momentum · u - lr · g;  w = w + u. Returns true when every new weight is finite.
     */
    public static boolean sgdMomentumUpdate(float[] w, float[] g, float[] u, int n, float lr, float momentum) {
        float nonFinite = 0f;   // as in adamUpdate: 0 while every new weight is finite
        for (int i = 0; i < n; i++) {
            u[i] = momentum * u[i] - lr * g[i]; // velocity: a decaying sum of past steps
            w[i] = w[i] + u[i];                 // move along it
            nonFinite += w[i] * 0f;
        }
        return nonFinite == 0f;
    }

    /** x, or 0 when x is subnormal (|x| < Float.MIN_NORMAL): see {@link #adamUpdate}. */
    static float flushSubnormal(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }

    /** C (m x n) = A (m x k) * B (k x n), or C += A * B when accumulate. The i-k-j loop order. */
    public static void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(c, 0, m * n, 0f);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                float aip = a[i * k + p];
                for (int j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
            }
        }
    }

    /** C (m x n) = A (m x k) * B^T where B is (n x k); C += when accumulate. */
    public static void matmulTransB(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) sum += a[i * k + p] * b[j * k + p];
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }

    /** C (m x n) = A^T * B where A is (k x m) and B is (k x n); C += when accumulate. */
    public static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(c, 0, m * n, 0f);
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < m; i++) {
                float api = a[p * m + i];
                for (int j = 0; j < n; j++) c[i * n + j] += api * b[p * n + j];
            }
        }
    }
}
