package io.twotower.benchmarks;

import io.twotower.engine.kernels.Parallel;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's arithmetic ceiling, measured in the same run as the kernels: fused multiply-adds on
 * registers only, 12 independent chains (more than the FMA latency times the number of FMA pipes, so no
 * FMA waits for another), no memory traffic at all. No real kernel can beat this rate; a matrix product's
 * GFLOP/s divided by it is the share of the peak the kernel reaches on this machine, today (shared
 * machines change speed with their neighbours, so a peak measured elsewhere or earlier says little).
 *
 * <p>Every call does exactly {@link #FLOPS_PER_CALL} floating-point operations whatever the vector width
 * (the report turns its time into GFLOP/s): 12 chains x 2 flops x lanes x (2^17 / lanes) steps.
 * {@code allCores} runs the same work on the calling thread and on one kernel worker at once
 * ({@link Parallel#both}), so it does twice the flops per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class PeakFmaBenchmark {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Floating-point operations of one chain sweep: 12 chains x 2 flops x 2^17 lane-steps. */
    public static final long FLOPS_PER_CALL = 12L * 2 * (1L << 17);
    private static final int STEPS = (1 << 17) / SPECIES.length();

    private float multiplier;
    private float addend;
    private final float[] results = new float[2];

    @Setup
    public void setUp() {
        // Values read from fields, so the JIT cannot fold the chains; close to 1 so nothing overflows.
        multiplier = 0.9999999f;
        addend = 1e-7f;
        float one = sweep(multiplier, addend), other = sweep(multiplier, addend);
        Agreement.assertClose("two sweeps of the same chains", one, other, 0);
        Threads.use(Threads.allCores());
        allCores();
        Agreement.assertClose("the two cores' sweeps", results[0], results[1], 0);
    }

    @Benchmark
    public float oneCore() {
        return sweep(multiplier, addend);
    }

    /** Both cores (the caller and one kernel worker), each sweeping once: 2 x {@link #FLOPS_PER_CALL}. */
    @Benchmark
    public float allCores() {
        Threads.use(Threads.allCores());
        Parallel.both(() -> results[0] = sweep(multiplier, addend), () -> results[1] = sweep(multiplier, addend));
        return results[0] + results[1];
    }

    /** c_j = c_j * m + a for 12 chains j: one FMA per chain and step, on registers only. */
    static float sweep(float m, float a) {
        FloatVector mul = FloatVector.broadcast(SPECIES, m), add = FloatVector.broadcast(SPECIES, a);
        FloatVector c0 = FloatVector.broadcast(SPECIES, 1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0,
                c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int step = 0; step < STEPS; step++) {
            c0 = c0.fma(mul, add);
            c1 = c1.fma(mul, add);
            c2 = c2.fma(mul, add);
            c3 = c3.fma(mul, add);
            c4 = c4.fma(mul, add);
            c5 = c5.fma(mul, add);
            c6 = c6.fma(mul, add);
            c7 = c7.fma(mul, add);
            c8 = c8.fma(mul, add);
            c9 = c9.fma(mul, add);
            c10 = c10.fma(mul, add);
            c11 = c11.fma(mul, add);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
