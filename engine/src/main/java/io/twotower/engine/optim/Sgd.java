package io.twotower.engine.optim;

import io.twotower.engine.Tensor;
import io.twotower.engine.kernels.VectorKernels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, as Keras' SGD:
 * v = momentum · v - lr · g;  w = w + v  (with momentum 0 this is w -= lr · g).
 * State keys: "iterations" and "&lt;param&gt;.velocity".
 */
public final class Sgd implements Optimizer {
    private final List<Tensor> params;
    private final String[] names;
    private final LearningRateSchedule schedule;
    private final float momentum;
    private final float[][] velocity;
    private long iterations;
    /** This step's learning rate, set by {@link #beginStep}; the hand-off to a thread that calls {@link #update} publishes it. */
    private float stepRate;

    /** SGD with a constant learning rate. */
    public Sgd(List<Tensor> params, float learningRate, float momentum) {
        this(params, LearningRateSchedule.constant(learningRate), momentum);
    }

    public Sgd(List<Tensor> params, LearningRateSchedule schedule, float momentum) {
        if (!(momentum >= 0f && momentum < 1f)) throw new IllegalArgumentException("sgd: momentum must be in [0, 1), got " + momentum);
        this.params = List.copyOf(params);
        this.names = OptimizerState.names("sgd", this.params);
        this.schedule = schedule;
        this.momentum = momentum;
        this.velocity = new float[this.params.size()][];
        for (int i = 0; i < velocity.length; i++) velocity[i] = new float[this.params.get(i).size()];
    }

    @Override
    public List<Tensor> parameters() { return params; }

    @Override
    public void beginStep() {
        stepRate = schedule.rate(iterations); // the rate for this step
        iterations++;
    }

    @Override
    public void update(int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, params.size());
        float lr = stepRate;
        for (int p = from; p < to; p++) {
            Tensor param = params.get(p);
            // v = momentum · v - lr · g;  w = w + v  (see the class Javadoc)
            if (!VectorKernels.sgdMomentumUpdate(param.data(), param.grad(), velocity[p], param.size(), lr, momentum)) {
                throw new NonFiniteUpdateException("sgd", names[p]);
            }
        }
    }

    @Override
    public long iterations() { return iterations; }

    @Override
    public Map<String, float[]> state() {
        Map<String, float[]> state = new LinkedHashMap<>();
        state.put(OptimizerState.ITERATIONS, OptimizerState.encodeLong(iterations));
        for (int p = 0; p < names.length; p++) state.put(names[p] + ".velocity", velocity[p].clone());
        return state;
    }

    @Override
    public void loadState(Map<String, float[]> state) {
        long loadedIterations = OptimizerState.decodeLong(OptimizerState.require("sgd", state, OptimizerState.ITERATIONS, 4));
        float[][] loaded = new float[names.length][];
        for (int p = 0; p < names.length; p++) loaded[p] = OptimizerState.require("sgd", state, names[p] + ".velocity", velocity[p].length);
        // Only now, with every entry checked, overwrite: a bad state leaves the optimizer as it was.
        for (int p = 0; p < names.length; p++) System.arraycopy(loaded[p], 0, velocity[p], 0, velocity[p].length);
        iterations = loadedIterations;
    }

    @Override
    public LearningRateSchedule schedule() { return schedule; }
}
