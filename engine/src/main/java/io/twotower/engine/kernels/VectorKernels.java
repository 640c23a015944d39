package io.twotower.engine.kernels;

/**
 * SIMD kernels on the JDK Vector API. Same signatures and contracts as {@link ScalarKernels}.
 * (Placeholder: delegates to the scalar twins until the vector bodies land.)
 */
public final class VectorKernels {
    private VectorKernels() {}

    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) { return ScalarKernels.dot(a, aOff, b, bOff, n); }
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) { ScalarKernels.axpy(alpha, x, xOff, y, yOff, n); }
    public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) { ScalarKernels.add(a, aOff, b, bOff, out, outOff, n); }
    public static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) { ScalarKernels.mul(a, aOff, b, bOff, out, outOff, n); }
    public static void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) { ScalarKernels.scale(alpha, x, xOff, out, outOff, n); }
    public static float sum(float[] x, int off, int n) { return ScalarKernels.sum(x, off, n); }
    public static void addBiasRows(float[] y, float[] bias, int rows, int cols, boolean relu) { ScalarKernels.addBiasRows(y, bias, rows, cols, relu); }
    public static void reluBackward(float[] y, float[] dy, float[] dz, int off, int n) { ScalarKernels.reluBackward(y, dy, dz, off, n); }
    public static void sumRows(float[] x, int rows, int cols, float[] out, boolean accumulate) { ScalarKernels.sumRows(x, rows, cols, out, accumulate); }
    public static void adamUpdate(float[] w, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2, float eps, float bc1, float bc2, float weightDecay) { ScalarKernels.adamUpdate(w, g, m, v, n, lr, beta1, beta2, eps, bc1, bc2, weightDecay); }
}
