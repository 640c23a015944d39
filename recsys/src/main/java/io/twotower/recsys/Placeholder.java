package io.twotower.recsys;
/** Placeholder so the module compiles until the recsys code lands. */
final class Placeholder { private Placeholder() {} }
