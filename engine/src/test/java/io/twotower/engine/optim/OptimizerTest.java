package io.twotower.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One or two optimizer steps against values worked out by hand in the comments. */
class OptimizerTest {

    private static Tensor param(String name, float[] values, float[] grad) {
        Tensor t = Tensor.of(values, values.length).named(name).requiresGrad(true);
        System.arraycopy(grad, 0, t.grad(), 0, grad.length);
        return t;
    }

    @Test
    void oneAdamStep() {
        // lr 0.1, beta1 0.9, beta2 0.999, eps 1e-7; w = (1, 1), g = (0.5, -2), t = 1; m = v = 0 before.
        // m = 0 + 0.1 (g - 0) = (0.05, -0.2);  v = 0 + 0.001 (g² - 0) = (0.00025, 0.004)
        // alpha = 0.1 · sqrt(1 - 0.999) / (1 - 0.9) = sqrt(0.001) = 0.0316228
        // sqrt(v) = (0.0158114, 0.0632456)
        // step = alpha m / (sqrt(v) + 1e-7) = 0.1 · sign(g) · sqrt(v) / (sqrt(v) + 1e-7)
        //      = (0.1 (1 - 1e-7 / 0.0158114), -0.1 (1 - 1e-7 / 0.0632456)) = (0.09999937, -0.09999984)
        // w = w - step = (0.90000063, 1.09999984)
        Tensor w = param("w", new float[] {1f, 1f}, new float[] {0.5f, -2f});
        Adam adam = new Adam(List.of(w), LearningRateSchedule.constant(0.1f));
        adam.step();
        assertEquals(0.90000063f, w.get(0), 1.2e-7f);
        assertEquals(1.09999984f, w.get(1), 1.2e-7f);
        assertArrayEquals(new float[] {0.05f, -0.2f}, adam.state().get("w.m"), 1e-7f);
        // (1 - 0.999f) rounds to 0.00099998713 in float, so v is off by 1.3e-5 relative: tolerances 2e-5 relative.
        float[] v = adam.state().get("w.v");
        assertEquals(0.00025f, v[0], 0.00025f * 2e-5f);
        assertEquals(0.004f, v[1], 0.004f * 2e-5f);
        assertEquals(1, adam.iterations());
    }

    @Test
    void twoSgdMomentumSteps() {
        // lr 0.1, momentum 0.9, the same gradient g = 0.5 on both steps, w = 1.
        // step 1: v = 0.9·0 - 0.1·0.5 = -0.05;           w = 1 - 0.05 = 0.95
        // step 2: v = 0.9·(-0.05) - 0.1·0.5 = -0.095;    w = 0.95 - 0.095 = 0.855
        Tensor w = param("w", new float[] {1f}, new float[] {0.5f});
        Sgd sgd = new Sgd(List.of(w), 0.1f, 0.9f);
        sgd.step();
        assertEquals(0.95f, w.get(0), 1e-6f);
        sgd.step();
        assertEquals(0.855f, w.get(0), 1e-6f);
        assertArrayEquals(new float[] {-0.095f}, sgd.state().get("w.velocity"), 1e-6f);
        assertEquals(2, sgd.iterations());
    }

    @Test
    void adamWDecaysWeightsIndependentlyOfTheGradient() {
        // With g = 0, Adam's m and v stay 0 and its step is 0; AdamW still shrinks w by lr · wd · w:
        // w = 2 - 0.1 · 0.5 · 2 = 1.9 (plain Adam leaves it at 2).
        Tensor decayed = param("w", new float[] {2f}, new float[] {0f});
        new AdamW(List.of(decayed), 0.1f, 0.5f).step();
        assertEquals(1.9f, decayed.get(0), 1e-6f);

        Tensor plain = param("w", new float[] {2f}, new float[] {0f});
        new Adam(List.of(plain), 0.1f).step();
        assertEquals(2f, plain.get(0));
    }

    @Test
    void schedulesFollowTheirFormulas() {
        assertEquals(0.01f, LearningRateSchedule.constant(0.01f).rate(123_456));

        // step(0.1, every 10, gamma 0.5): 0.1 for steps 0..9, 0.05 for 10..19, 0.025 for 20..29
        LearningRateSchedule step = LearningRateSchedule.step(0.1f, 10, 0.5f);
        assertEquals(0.1f, step.rate(0), 1e-9f);
        assertEquals(0.1f, step.rate(9), 1e-9f);
        assertEquals(0.05f, step.rate(10), 1e-9f);
        assertEquals(0.025f, step.rate(25), 1e-9f);

        // cosine(1, 100 steps, min 0.1): 0.1 + 0.9 · (1 + cos(π s / 100)) / 2
        // s = 0: 1;  s = 50: 0.1 + 0.45 = 0.55;  s = 100 and after: 0.1
        LearningRateSchedule cosine = LearningRateSchedule.cosine(1f, 100, 0.1f);
        assertEquals(1f, cosine.rate(0), 1e-7f);
        assertEquals(0.55f, cosine.rate(50), 1e-6f);
        assertEquals(0.1f, cosine.rate(100), 1e-7f);
        assertEquals(0.1f, cosine.rate(1000), 1e-7f);
    }

    @Test
    void adamUsesTheScheduleAtTheStepCountBeforeTheUpdate() {
        // step(1.0, every 1, gamma 0.5): step 0 uses lr 1, step 1 uses lr 0.5. With a gradient of
        // constant sign, each Adam step moves w by about lr (see oneAdamStep): 0 -> -1 -> -1.5.
        Tensor w = param("w", new float[] {0f}, new float[] {3f});
        Adam adam = new Adam(List.of(w), LearningRateSchedule.step(1f, 1, 0.5f));
        adam.step();
        assertEquals(-1f, w.get(0), 1e-5f);
        adam.step();
        assertEquals(-1.5f, w.get(0), 1e-5f);
    }

    @Test
    void stateRoundTripResumesExactly() {
        Tensor a = param("a", new float[] {1f, 2f}, new float[] {0.3f, -0.7f});
        Adam first = new Adam(List.of(a), 0.01f);
        for (int i = 0; i < 3; i++) first.step();
        Map<String, float[]> saved = first.state();
        float[] weightsAtSave = a.data().clone();

        first.step();
        float[] expected = a.data().clone();

        Tensor b = param("a", weightsAtSave, new float[] {0.3f, -0.7f});
        Adam resumed = new Adam(List.of(b), 0.01f);
        resumed.loadState(saved);
        assertEquals(3, resumed.iterations());
        resumed.step();
        assertArrayEquals(expected, b.data());
    }

    @Test
    void iterationCountSurvivesTheStateExactlyBeyondFloatPrecision() {
        long big = (1L << 40) + 12345; // not representable in one float
        assertEquals(big, OptimizerState.decodeLong(OptimizerState.encodeLong(big)));
    }

    @Test
    void badStateAndBadParametersAreRejectedWithTheirNames() {
        Tensor w = param("layer.kernel", new float[] {1f, 2f}, new float[] {0f, 0f});
        Adam adam = new Adam(List.of(w), 0.01f);
        Map<String, float[]> state = adam.state();
        state.put("layer.kernel.v", new float[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(state));
        assertTrue(e.getMessage().contains("layer.kernel.v") && e.getMessage().contains("3"), e.getMessage());

        Tensor twin = param("layer.kernel", new float[] {1f}, new float[] {0f});
        e = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(w, twin), 0.1f, 0f));
        assertTrue(e.getMessage().contains("layer.kernel"), e.getMessage());
    }

    /** Large models update their tensors on several threads; every tensor is one thread's, so nothing changes. */
    @Test
    void adamOnSeveralThreadsGivesTheSameWeightsAsOnOne() {
        float[][] results = new float[2][];
        for (int run = 0; run < 2; run++) {
            int saved = io.twotower.engine.kernels.Parallel.threads();
            io.twotower.engine.kernels.Parallel.setThreads(run == 0 ? 1 : 2);
            try {
                io.twotower.engine.Rng rng = new io.twotower.engine.Rng(9);
                List<Tensor> params = new java.util.ArrayList<>();
                for (int t = 0; t < 6; t++) {                     // 6 x 8,000 = 48,000 weights: above the threshold
                    Tensor p = Tensor.zeros(8_000).named("p" + t).requiresGrad(true);
                    for (int i = 0; i < p.size(); i++) {
                        p.data()[i] = rng.uniform(-1, 1);
                        p.grad()[i] = rng.uniform(-1, 1);
                    }
                    params.add(p);
                }
                assertTrue(48_000 >= Adam.PARALLEL_WEIGHTS);
                Adam adam = new Adam(params, 0.01f);
                for (int step = 0; step < 3; step++) adam.step();
                float[] all = new float[48_000];
                for (int t = 0; t < 6; t++) System.arraycopy(params.get(t).data(), 0, all, t * 8_000, 8_000);
                results[run] = all;
            } finally {
                io.twotower.engine.kernels.Parallel.setThreads(saved);
            }
        }
        assertArrayEquals(results[0], results[1]);
    }

    /**
     * beginStep() then update() over two disjoint ranges on two threads at once (as the trainer updates each
     * tower on its own thread) gives the same bits as step(), for every built-in optimizer.
     */
    @Test
    void aStepSplitOverTwoThreadsEqualsOneStep() {
        java.util.function.Function<List<Tensor>, Optimizer>[] makers = List.<java.util.function.Function<List<Tensor>, Optimizer>>of(
                ps -> new Adam(ps, 0.01f), ps -> new AdamW(ps, 0.01f, 0.1f), ps -> new Sgd(ps, 0.05f, 0.9f)).toArray(new java.util.function.Function[0]);
        int saved = io.twotower.engine.kernels.Parallel.threads();
        io.twotower.engine.kernels.Parallel.setThreads(2);
        try {
            for (var maker : makers) {
                List<Tensor> whole = randomParams(5), split = randomParams(5);
                Optimizer one = maker.apply(whole), two = maker.apply(split);
                for (int step = 0; step < 4; step++) {
                    one.step();
                    two.beginStep();
                    io.twotower.engine.kernels.Parallel.both(() -> two.update(0, 2), () -> two.update(2, 5));
                }
                assertEquals(one.iterations(), two.iterations());
                for (int p = 0; p < whole.size(); p++) {
                    assertArrayEquals(whole.get(p).data(), split.get(p).data(), one.getClass().getSimpleName() + " " + whole.get(p).name());
                }
                assertThrows(IndexOutOfBoundsException.class, () -> two.update(3, 6));
            }
        } finally {
            io.twotower.engine.kernels.Parallel.setThreads(saved);
        }
    }

    private static List<Tensor> randomParams(int count) {
        io.twotower.engine.Rng rng = new io.twotower.engine.Rng(5);
        List<Tensor> params = new java.util.ArrayList<>();
        for (int t = 0; t < count; t++) {
            Tensor p = Tensor.zeros(37 + 100 * t).named("p" + t).requiresGrad(true);
            for (int i = 0; i < p.size(); i++) {
                p.data()[i] = rng.uniform(-1, 1);
                p.grad()[i] = rng.uniform(-1, 1);
            }
            params.add(p);
        }
        return params;
    }

    /** A NaN or infinite gradient is an error naming the parameter, not a silently NaN weight. */
    @Test
    void aNonFiniteGradientIsReportedWithTheParameterName() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            Tensor ok = param("layer.bias", new float[] {1f, 2f}, new float[] {0.1f, 0.2f});
            Tensor broken = param("layer.kernel", new float[20], new float[20]);
            broken.grad()[17] = bad;                   // in the scalar tail of a 16-lane vector loop
            for (Optimizer optimizer : List.<Optimizer>of(new Adam(List.of(ok, broken), 0.01f), new Sgd(List.of(ok, broken), 0.01f, 0.9f))) {
                NonFiniteUpdateException e = assertThrows(NonFiniteUpdateException.class, optimizer::step);
                assertEquals("layer.kernel", e.parameter());
                assertTrue(e.getMessage().contains("layer.kernel") && e.getMessage().contains("learning rate"), e.getMessage());
            }
        }
    }
}
