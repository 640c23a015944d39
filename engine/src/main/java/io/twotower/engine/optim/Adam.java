package io.twotower.engine.optim;

import io.twotower.engine.Tensor;
import io.twotower.engine.kernels.Parallel;
import io.twotower.engine.kernels.VectorKernels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba), with Keras' defaults beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, computed as Keras
 * computes it. Per weight, at step t = 1, 2, ...:
 * <pre>
 *   m = m + (1 - beta1) · (g - m)            running mean of the gradient (= beta1 · m + (1 - beta1) · g)
 *   v = v + (1 - beta2) · (g² - v)           running mean of its square
 *   alpha = lr · sqrt(1 - beta2^t) / (1 - beta1^t)    both bias corrections, once per step (m, v start at 0)
 *   w = w - lr · weightDecay · w - alpha · m / (sqrt(v) + epsilon)
 * </pre>
 * which is the textbook m̂ / (sqrt(v̂) + ε) with m̂ = m / (1 - beta1^t), v̂ = v / (1 - beta2^t), except that
 * epsilon is added to sqrt(v) before the correction (Keras' and the paper's "efficient" order; the two
 * differ only while sqrt(v) is within a few epsilons of 0). weightDecay is 0 for Adam; {@link AdamW} sets
 * it (decay decoupled from the gradient, applied before the Adam step as in Keras). The per-weight work
 * is {@link VectorKernels#adamUpdate}: one division and one square root per weight.
 * State keys: "iterations", "&lt;param&gt;.m", "&lt;param&gt;.v".
 */
public class Adam implements Optimizer {
    private final String kind;
    private final List<Tensor> params;
    private final String[] names;
    private final LearningRateSchedule schedule;
    private final float beta1, beta2, epsilon, weightDecay;
    private final float[][] m, v;
    private long iterations;
    /**
     * This step's alpha and decay (see the class Javadoc), set by {@link #beginStep}; the hand-off to a thread
     * that calls {@link #update} (a {@link Parallel} job) publishes them.
     */
    private float stepSize, stepDecay;
    /** Total number of weights: above {@link #PARALLEL_WEIGHTS}, {@link #step()} splits the tensors over the cores. */
    private final long totalWeights;
    private final Parallel.RangeBody updateRange = this::update;
    /**
     * The update costs about 0.5 ns per weight on one core (measured: 19-25 µs for one default tower's 42,656
     * weights; it streams w, g, m and v); above this many weights (about 16 µs) a second core pays for the
     * hand-off (about 1 µs to a spinning worker, 10-100 µs to a parked one). The default towers have 85,824.
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
    public List<Tensor> parameters() { return params; }

    @Override
    public void beginStep() {
        float lr = schedule.rate(iterations);                                  // the schedule sees step 0 first
        iterations++;                                                          // t: 1 on the first step
        double correction1 = 1.0 - Math.pow(beta1, iterations);                // m starts at 0: it underestimates the mean by this factor
        double correction2 = 1.0 - Math.pow(beta2, iterations);                // likewise for v
        stepDecay = lr * weightDecay;
        stepSize = (float) (lr * Math.sqrt(correction2) / correction1);        // alpha
    }

    /** One step of every tensor; above {@link #PARALLEL_WEIGHTS} weights, the tensors are split over the cores. */
    @Override
    public void step() {
        beginStep();
        // Each tensor is updated by exactly one thread, so the result does not depend on the thread count.
        if (totalWeights >= PARALLEL_WEIGHTS) Parallel.forRange(params.size(), 1, updateRange);
        else update(0, params.size());
    }

    /** Updates tensors [from, to) with this step's alpha and decay; throws {@link NonFiniteUpdateException} for a NaN. */
    @Override
    public void update(int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, params.size());
        float alpha = stepSize, decay = stepDecay;
        for (int p = from; p < to; p++) {
            Tensor param = params.get(p);
            // m, v and w for every weight of this tensor (see the class Javadoc)
            boolean finite = VectorKernels.adamUpdate(param.data(), param.grad(), m[p], v[p], param.size(),
                    beta1, beta2, alpha, epsilon, decay);
            if (!finite) throw new NonFiniteUpdateException(kind, names[p]);
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
