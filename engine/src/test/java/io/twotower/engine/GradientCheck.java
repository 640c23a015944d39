package io.twotower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.autograd.Graph;

/**
 * Checks an engine computation against a reference written independently, in double precision:
 * <ol>
 *   <li>values: the engine's output must match the reference's;</li>
 *   <li>gradients: for a fixed random weighting w of the outputs, L = Σ w·y, the engine's dL/dx
 *       (backward seeded with w) must match central differences of the <em>reference</em>,
 *       (L(x + h) - L(x - h)) / 2h, for every element of every input that requires a gradient;</li>
 *   <li>accumulation: before that backward, every such input's gradient buffer is filled with a known
 *       random "earlier contribution" e in [-1, 1), as when the tensor also feeds another op or a second
 *       backward runs without zeroGrad. Backward must add to it ({@code +=}): the engine's dL/dx is the
 *       buffer minus e. A backward that overwrote its input gradient would be off by e itself, of order 1,
 *       and fail.</li>
 * </ol>
 * Because the numerical derivative comes from the double reference and never from the engine, a
 * wrong backward cannot agree with it by construction.
 *
 * <p>Error measure: |analytic - numeric| / (|numeric| + 0.01). Tolerance argument: in double, central
 * differences with h = 1e-6 · max(|x|, 0.01) err by about h² + 1e-16 / h ≲ 1e-7, negligible; the engine works
 * in float32 (unit roundoff 6e-8), and its gradients are sums of at most about fifty products of
 * values of size ≲ 3, so their absolute error is ≲ 50 · 3 · 6e-8 ≈ 1e-5, i.e. ≲ 1e-3 in the measure
 * above; adding to e and subtracting it again adds at most 2 · 6e-8 (|e| < 1). A missing or wrong term
 * changes a gradient by an amount of the order of the gradient itself, i.e. errors of 0.1 to 1.
 */
public final class GradientCheck {
    private GradientCheck() {}

    public static final double VALUE_TOLERANCE = 1e-4;
    public static final double GRADIENT_TOLERANCE = 2e-3;

    /** The computation in double: inputs (each flattened row-major, in order) to outputs (flattened). */
    @FunctionalInterface
    public interface Reference {
        double[] apply(double[][] inputs);
    }

    /** The same computation with the engine, recorded on g. */
    @FunctionalInterface
    public interface Build {
        Tensor apply(Graph g, Tensor[] inputs);
    }

    public record Result(double maxValueError, double maxGradientError, int gradientsChecked) {}

    /** Runs the three checks with the default tolerances, prints the max errors, and returns them. */
    public static Result check(String label, Tensor[] inputs, Build build, Reference reference) {
        double[][] x = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) x[i] = toDouble(inputs[i].data());

        Graph g = new Graph();
        Tensor y = build.apply(g, inputs);
        double[] expected = reference.apply(x);
        assertEquals(expected.length, y.size(), label + ": output size");
        double maxValueError = 0;
        for (int k = 0; k < expected.length; k++) {
            maxValueError = Math.max(maxValueError, Math.abs(y.data()[k] - expected[k]) / Math.max(1.0, Math.abs(expected[k])));
        }
        assertTrue(maxValueError < VALUE_TOLERANCE, label + ": forward differs from the double reference by " + maxValueError);

        Rng rng = new Rng(1234);
        float[] w = new float[y.size()];
        for (int k = 0; k < w.length; k++) w[k] = rng.uniform(-1f, 1f);
        g.zeroGrad();
        Rng earlierRng = new Rng(4321);
        float[][] earlier = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) continue;
            earlier[i] = new float[inputs[i].size()];
            for (int j = 0; j < earlier[i].length; j++) earlier[i][j] = earlierRng.uniform(-1f, 1f);
            System.arraycopy(earlier[i], 0, inputs[i].grad(), 0, earlier[i].length);
        }
        g.backward(y, w);

        double maxGradientError = 0;
        int checked = 0;
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) continue;
            for (int j = 0; j < x[i].length; j++) {
                double saved = x[i][j];
                double h = 1e-6 * Math.max(Math.abs(saved), 0.01); // relative step, but not vanishing at 0
                x[i][j] = saved + h;
                double plus = weighted(w, reference.apply(x));
                x[i][j] = saved - h;
                double minus = weighted(w, reference.apply(x));
                x[i][j] = saved;
                double numeric = (plus - minus) / (2 * h);
                double analytic = (double) inputs[i].grad()[j] - earlier[i][j];   // what this backward added
                double error = Math.abs(analytic - numeric) / (Math.abs(numeric) + 0.01);
                assertTrue(error < GRADIENT_TOLERANCE, label + ": d/d input " + i + "[" + j + "]: backward added " + analytic
                        + " to the earlier " + earlier[i][j] + ", central differences give " + numeric
                        + " (error " + error + ")");
                maxGradientError = Math.max(maxGradientError, error);
                checked++;
            }
        }
        System.out.printf("gradient check %-32s max value error %.2e, max gradient error %.2e over %d gradients%n",
                label, maxValueError, maxGradientError, checked);
        return new Result(maxValueError, maxGradientError, checked);
    }

    private static double weighted(float[] w, double[] y) {
        double sum = 0;
        for (int k = 0; k < y.length; k++) sum += w[k] * y[k];
        return sum;
    }

    public static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /** A (rows, cols) tensor of uniform values in [-1, 1) that requires a gradient. */
    public static Tensor random(Rng rng, int rows, int cols) {
        Tensor t = Tensor.zeros(rows, cols).requiresGrad(true);
        for (int i = 0; i < t.size(); i++) t.data()[i] = rng.uniform(-1f, 1f);
        return t;
    }

    /** Like {@link #random} but with every |value| ≥ 0.1, away from ReLU's kink at 0. */
    public static Tensor randomAwayFromZero(Rng rng, int rows, int cols) {
        Tensor t = random(rng, rows, cols);
        for (int i = 0; i < t.size(); i++) {
            float v = t.data()[i];
            t.data()[i] = Math.copySign(0.1f + 0.9f * Math.abs(v), v);
        }
        return t;
    }
}
