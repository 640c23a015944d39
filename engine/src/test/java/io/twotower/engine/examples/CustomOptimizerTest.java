package io.twotower.engine.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.kernels.Parallel;
import io.twotower.engine.loss.BinaryCrossEntropyWithLogits;
import io.twotower.engine.nn.Sequential;
import io.twotower.engine.optim.LearningRateSchedule;
import io.twotower.engine.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A user's own optimizer, written outside the engine's packages against the public {@link Optimizer}
 * interface alone: if anything it needs were package-private, this file would not compile. It is sign-SGD,
 * w -= lr · sign(g) (Bernstein et al., "signSGD", 2018), with a learning-rate schedule, and it trains the
 * XOR network of the engine's TrainingTest.
 */
class CustomOptimizerTest {

    /**
     * Sign-SGD: every weight moves by the learning rate against the sign of its gradient (not at all where the
     * gradient is 0). Its only state is the step count, which the schedule reads; it is stored under
     * "iterations" as four 16-bit words, least significant first, as {@link Optimizer} asks.
     */
    static final class SignSgd implements Optimizer {
        private final List<Tensor> params;
        private final LearningRateSchedule schedule;
        private long iterations;
        /** This step's learning rate, fixed by beginStep() for every update() of the step. */
        private float rate;

        SignSgd(List<Tensor> params, LearningRateSchedule schedule) {
            this.params = List.copyOf(params);
            this.schedule = schedule;
        }

        @Override
        public List<Tensor> parameters() { return params; }

        @Override
        public void beginStep() {
            rate = schedule.rate(iterations);   // step t (from 0) uses rate(t)
            iterations++;
        }

        @Override
        public void update(int from, int to) {
            for (int p = from; p < to; p++) {   // each parameter reads only its own gradient: ranges may run in parallel
                float[] w = params.get(p).data(), g = params.get(p).grad();
                for (int i = 0; i < w.length; i++) w[i] -= rate * Math.signum(g[i]);
            }
        }

        @Override
        public long iterations() { return iterations; }

        @Override
        public Map<String, float[]> state() {
            float[] words = new float[4];
            for (int i = 0; i < 4; i++) words[i] = (iterations >>> (16 * i)) & 0xFFFF;
            return Map.of("iterations", words);
        }

        @Override
        public void loadState(Map<String, float[]> state) {
            float[] words = state.get("iterations");
            if (words == null || words.length != 4) throw new IllegalArgumentException("sign-sgd: state needs \"iterations\" (4 values)");
            long loaded = 0;
            for (int i = 0; i < 4; i++) loaded |= ((long) words[i] & 0xFFFF) << (16 * i);
            iterations = loaded;
        }

        @Override
        public LearningRateSchedule schedule() { return schedule; }
    }

    @Test
    void aStepMovesEachWeightByTheLearningRateAgainstTheSignOfItsGradient() {
        // By hand, lr 0.25: w = (1, 1, 1), g = (2, -0.5, 0) -> w = (0.75, 1.25, 1); the default step() is
        // beginStep() then update(0, n), and counts the step.
        Tensor w = Tensor.of(new float[] {1f, 1f, 1f}, 3).named("w").requiresGrad(true);
        System.arraycopy(new float[] {2f, -0.5f, 0f}, 0, w.grad(), 0, 3);
        Optimizer signSgd = new SignSgd(List.of(w), LearningRateSchedule.constant(0.25f));
        signSgd.step();
        assertArrayEquals(new float[] {0.75f, 1.25f, 1f}, w.data());
        assertEquals(1, signSgd.iterations());
    }

    @Test
    void trainsXorLikeTheBuiltInOptimizers() {
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Sequential model = Sequential.mlp("xor", 2, new int[] {8, 1}, new Rng(42));
        Graph g = new Graph();
        Tensor loss = new BinaryCrossEntropyWithLogits().compute(g, model.forward(g, x), y);
        float before = loss.item();
        // Constant-size sign steps would circle the minimum at the step size: a cosine schedule shrinks them.
        Optimizer signSgd = new SignSgd(model.parameters(), LearningRateSchedule.cosine(0.05f, STEPS, 0.0005f));
        for (int step = 0; step < STEPS; step++) {
            g.forward();
            g.zeroGrad();
            g.backward(loss);
            signSgd.step();
        }
        g.forward();
        System.out.printf("xor with a custom sign-SGD: loss %.4f before, %.4f after %d steps%n", before, loss.item(), STEPS);
        assertTrue(before > 0.5f, "an untrained net is near chance, loss " + before);
        assertTrue(loss.item() < 0.05f, "loss " + loss.item());
        Tensor predicted = model.forward(null, x);
        for (int r = 0; r < 4; r++) {
            assertEquals(y.get(r, 0) > 0.5f, predicted.get(r, 0) > 0f, "row " + r + " logit " + predicted.get(r, 0));
        }
        assertEquals(STEPS, signSgd.iterations());
    }

    static final int STEPS = 600;

    @Test
    void disjointRangesOfOneStepCanBeUpdatedOnTwoThreads() {
        // As the recommender's trainer does with its two towers: beginStep() once, then update(from, to) for disjoint
        // ranges at the same time, here through Parallel.both. The weights must equal those of one step().
        List<Tensor> split = parameters(), whole = parameters();
        Optimizer first = new SignSgd(split, LearningRateSchedule.constant(0.1f));
        Optimizer second = new SignSgd(whole, LearningRateSchedule.constant(0.1f));
        first.beginStep();
        Parallel.both(() -> first.update(0, 2), () -> first.update(2, 4));
        second.step();
        for (int p = 0; p < 4; p++) assertArrayEquals(whole.get(p).data(), split.get(p).data(), whole.get(p).name());
        assertEquals(1, first.iterations());
    }

    @Test
    void stateCarriesTheStepCountAndRejectsAStateWithoutIt() {
        Optimizer trained = new SignSgd(parameters(), LearningRateSchedule.step(0.1f, 2, 0.5f));
        for (int step = 0; step < 70_000; step++) trained.beginStep();   // past 2^16: the second word is used
        Optimizer resumed = new SignSgd(parameters(), LearningRateSchedule.step(0.1f, 2, 0.5f));
        resumed.loadState(trained.state());
        assertEquals(70_000, resumed.iterations());
        assertThrows(IllegalArgumentException.class, () -> resumed.loadState(Map.of()));
    }

    /** Four named parameter tensors with gradients of both signs and zeros. */
    static List<Tensor> parameters() {
        List<Tensor> params = new ArrayList<>();
        Rng rng = new Rng(3);
        for (int p = 0; p < 4; p++) {
            Tensor t = Tensor.zeros(5, 3).named("p" + p).requiresGrad(true);
            for (int i = 0; i < t.size(); i++) {
                t.data()[i] = rng.uniform(-1f, 1f);
                t.grad()[i] = i % 4 == 0 ? 0f : rng.uniform(-1f, 1f);
            }
            params.add(t);
        }
        return params;
    }
}
