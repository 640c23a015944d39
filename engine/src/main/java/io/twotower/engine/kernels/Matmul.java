package io.twotower.engine.kernels;

/**
 * Matrix products on the Vector API, in the three forms a dense layer needs:
 * forward {@code C = A·B}, backward-to-input {@code C = A·Bᵀ}, backward-to-weights {@code C = Aᵀ·B}.
 * (Placeholder: delegates to the scalar twins until the tiled kernels land.)
 */
public final class Matmul {
    private Matmul() {}

    public static void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) { ScalarKernels.matmul(a, b, c, m, k, n, accumulate); }
    public static void matmulTransB(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) { ScalarKernels.matmulTransB(a, b, c, m, k, n, accumulate); }
    public static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate) { ScalarKernels.matmulTransA(a, b, c, m, k, n, accumulate); }
}
