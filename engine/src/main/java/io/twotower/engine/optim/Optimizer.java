package io.twotower.engine.optim;

import io.twotower.engine.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Updates a fixed list of parameter tensors in place from their current gradients.
 *
 * <p>A step has two parts: {@link #beginStep()} does what happens once per step (count it, read the
 * learning rate from the schedule, fold in bias corrections), and {@link #update(int, int)} applies the
 * step to some of the parameters. {@link #step()} is both, for every parameter. The split exists because
 * each parameter's update reads only its own gradient and state: a training loop can update each tower
 * on the thread that has just computed that tower's gradients, while the other tower's backward pass is
 * still running elsewhere, and the result is the same as one {@code step()}, bit for bit.
 *
 * <p>To write your own optimizer, implement {@code beginStep}, {@code update} (per parameter: it must not
 * read another parameter's gradient, and must be safe to call from two threads on disjoint ranges) and
 * the state methods.
 *
 * <p>State keys (stable, for checkpoints): {@code "iterations"} holds the step count as four floats,
 * each a 16-bit word, least significant first (exact for any long); per-parameter buffers are keyed
 * {@code "<parameter name>.<buffer>"}, e.g. "user.dense0.kernel.m".
 */
public interface Optimizer {
    /** The parameters this optimizer updates; {@link #update(int, int)} takes positions in this list. */
    List<Tensor> parameters();

    /** Starts step t + 1: increments {@link #iterations()} and fixes this step's learning rate. Changes no weight. */
    void beginStep();

    /**
     * Applies the step begun by {@link #beginStep()} to parameters [from, to) of {@link #parameters()}, from
     * their gradients. Disjoint ranges may be updated at the same time on different threads. The built-in
     * optimizers throw {@link NonFiniteUpdateException} when a weight comes out NaN or infinite.
     */
    void update(int from, int to);

    /** One update of every parameter from its gradient: {@code beginStep()}, then {@code update(0, n)}. */
    default void step() {
        beginStep();
        update(0, parameters().size());
    }

    /** Number of steps taken so far. */
    long iterations();

    /** A copy of the optimizer's state (iteration count and per-parameter buffers). */
    Map<String, float[]> state();

    /** Restores a state from {@link #state()}; throws IllegalArgumentException naming a missing or mis-sized key. */
    void loadState(Map<String, float[]> state);

    LearningRateSchedule schedule();
}
