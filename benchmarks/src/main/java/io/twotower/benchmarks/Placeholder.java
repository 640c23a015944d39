package io.twotower.benchmarks;
/** Placeholder so the module compiles until the benchmarks land. */
final class Placeholder { private Placeholder() {} }
