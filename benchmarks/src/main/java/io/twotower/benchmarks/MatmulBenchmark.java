package io.twotower.benchmarks;

import io.twotower.engine.kernels.Matmul;
import io.twotower.engine.kernels.ScalarKernels;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three matrix products of a dense layer, C (M x N) from a K-long sum:
 * <ul>
 *   <li>{@code AB}: C = A·B, A (M x K), B (K x N) — the forward pass;</li>
 *   <li>{@code ABt}: C = A·Bᵀ, B stored (N x K) — the gradient to the layer's input;</li>
 *   <li>{@code AtB}: C = Aᵀ·B, A stored (K x M) — the gradient to the weights.</li>
 * </ul>
 * Four ways to compute each: the plain scalar loops of {@link ScalarKernels}, EJML's single-threaded
 * {@link CommonOps_FDRM} on the same arrays, and ours ({@link Matmul}) on one thread and on every core.
 * A product costs 2·M·N·K floating-point operations; the report turns the time into GFLOP/s.
 *
 * <p>Shapes are "MxKxN": 256x21x256 and 1024x256x128 are the model's first layers (K = 21 features,
 * a batch of 1024), 256x128x32 its last, 512³ and 1024³ the classic square cases. The 1024³ scalar and
 * EJML runs take seconds per call: leave that shape out (-p shape=...) for a quick run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class MatmulBenchmark {

    @Param({"AB", "ABt", "AtB"})
    public String form;

    @Param({"256x21x256", "256x256x128", "256x128x32", "1024x256x128", "512x512x512", "1024x1024x1024"})
    public String shape;

    private int m, k, n;
    private float[] a, b, c;
    private FMatrixRMaj ejmlA, ejmlB, ejmlC;

    @Setup
    public void setUp() {
        String[] mkn = shape.split("x");
        m = Integer.parseInt(mkn[0]);
        k = Integer.parseInt(mkn[1]);
        n = Integer.parseInt(mkn[2]);
        a = Agreement.randomFloats(m * k, 1);
        b = Agreement.randomFloats(k * n, 2);
        c = new float[m * n];
        // EJML wraps the same arrays, with the stored shapes of each form.
        ejmlA = "AtB".equals(form) ? FMatrixRMaj.wrap(k, m, a) : FMatrixRMaj.wrap(m, k, a);
        ejmlB = "ABt".equals(form) ? FMatrixRMaj.wrap(n, k, b) : FMatrixRMaj.wrap(k, n, b);
        ejmlC = FMatrixRMaj.wrap(m, n, c);

        float[] expected = scalarLoop().clone();
        String what = form + " " + shape;
        Agreement.assertClose(what + " EJML vs scalar", expected, ejml().clone(), 1e-4f);
        Agreement.assertClose(what + " ours (1 thread) vs scalar", expected, oursOneThread().clone(), 1e-4f);
        Agreement.assertClose(what + " ours (all cores) vs scalar", expected, oursAllCores().clone(), 1e-4f);
    }

    @Benchmark
    public float[] scalarLoop() {
        switch (form) {
            case "AB" -> ScalarKernels.matmul(a, b, c, m, k, n, false);
            case "ABt" -> ScalarKernels.matmulTransB(a, b, c, m, k, n, false);
            case "AtB" -> ScalarKernels.matmulTransA(a, b, c, m, k, n, false);
            default -> throw new IllegalArgumentException("unknown form " + form + " (AB, ABt or AtB)");
        }
        return c;
    }

    @Benchmark
    public float[] ejml() {
        switch (form) {
            case "AB" -> CommonOps_FDRM.mult(ejmlA, ejmlB, ejmlC);
            case "ABt" -> CommonOps_FDRM.multTransB(ejmlA, ejmlB, ejmlC);
            case "AtB" -> CommonOps_FDRM.multTransA(ejmlA, ejmlB, ejmlC);
            default -> throw new IllegalArgumentException("unknown form " + form + " (AB, ABt or AtB)");
        }
        return c;
    }

    /** Ours on the calling thread only (see {@link Threads} for why the count is set on every call). */
    @Benchmark
    public float[] oursOneThread() {
        Threads.use(1);
        return ours();
    }

    /** Ours with the rows of C split over every core. */
    @Benchmark
    public float[] oursAllCores() {
        Threads.use(Threads.allCores());
        return ours();
    }

    private float[] ours() {
        switch (form) {
            case "AB" -> Matmul.matmul(a, b, c, m, k, n, false);
            case "ABt" -> Matmul.matmulTransB(a, b, c, m, k, n, false);
            case "AtB" -> Matmul.matmulTransA(a, b, c, m, k, n, false);
            default -> throw new IllegalArgumentException("unknown form " + form + " (AB, ABt or AtB)");
        }
        return c;
    }
}
