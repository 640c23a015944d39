package io.twotower.engine.optim;

import io.twotower.engine.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): each step also shrinks every weight by
 * lr · weightDecay · w, independently of the gradient, instead of adding an L2 term to the loss
 * (which Adam's per-weight scaling would distort). Applied to every parameter, biases included, as
 * Keras does when nothing is excluded. Same state keys as {@link Adam}.
 */
public final class AdamW extends Adam {
    /** AdamW with Keras' defaults and a constant learning rate. */
    public AdamW(List<Tensor> params, float learningRate, float weightDecay) {
        this(params, LearningRateSchedule.constant(learningRate), weightDecay);
    }

    /** AdamW with Keras' defaults beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7. */
    public AdamW(List<Tensor> params, LearningRateSchedule schedule, float weightDecay) {
        this(params, schedule, 0.9f, 0.999f, 1e-7f, weightDecay);
    }

    public AdamW(List<Tensor> params, LearningRateSchedule schedule, float beta1, float beta2, float epsilon, float weightDecay) {
        super("adamw", params, schedule, beta1, beta2, epsilon, weightDecay);
    }
}
