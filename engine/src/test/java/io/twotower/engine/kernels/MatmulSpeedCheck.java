package io.twotower.engine.kernels;

import java.util.Random;

/**
 * Throwaway timing harness used while tuning (not a test, no assertions): prints GFLOP/s of the three
 * matmul forms at a few shapes on 1 and 2 threads, and of the plain scalar loop at the model's shapes.
 * Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 *      io.twotower.engine.kernels.MatmulSpeedCheck [form ...]
 * For real numbers use the JMH module; this only guides tuning.
 */
public final class MatmulSpeedCheck {
    private MatmulSpeedCheck() {}

    interface Form { void run(float[] a, float[] b, float[] c, int m, int k, int n); }

    public static void main(String[] args) {
        int[][] shapes = {{1024, 256, 128}, {512, 512, 512}, {256, 21, 256}, {256, 256, 128}, {256, 128, 32}};
        String[] forms = args.length > 0 ? args : new String[] {"AB", "ABt", "AtB"};
        for (int pass = 0; pass < 2; pass++) {   // pass 0 only warms up the JIT, pass 1 prints
            for (String form : forms) run(form, shapes, pass == 1);
        }
    }

    static void run(String form, int[][] shapes, boolean print) {
        Form f = switch (form) {
            case "AB" -> (a, b, c, m, k, n) -> Matmul.matmul(a, b, c, m, k, n, false);
            case "ABt" -> (a, b, c, m, k, n) -> Matmul.matmulTransB(a, b, c, m, k, n, false);
            case "AtB" -> (a, b, c, m, k, n) -> Matmul.matmulTransA(a, b, c, m, k, n, false);
            case "scalarAB" -> (a, b, c, m, k, n) -> ScalarKernels.matmul(a, b, c, m, k, n, false);
            case "scalarABt" -> (a, b, c, m, k, n) -> ScalarKernels.matmulTransB(a, b, c, m, k, n, false);
            case "scalarAtB" -> (a, b, c, m, k, n) -> ScalarKernels.matmulTransA(a, b, c, m, k, n, false);
            default -> throw new IllegalArgumentException(form);
        };
        for (int[] shape : shapes) {
            StringBuilder line = new StringBuilder(String.format("%-9s %4dx%4dx%4d", form, shape[0], shape[1], shape[2]));
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                line.append(String.format("  t%d %7.1f GFLOP/s", threads, gflops(f, shape[0], shape[1], shape[2])));
            }
            if (print) System.out.println(line);
        }
    }

    static double gflops(Form f, int m, int k, int n) {
        Random random = new Random(1);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = random.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = random.nextFloat() - 0.5f;
        double flops = 2.0 * m * k * n;
        int reps = (int) Math.max(1, 2e8 / flops);
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 12; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) f.run(a, b, c, m, k, n);
            best = Math.min(best, (System.nanoTime() - t0) / (double) reps);
        }
        return flops / best;
    }
}
