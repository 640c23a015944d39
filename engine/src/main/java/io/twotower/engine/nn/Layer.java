package io.twotower.engine.nn;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import java.util.List;

/** A differentiable function of one (B, inputSize) tensor to one (B, outputSize) tensor, with trainable parameters. */
public interface Layer {
    /** Applies the layer; records its ops on g unless g is null (inference). */
    Tensor forward(Graph g, Tensor x);

    /** The trainable tensors, each with a unique name; the optimizer updates them in place. */
    List<Tensor> parameters();

    String name();

    int inputSize();

    int outputSize();
}
