package io.twotower.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.kernels.Parallel;
import io.twotower.engine.loss.BinaryCrossEntropyWithLogits;
import io.twotower.engine.loss.MeanSquaredError;
import io.twotower.engine.optim.Adam;
import io.twotower.engine.optim.Optimizer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** End to end: the engine's layers, loss, tape and optimizer together learn small problems. */
class TrainingTest {

    @Test
    void learnsXor() {
        // XOR is not linearly separable: it needs the hidden ReLU layer to be learned at all.
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Sequential model = Sequential.mlp("xor", 2, new int[] {8, 1}, new Rng(42));
        Graph g = new Graph();
        Tensor logits = model.forward(g, x);
        Tensor loss = new BinaryCrossEntropyWithLogits().compute(g, logits, y);
        Optimizer adam = new Adam(model.parameters(), 0.05f);
        for (int step = 0; step < 400; step++) {
            g.forward();
            g.zeroGrad();
            g.backward(loss);
            adam.step();
        }
        g.forward();
        System.out.printf("xor: loss after 400 Adam steps %.4f%n", loss.item());
        assertTrue(loss.item() < 0.05f, "loss " + loss.item());
        Tensor predicted = model.forward(null, x);
        for (int r = 0; r < 4; r++) {
            assertEquals(y.get(r, 0) > 0.5f, predicted.get(r, 0) > 0f, "row " + r + " logit " + predicted.get(r, 0));
        }
    }

    /** 256 points x in [-1, 1]², target sin(x1) + x2²; returns the model after training. */
    static Sequential trainRegression(long seed, int steps, float[] finalLoss) {
        Rng rng = new Rng(seed);
        int n = 256;
        Tensor x = Tensor.zeros(n, 2), y = Tensor.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            float a = rng.uniform(-1f, 1f), b = rng.uniform(-1f, 1f);
            x.set(i, 0, a);
            x.set(i, 1, b);
            y.set(i, 0, (float) Math.sin(a) + b * b);
        }
        Sequential model = Sequential.mlp("reg", 2, new int[] {32, 32, 1}, rng);
        Graph g = new Graph();
        Tensor loss = new MeanSquaredError().compute(g, model.forward(g, x), y);
        Optimizer adam = new Adam(model.parameters(), 0.01f);
        for (int step = 0; step < steps; step++) {
            g.forward();
            g.zeroGrad();
            g.backward(loss);
            adam.step();
        }
        g.forward();
        finalLoss[0] = loss.item();
        return model;
    }

    @Test
    void fitsASmoothRegression() {
        // The target's variance is about 0.36 (Var sin(U) ≈ 0.27 plus Var U² ≈ 0.09): an MSE of 0.001 explains > 99.7%.
        float[] loss = new float[1];
        trainRegression(3, 600, loss);
        System.out.printf("regression sin(x1) + x2^2: MSE after 600 Adam steps %.5f%n", loss[0]);
        assertTrue(loss[0] < 0.001f, "MSE " + loss[0]);
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        float[] loss1 = new float[1], loss2 = new float[1];
        List<Tensor> first = trainRegression(11, 50, loss1).parameters();
        List<Tensor> second = trainRegression(11, 50, loss2).parameters();
        for (int p = 0; p < first.size(); p++) assertArrayEquals(first.get(p).data(), second.get(p).data(), first.get(p).name());
        assertEquals(Float.floatToIntBits(loss1[0]), Float.floatToIntBits(loss2[0]));

        List<Tensor> other = trainRegression(12, 50, loss2).parameters();
        assertTrue(!java.util.Arrays.equals(first.get(0).data(), other.get(0).data()), "a different seed gives different weights");
    }

    /**
     * Three Adam steps of a 256 -> 256 -> 128 -> 1 network at batch 64, from the same seed, on one thread and
     * on two. The products are large enough for Matmul to split them over the threads: 64·256·256 = 4.2 M and
     * 64·256·128 = 2.1 M multiply-adds against its threshold of 2^21 = 2.1 M, in the forward pass, dW = xᵀ·dz
     * and dx = dz·Wᵀ; and Adam, above 2^15 weights (this net has 98,817), splits its tensors too. Every
     * element is computed in the same order whatever the split, so the weights must be bit-identical.
     */
    @Test
    void oneAndTwoThreadsGiveBitIdenticalWeights() {
        int previous = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<Tensor> one = trainWide(3);
            Parallel.setThreads(2);
            List<Tensor> two = trainWide(3);
            Sequential untrained = Sequential.mlp("wide", 256, new int[] {256, 128, 1}, new Rng(21));
            for (int p = 0; p < one.size(); p++) {
                assertArrayEquals(one.get(p).data(), two.get(p).data(), one.get(p).name() + ": one thread against two");
                assertFalse(Arrays.equals(untrained.parameters().get(p).data(), one.get(p).data()),
                        one.get(p).name() + " was not trained");
            }
        } finally {
            Parallel.setThreads(previous);
        }
    }

    /** The parameters of the 256 -> 256 -> 128 -> 1 network after the given Adam steps on random regression data. */
    static List<Tensor> trainWide(int steps) {
        Rng rng = new Rng(21);
        Sequential model = Sequential.mlp("wide", 256, new int[] {256, 128, 1}, rng);
        Tensor x = Tensor.zeros(64, 256), y = Tensor.zeros(64, 1);
        for (int i = 0; i < x.size(); i++) x.data()[i] = rng.uniform(-1f, 1f);
        for (int i = 0; i < y.size(); i++) y.data()[i] = rng.uniform(-1f, 1f);
        Graph g = new Graph();
        Tensor loss = new MeanSquaredError().compute(g, model.forward(g, x), y);
        Optimizer adam = new Adam(model.parameters(), 0.01f);
        for (int step = 0; step < steps; step++) {
            g.forward();
            g.zeroGrad();
            g.backward(loss);
            adam.step();
        }
        return model.parameters();
    }
}
