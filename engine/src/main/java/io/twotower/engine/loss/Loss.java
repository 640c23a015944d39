package io.twotower.engine.loss;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;

/**
 * A training objective: a scalar that is the mean over the batch of a per-example loss.
 * Implement it (out of the engine's ops, or an {@link io.twotower.engine.autograd.Op} of your own) to
 * train with a custom objective.
 */
public interface Loss {
    /**
     * Returns the loss as a scalar tensor, recorded on g unless g is null. Implementations throw
     * IllegalArgumentException naming the row when prediction or target holds NaN or Inf.
     */
    Tensor compute(Graph g, Tensor prediction, Tensor target);

    /** Short name, as in logs ("mse"). */
    String name();
}
