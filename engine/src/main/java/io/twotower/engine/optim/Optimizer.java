package io.twotower.engine.optim;

import java.util.Map;

/**
 * Updates a fixed list of parameter tensors in place from their current gradients.
 *
 * <p>State keys (stable, for checkpoints): {@code "iterations"} holds the step count as four floats,
 * each a 16-bit word, least significant first (exact for any long); per-parameter buffers are keyed
 * {@code "<parameter name>.<buffer>"}, e.g. "user.dense0.kernel.m".
 */
public interface Optimizer {
    /** One update of every parameter from its gradient; increments {@link #iterations()}. */
    void step();

    /** Number of steps taken so far. */
    long iterations();

    /** A copy of the optimizer's state (iteration count and per-parameter buffers). */
    Map<String, float[]> state();

    /** Restores a state from {@link #state()}; throws IllegalArgumentException naming a missing or mis-sized key. */
    void loadState(Map<String, float[]> state);

    LearningRateSchedule schedule();
}
