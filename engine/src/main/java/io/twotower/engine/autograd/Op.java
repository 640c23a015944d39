package io.twotower.engine.autograd;

import io.twotower.engine.Tensor;
import java.util.List;

/**
 * One differentiable operation: it reads its input tensors and writes its output tensor.
 *
 * <p>An op is built once (allocating its output and any scratch) and can then be run any number of
 * times: {@link #forward()} recomputes the output from the inputs' current data, and
 * {@link #backward()} reads the output's gradient and ADDS (+=) its contribution to the gradient of
 * every input that {@link Tensor#requiresGrad() requires one}. Neither allocates.
 */
public abstract class Op {
    private final String name;
    private final List<Tensor> inputs;
    protected final Tensor output;

    protected Op(String name, Tensor output, Tensor... inputs) {
        this.name = name;
        this.output = output;
        this.inputs = List.of(inputs);
    }

    /** Short name of the op, as used in error messages ("matmul", "relu", ...). */
    public String name() { return name; }

    public List<Tensor> inputs() { return inputs; }

    public Tensor output() { return output; }

    /** Recomputes output.data() from the inputs' data. */
    public abstract void forward();

    /** Accumulates dL/dinput += (dL/doutput)·(doutput/dinput) for each input with requiresGrad(). */
    public abstract void backward();

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name).append('(');
        for (int i = 0; i < inputs.size(); i++) s.append(i == 0 ? "" : ", ").append(inputs.get(i).shapeString());
        return s.append(") -> ").append(output.shapeString()).toString();
    }
}
