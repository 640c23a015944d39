package io.twotower.engine.nn;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.ops.Ops;
import java.util.List;

/**
 * A fully connected layer: y = activation(x · W + b), x (B, in), W (in, out), b (out,).
 *
 * <p>Initialised as Keras does by default: W Glorot-uniform, each entry uniform in [-limit, limit)
 * with limit = sqrt(6 / (in + out)) (keeps the activations' variance roughly constant through the
 * layers), and b = 0. Parameters are named "&lt;name&gt;.kernel" and "&lt;name&gt;.bias".
 */
public final class Dense implements Layer {
    private final String name;
    private final Activation activation;
    private final Tensor kernel;
    private final Tensor bias;

    public Dense(String name, int in, int out, Activation activation, Rng rng) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("dense " + name + ": sizes must be positive, got " + in + " -> " + out);
        this.name = name;
        this.activation = activation;
        this.kernel = Tensor.zeros(in, out).named(name + ".kernel").requiresGrad(true);
        this.bias = Tensor.zeros(out).named(name + ".bias").requiresGrad(true);
        float limit = (float) Math.sqrt(6.0 / (in + out));
        float[] w = kernel.data();
        for (int i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
    }

    @Override
    public Tensor forward(Graph g, Tensor x) {
        if (x.cols() != kernel.rows()) {
            throw new IllegalArgumentException("dense " + name + ": input " + x.shapeString() + " does not match kernel "
                    + kernel.shapeString() + " (expected " + kernel.rows() + " columns)");
        }
        return switch (activation) {
            case LINEAR -> Ops.dense(g, x, kernel, bias, false);
            case RELU -> Ops.dense(g, x, kernel, bias, true);
            case SIGMOID -> Ops.sigmoid(g, Ops.dense(g, x, kernel, bias, false));
        };
    }

    /** The (in, out) weight matrix W. */
    public Tensor kernel() { return kernel; }

    /** The (out,) bias b. */
    public Tensor bias() { return bias; }

    public Activation activation() { return activation; }

    @Override
    public List<Tensor> parameters() { return List.of(kernel, bias); }

    @Override
    public String name() { return name; }

    @Override
    public int inputSize() { return kernel.rows(); }

    @Override
    public int outputSize() { return kernel.cols(); }
}
