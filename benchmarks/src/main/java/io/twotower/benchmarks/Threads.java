package io.twotower.benchmarks;

import io.twotower.engine.kernels.Parallel;

/**
 * The kernels' thread count is global ({@link Parallel#setThreads}), so a benchmark method that needs a
 * given count sets it on every call: a volatile read when it is already right, which is nothing next to
 * the microseconds of work being measured. Each JMH fork runs one method, so the count changes once.
 */
final class Threads {
    private Threads() {}

    /** Every core the JVM sees. */
    static int allCores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Makes the kernels use n threads (1 = the calling thread only). */
    static void use(int n) {
        if (Parallel.threads() != n) Parallel.setThreads(n);
    }
}
