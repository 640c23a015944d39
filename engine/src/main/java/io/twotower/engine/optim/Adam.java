package io.twotower.engine.optim;

import io.twotower.engine.Tensor;
import io.twotower.engine.kernels.Parallel;
import io.twotower.engine.kernels.VectorKernels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba), with Keras' defaults beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7. Per weight,
 * at step t = 1, 2, ...:
 * <pre>
 *   m = beta1 · m + (1 - beta1) · g          running mean of the gradient
 *   v = beta2 · v + (1 - beta2) · g²         running mean of its square
 *   m̂ = m / (1 - beta1^t),  v̂ = v / (1 - beta2^t)   bias corrections (m and v start at 0)
 *   w = w - lr · (m̂ / (sqrt(v̂) + epsilon) + weightDecay · w)
 * </pre>
 * weightDecay is 0 for Adam; {@link AdamW} sets it (decay decoupled from the gradient). Epsilon is
 * added to sqrt(v̂) as in the paper (Keras adds it to sqrt(v) before correction; the two differ only
 * when v is of the order of epsilon²). State keys: "iterations", "&lt;param&gt;.m", "&lt;param&gt;.v".
 */
public class Adam implements Optimizer {
    private final String kind;
    private final List<Tensor> params;
    private final String[] names;
    private final LearningRateSchedule schedule;
    private final float beta1, beta2, epsilon, weightDecay;
    private final float[][] m, v;
    private long iterations;
    /** This step's learning rate and bias corrections, read by {@link #update} on every thread. */
    private float stepRate, stepCorrection1, stepCorrection2;
    /** Total number of weights: above {@link #PARALLEL_WEIGHTS}, the tensors are split over the cores. */
    private final long totalWeights;
    private final Parallel.RangeBody updateRange = this::update;
    /**
     * The update costs about 0.5 ns per weight on one core (three divisions and a square root per vector);
     * above this many weights (16 µs) a second core pays for the hand-off (about 1 µs to a spinning worker,
     * 10-100 µs to a parked one). The default towers have 85,824.
     */
    static final long PARALLEL_WEIGHTS = 1L << 15;

    /** Adam with Keras' defaults and a constant learning rate. */
    public Adam(List<Tensor> params, float learningRate) {
        this(params, LearningRateSchedule.constant(learningRate));
    }

    /** Adam with Keras' defaults. */
    public Adam(List<Tensor> params, LearningRateSchedule schedule) {
        this(params, schedule, 0.9f, 0.999f, 1e-7f);
    }

    public Adam(List<Tensor> params, LearningRateSchedule schedule, float beta1, float beta2, float epsilon) {
        this("adam", params, schedule, beta1, beta2, epsilon, 0f);
    }

    Adam(String kind, List<Tensor> params, LearningRateSchedule schedule, float beta1, float beta2, float epsilon, float weightDecay) {
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException(kind + ": betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0f)) throw new IllegalArgumentException(kind + ": epsilon must be positive, got " + epsilon);
        if (!(weightDecay >= 0f)) throw new IllegalArgumentException(kind + ": weight decay must be >= 0, got " + weightDecay);
        this.kind = kind;
        this.params = List.copyOf(params);
        this.names = OptimizerState.names(kind, this.params);
        this.schedule = schedule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.m = new float[this.params.size()][];
        this.v = new float[this.params.size()][];
        long weights = 0;
        for (int p = 0; p < m.length; p++) {
            m[p] = new float[this.params.get(p).size()];
            v[p] = new float[this.params.get(p).size()];
            weights += m[p].length;
        }
        this.totalWeights = weights;
    }

    @Override
    public void step() {
        float lr = schedule.rate(iterations);                    // learning rate for this step (schedule sees 0 first)
        iterations++;                                            // t: 1 on the first step
        float bc1 = (float) (1.0 - Math.pow(beta1, iterations)); // m starts at 0, so it underestimates the mean by this factor
        float bc2 = (float) (1.0 - Math.pow(beta2, iterations)); // likewise for v
        stepRate = lr;
        stepCorrection1 = bc1;
        stepCorrection2 = bc2;
        // Each tensor is updated by exactly one thread, so the result does not depend on the thread count.
        if (totalWeights >= PARALLEL_WEIGHTS) Parallel.forRange(params.size(), 1, updateRange);
        else update(0, params.size());
    }

    /** Updates tensors [from, to) with this step's rate and corrections. */
    private void update(int from, int to) {
        for (int p = from; p < to; p++) {
            Tensor param = params.get(p);
            // m, v, m̂, v̂ and the decayed step for every weight of this tensor (see the class Javadoc)
            VectorKernels.adamUpdate(param.data(), param.grad(), m[p], v[p], param.size(),
                    stepRate, beta1, beta2, epsilon, stepCorrection1, stepCorrection2, weightDecay);
        }
    }

    @Override
    public long iterations() { return iterations; }

    @Override
    public Map<String, float[]> state() {
        Map<String, float[]> state = new LinkedHashMap<>();
        state.put(OptimizerState.ITERATIONS, OptimizerState.encodeLong(iterations));
        for (int p = 0; p < names.length; p++) {
            state.put(names[p] + ".m", m[p].clone());
            state.put(names[p] + ".v", v[p].clone());
        }
        return state;
    }

    @Override
    public void loadState(Map<String, float[]> state) {
        long loadedIterations = OptimizerState.decodeLong(OptimizerState.require(kind, state, OptimizerState.ITERATIONS, 4));
        float[][] loadedM = new float[names.length][], loadedV = new float[names.length][];
        for (int p = 0; p < names.length; p++) {
            loadedM[p] = OptimizerState.require(kind, state, names[p] + ".m", m[p].length);
            loadedV[p] = OptimizerState.require(kind, state, names[p] + ".v", v[p].length);
        }
        // Only now, with every entry checked, overwrite: a bad state leaves the optimizer as it was.
        for (int p = 0; p < names.length; p++) {
            System.arraycopy(loadedM[p], 0, m[p], 0, m[p].length);
            System.arraycopy(loadedV[p], 0, v[p], 0, v[p].length);
        }
        iterations = loadedIterations;
    }

    @Override
    public LearningRateSchedule schedule() { return schedule; }

    /** The decoupled weight decay (0 for plain Adam). */
    public float weightDecay() { return weightDecay; }
}
