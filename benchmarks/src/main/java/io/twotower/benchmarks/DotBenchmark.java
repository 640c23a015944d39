package io.twotower.benchmarks;

import io.twotower.engine.kernels.VectorKernels;
import java.util.concurrent.TimeUnit;
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
 * The dot product {@code sum_i a[i] * b[i]}: a plain scalar loop against {@link VectorKernels#dot}.
 *
 * <p>32 is the embedding size (one full AVX-512 vector pair), 33 adds a scalar tail, 256 a hidden layer,
 * 4096 a long vector where several accumulators hide the FMA latency. Both arrays (32 KiB at most) stay
 * in L1, so this measures arithmetic, not memory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class DotBenchmark {

    @Param({"32", "33", "256", "4096"})
    public int length;

    private float[] a;
    private float[] b;

    @Setup
    public void setUp() {
        a = Agreement.randomFloats(length, 1);
        b = Agreement.randomFloats(length, 2);
        Agreement.assertClose("dot of length " + length, scalarLoop(), vectorKernels(), 1e-4);
    }

    /** The textbook loop: one multiply and one add per element, in order (the JIT does not vectorise a float reduction). */
    @Benchmark
    public float scalarLoop() {
        float sum = 0f;
        for (int i = 0; i < length; i++) sum += a[i] * b[i];
        return sum;
    }

    @Benchmark
    public float vectorKernels() {
        return VectorKernels.dot(a, 0, b, 0, length);
    }
}
