package io.twotower.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.autograd.Graph;
import io.twotower.engine.loss.MeanSquaredError;
import io.twotower.engine.nn.Sequential;
import io.twotower.engine.optim.Adam;
import io.twotower.engine.optim.Optimizer;
import org.junit.jupiter.api.Test;

/** The README's example, verbatim: a small network learns y = x1 · x2. */
class ReadmeExampleTest {

    @Test
    void smallNetworkLearnsAProduct() {
        Rng rng = new Rng(42);
        Tensor x = Tensor.zeros(128, 2), y = Tensor.zeros(128, 1);
        for (int i = 0; i < 128; i++) {                  // data: y = x1 * x2 on [-1, 1]²
            float a = rng.uniform(-1, 1), b = rng.uniform(-1, 1);
            x.set(i, 0, a);
            x.set(i, 1, b);
            y.set(i, 0, a * b);
        }
        Sequential model = Sequential.mlp("model", 2, new int[] {32, 32, 1}, rng); // 2 -> 32 -> 32 -> 1, ReLU
        Graph g = new Graph();                           // record the computation once...
        Tensor loss = new MeanSquaredError().compute(g, model.forward(g, x), y);
        Optimizer adam = new Adam(model.parameters(), 0.01f);
        for (int step = 0; step < 500; step++) {         // ...then replay it every step
            g.forward();
            g.zeroGrad();
            g.backward(loss);
            adam.step();
        }
        Tensor prediction = model.forward(null, Tensor.of(new float[] {0.5f, -0.8f}, 1, 2)); // inference: no graph
        System.out.printf("loss %.5f, f(0.5, -0.8) = %.3f (exact -0.4)%n", loss.item(), prediction.item());

        assertTrue(loss.item() < 0.002f, "loss " + loss.item());
        assertTrue(Math.abs(prediction.item() - (-0.4f)) < 0.05f, "prediction " + prediction.item());
    }
}
