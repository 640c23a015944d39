package io.twotower.engine.autograd;

import io.twotower.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tape: the ops of one computation, in the order they ran.
 *
 * <p>Build it once, by calling the op functions of {@link io.twotower.engine.ops.Ops} with this graph;
 * then each training step overwrites the input tensors' data and calls {@link #forward()},
 * {@link #zeroGrad()} and {@link #backward(Tensor)}. Ops keep references to their tensors and their
 * preallocated scratch, so a step allocates nothing (gradient buffers are allocated on the first
 * backward only).
 *
 * <p>A tensor used by several ops (or twice by one, as in y = x·x) receives the sum of their
 * contributions, because every backward adds into the input gradients.
 */
public final class Graph {
    private final List<Op> ops = new ArrayList<>();
    /** Every tensor an op reads or writes, each once (by identity), in first-seen order. */
    private final Map<Tensor, Boolean> tensors = new IdentityHashMap<>();
    private final List<Tensor> tensorList = new ArrayList<>();

    /**
     * Appends an op whose forward has already run. Its output requires a gradient exactly when one
     * of its inputs does, so gradients flow back to every parameter and to nothing else.
     */
    public void record(Op op) {
        boolean anyInputNeedsGrad = false;
        for (Tensor input : op.inputs()) {
            anyInputNeedsGrad |= input.requiresGrad();
            remember(input);
        }
        op.output().requiresGrad(anyInputNeedsGrad);
        remember(op.output());
        ops.add(op);
    }

    private void remember(Tensor t) {
        if (tensors.put(t, Boolean.TRUE) == null) tensorList.add(t);
    }

    /** Replays every recorded op in order, recomputing all outputs from the inputs' current data. */
    public void forward() {
        for (int i = 0; i < ops.size(); i++) ops.get(i).forward();
    }

    /** Seeds dL/dloss = 1 for a scalar loss and runs every op's backward, last op first. */
    public void backward(Tensor loss) {
        if (loss.size() != 1) {
            throw new IllegalArgumentException("backward: loss must be a scalar, got shape " + loss.shapeString()
                    + " (use backward(output, seed) for a non-scalar output)");
        }
        checkRecorded(loss);
        loss.grad()[0] = 1f;
        runBackward();
    }

    /**
     * Seeds dL/doutput = seed (copied) and runs every op's backward, last op first. For computing
     * vector-Jacobian products of a non-scalar output, e.g. in gradient checks.
     */
    public void backward(Tensor output, float[] seed) {
        if (seed.length != output.size()) {
            throw new IllegalArgumentException("backward: seed has " + seed.length + " values, output " + output.shapeString()
                    + " has " + output.size());
        }
        checkRecorded(output);
        System.arraycopy(seed, 0, output.grad(), 0, seed.length);
        runBackward();
    }

    private void checkRecorded(Tensor t) {
        if (!tensors.containsKey(t) || !t.requiresGrad()) {
            throw new IllegalArgumentException("backward: " + t + " was not produced by this graph from a tensor that requires a gradient");
        }
    }

    private void runBackward() {
        for (int i = ops.size() - 1; i >= 0; i--) {
            Op op = ops.get(i);
            // An op none of whose inputs needs a gradient has nothing to pass back.
            if (op.output().requiresGrad()) op.backward();
        }
    }

    /** Zeroes the gradient buffer of every tensor this graph touches (parameters included). */
    public void zeroGrad() {
        for (int i = 0; i < tensorList.size(); i++) {
            Tensor t = tensorList.get(i);
            if (t.hasGrad()) Arrays.fill(t.grad(), 0f);
        }
    }

    /** The recorded ops, in forward order (read-only). */
    public List<Op> ops() { return Collections.unmodifiableList(ops); }
}
