package io.twotower.engine.kernels;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A fixed set of kernel computations on fixed inputs: the fingerprint that {@link JitInvarianceTest}
 * compares bit for bit between an interpreted JVM and a compiled one. Every kernel whose result could
 * depend on how it is executed is here: the reductions (dot, sum, TopK's scores), the three matmul forms
 * on both A·Bᵀ paths, the fused bias and ReLU, and the element-wise and update kernels. Each result is a
 * float[] (a count, an index or a boolean as a float: exact).
 *
 * <p>The inputs are made once, from a fixed seed, by the constructor; {@link #compute} only runs kernels, so
 * that a warm-up round is cheap. Shapes are small: the interpreter runs them all in well under a second.
 * {@link #main} prints one line per computation, {@code name: bits bits ...}, each value as the hex of
 * {@link Float#floatToIntBits} (all NaNs alike, as {@link Float#equals} treats them), for a child JVM.
 */
final class KernelFingerprint {
    /** Calls a public static method of the kernels package by simple class name and method name. */
    @FunctionalInterface
    interface Kernels {
        Object call(String simpleClass, String method, Object... args);
    }

    static final int N = 1037;
    /**
     * The matmul shapes, m x k x n. With 16 lanes: n = 50 is a 4x3 tile and 2 scalar columns, 41 a 4x2 tile
     * and 9, 33 a 4x2 tile and 1; with 8 or 4 lanes, 3- and 2-vector tiles too. 9, 13 and 5 rows leave one-row
     * strips. A·Bᵀ with few rows (5x40x33) is computed as Cᵀ = B·Aᵀ, with more (13x17x41) by transposing B.
     */
    static final int[][] SHAPES = {{9, 17, 50}, {13, 17, 41}, {5, 40, 33}, {7, 9, 81}, {6, 5, 40}, {6, 5, 12}, {10, 9, 70}};
    static final String[] FORMS = {"matmul", "matmulTransB", "matmulTransA"};

    // Mixed magnitudes in a and b, so that a different order of additions shows in the last bits.
    private final float[] a, b, bias, preActivation, active, columns, w, g, m, v, badGradient, items, query;
    private final float[][] left, right, c0;

    KernelFingerprint() {
        Random random = new Random(5);
        a = uniform(random, 1100, 1f);
        b = uniform(random, 1100, 1000f);
        // A dense layer's bias and pre-activation on 5 x 37, with -0 and NaN in a vector lane and in the scalar tail.
        bias = uniform(random, 37, 1f);
        preActivation = uniform(random, 5 * 37, 1f);
        bias[0] = bias[36] = -0f;
        preActivation[0] = -0f;
        preActivation[36] = Float.NaN;
        preActivation[37] = Float.NaN;
        preActivation[37 + 36] = -0f;
        active = uniform(random, N, 1f);
        for (int i = 0; i < N; i += 3) active[i] = 0f;   // y = 0 is inactive
        columns = uniform(random, 37, 1f);
        w = uniform(random, N, 1f);
        g = uniform(random, N, 1f);
        m = uniform(random, N, 0.1f);
        v = uniform(random, N, 0.01f);
        for (int i = 0; i < N; i++) v[i] = Math.abs(v[i]);   // a second moment is never negative
        badGradient = g.clone();
        badGradient[1030] = Float.NaN;
        left = new float[SHAPES.length][];
        right = new float[SHAPES.length][];
        c0 = new float[SHAPES.length][];
        for (int s = 0; s < SHAPES.length; s++) {
            int rows = SHAPES[s][0], depth = SHAPES[s][1], cols = SHAPES[s][2];
            left[s] = uniform(random, rows * depth, 1f);
            right[s] = uniform(random, depth * cols, 1f);
            c0[s] = uniform(random, rows * cols, 1f);
        }
        items = uniform(random, 300 * 33, 1f);
        query = uniform(random, 33, 100f);
    }

    /** Runs every computation, in a fixed order, on the inputs (which it does not change). */
    Map<String, float[]> compute(Kernels k) {
        Map<String, float[]> out = new LinkedHashMap<>();
        out.put("dot 1037", new float[] {(float) k.call("VectorKernels", "dot", a, 1, b, 2, N)});
        out.put("dot 33", new float[] {(float) k.call("VectorKernels", "dot", a, 0, b, 5, 33)});
        out.put("sum 1001", new float[] {(float) k.call("VectorKernels", "sum", b, 3, 1001)});
        out.put("sum 37", new float[] {(float) k.call("VectorKernels", "sum", b, 0, 37)});

        float[] y = a.clone();
        k.call("VectorKernels", "axpy", 0.37f, b, 3, y, 1, N);
        out.put("axpy 1037", y);
        float[] sum = new float[N], product = new float[N], scaled = new float[N];
        k.call("VectorKernels", "add", a, 0, b, 4, sum, 0, N);
        out.put("add 1037", sum);
        k.call("VectorKernels", "mul", a, 2, b, 0, product, 0, N);
        out.put("mul 1037", product);
        k.call("VectorKernels", "scale", -1.5f, b, 1, scaled, 0, N);
        out.put("scale 1037", scaled);

        for (boolean relu : new boolean[] {false, true}) {
            float[] z = preActivation.clone();
            k.call("VectorKernels", "addBiasRows", z, bias, 5, 37, relu);
            out.put("addBiasRows 5x37 relu=" + relu, z);
        }
        float[] dz = new float[N];
        k.call("VectorKernels", "reluBackward", active, b, dz, 0, N);
        out.put("reluBackward 1037", dz);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] c = columns.clone();
            k.call("VectorKernels", "sumRows", b, 9, 37, c, accumulate);
            out.put("sumRows 9x37 acc=" + accumulate, c);
        }
        float[] fusedDz = new float[9 * 37], fusedDb = columns.clone();
        k.call("VectorKernels", "reluBackwardSumRows", active, b, fusedDz, fusedDb, 9, 37);
        out.put("reluBackwardSumRows 9x37 dz", fusedDz);
        out.put("reluBackwardSumRows 9x37 db", fusedDb);

        // Optimizer updates; each returns whether every new weight is finite (recorded as 1 or 0).
        for (float decay : new float[] {0f, 1e-4f}) {
            float[] w1 = w.clone(), m1 = m.clone(), v1 = v.clone();
            boolean finite = (boolean) k.call("VectorKernels", "adamUpdate", w1, g, m1, v1, N, 0.9f, 0.999f, 0.0123f, 1e-7f,
                    decay);
            out.put("adamUpdate decay=" + decay + " finite", new float[] {finite ? 1 : 0});
            out.put("adamUpdate decay=" + decay + " w", w1);
            out.put("adamUpdate decay=" + decay + " m", m1);
            out.put("adamUpdate decay=" + decay + " v", v1);
        }
        boolean finite = (boolean) k.call("VectorKernels", "adamUpdate", w.clone(), badGradient, m.clone(), v.clone(), N,
                0.9f, 0.999f, 0.0123f, 1e-7f, 0f);
        out.put("adamUpdate NaN gradient finite", new float[] {finite ? 1 : 0});
        float[] w2 = w.clone(), u = m.clone();
        finite = (boolean) k.call("VectorKernels", "sgdMomentumUpdate", w2, g, u, N, 0.05f, 0.9f);
        out.put("sgdMomentumUpdate finite", new float[] {finite ? 1 : 0});
        out.put("sgdMomentumUpdate w", w2);
        out.put("sgdMomentumUpdate velocity", u);

        for (int s = 0; s < SHAPES.length; s++) {
            int rows = SHAPES[s][0], depth = SHAPES[s][1], cols = SHAPES[s][2];
            for (String form : FORMS) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] c = c0[s].clone();
                    k.call("Matmul", form, left[s], right[s], c, rows, depth, cols, accumulate);
                    out.put(form + " " + rows + "x" + depth + "x" + cols + " acc=" + accumulate, c);
                }
            }
            for (boolean relu : new boolean[] {false, true}) {
                float[] c = new float[rows * cols];
                k.call("Matmul", "matmulBias", left[s], right[s], Arrays.copyOf(bias, cols), c, rows, depth, cols, relu);
                out.put("matmulBias " + rows + "x" + depth + "x" + cols + " relu=" + relu, c);
            }
        }

        // Retrieval: the 10 best of 300 items of dimension 33, and every item's score.
        int[] index = new int[10];
        float[] score = new float[10];
        int written = (int) k.call("TopK", "topK", items, 300, 33, query, 10, null, index, score);
        float[] countAndIndices = new float[1 + index.length];
        countAndIndices[0] = written;
        for (int i = 0; i < index.length; i++) countAndIndices[1 + i] = index[i];
        out.put("topK count and indices", countAndIndices);
        out.put("topK scores", score);
        float[] all = new float[300];
        k.call("TopK", "scores", items, 300, 33, query, all);
        out.put("TopK.scores", all);
        return out;
    }

    static float[] uniform(Random random, int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (random.nextFloat() * 2 - 1) * scale;
        return x;
    }

    /** The values as hex of {@link Float#floatToIntBits}, separated by spaces. */
    static String bits(float[] x) {
        StringBuilder s = new StringBuilder(9 * x.length);
        for (int i = 0; i < x.length; i++) {
            s.append(i == 0 ? "" : " ").append(Integer.toHexString(Float.floatToIntBits(x[i])));
        }
        return s.toString();
    }

    /** The inverse of {@link #bits(float[])}. */
    static float[] parse(String bits) {
        if (bits.isEmpty()) return new float[0];
        String[] words = bits.split(" ");
        float[] x = new float[words.length];
        for (int i = 0; i < x.length; i++) x[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(words[i], 16));
        return x;
    }

    /** The kernels of this JVM's class path, called by reflection (as the test calls its own copy). */
    static Kernels onClassPath() {
        Map<String, Method> methods = new HashMap<>();
        return (simpleClass, method, args) -> {
            try {
                String key = simpleClass + "." + method + "/" + args.length;
                Method target = methods.get(key);
                if (target == null) {
                    for (Method candidate : Class.forName("io.twotower.engine.kernels." + simpleClass).getMethods()) {
                        if (candidate.getName().equals(method) && candidate.getParameterCount() == args.length) {
                            target = candidate;
                        }
                    }
                    methods.put(key, target);
                }
                return target.invoke(null, args);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** Prints the fingerprint of this JVM's kernels, one {@code name: bits} line per computation. */
    public static void main(String[] args) {
        Map<String, float[]> results = new KernelFingerprint().compute(onClassPath());
        results.forEach((name, values) -> System.out.println(name + ": " + bits(values)));
    }
}
