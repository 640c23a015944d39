package io.twotower.benchmarks;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.kernels.ScalarKernels;
import io.twotower.engine.ops.Ops;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One fused dense layer with ReLU, forward and backward, at the model's shapes:
 * x (B, in), W (in, out), b (out,), y = relu(x·W + b); given dy, backward computes
 * dz = (y > 0) ⊙ dy, dW = xᵀ·dz, db = Σ_rows dz and dx = dz·Wᵀ (the input gradient is included, as for a
 * hidden layer). Three products of 2·B·in·out operations each, so 6·B·in·out in all (the report's GFLOP/s).
 *
 * <p>Variants: the same steps written with the plain scalar loops of {@link ScalarKernels}; EJML for the
 * three products (plain loops for bias, ReLU and the column sums); and the engine itself, a {@link Graph}
 * holding one {@link Ops#dense} op, replayed with forward, zeroGrad and backward, on one thread and on
 * every core. Layer shapes are "in x out" of the towers: 22x256, 256x128, 128x32.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class DenseLayerBenchmark {

    @Param({"32", "256", "1024"})
    public int batch;

    @Param({"22x256", "256x128", "128x32"})
    public String layer;

    private int in, out;
    // Inputs shared by every variant: x, W, b and the upstream gradient dy.
    private float[] x, weights, bias, dy;
    // Outputs and scratch of the hand-written variants: y, dz and the three gradients.
    private float[] y, dz, dWeights, dBias, dx;
    private FMatrixRMaj ejmlX, ejmlW, ejmlY, ejmlDz, ejmlDw, ejmlDx;
    // The engine's version: a graph of one dense op over tensors wrapping the same x, W and b.
    private Graph graph;
    private Tensor xTensor, weightTensor, biasTensor, yTensor;

    @Setup
    public void setUp() {
        String[] inOut = layer.split("x");
        in = Integer.parseInt(inOut[0]);
        out = Integer.parseInt(inOut[1]);
        x = Agreement.randomFloats(batch * in, 1);
        weights = Agreement.randomFloats(in * out, 2);
        bias = Agreement.randomFloats(out, 3);
        dy = Agreement.randomFloats(batch * out, 4);
        y = new float[batch * out];
        dz = new float[batch * out];
        dWeights = new float[in * out];
        dBias = new float[out];
        dx = new float[batch * in];
        ejmlX = FMatrixRMaj.wrap(batch, in, x);
        ejmlW = FMatrixRMaj.wrap(in, out, weights);
        ejmlY = FMatrixRMaj.wrap(batch, out, y);
        ejmlDz = FMatrixRMaj.wrap(batch, out, dz);
        ejmlDw = FMatrixRMaj.wrap(in, out, dWeights);
        ejmlDx = FMatrixRMaj.wrap(batch, in, dx);

        graph = new Graph();
        xTensor = Tensor.of(x, batch, in).requiresGrad(true);
        weightTensor = Tensor.of(weights, in, out).requiresGrad(true);
        biasTensor = Tensor.of(bias, out).requiresGrad(true);
        yTensor = Ops.dense(graph, xTensor, weightTensor, biasTensor, true);

        checkAgreement();
    }

    /** Runs each variant once from the same inputs and compares y, dW, db and dx with the scalar loops'. */
    private void checkAgreement() {
        scalarLoops();
        float[][] expected = {y.clone(), dWeights.clone(), dBias.clone(), dx.clone()};
        ejml();
        compare("EJML", expected, new float[][] {y, dWeights, dBias, dx});
        engineOneThread();
        compare("engine (1 thread)", expected, engineResults());
        engineAllCores();
        compare("engine (all cores)", expected, engineResults());
    }

    private float[][] engineResults() {
        return new float[][] {yTensor.data(), weightTensor.grad(), biasTensor.grad(), xTensor.grad()};
    }

    private void compare(String variant, float[][] expected, float[][] actual) {
        String[] names = {"y", "dW", "db", "dx"};
        for (int i = 0; i < names.length; i++) {
            Agreement.assertClose(variant + " vs scalar, " + names[i] + ", batch " + batch + " layer " + layer,
                    expected[i], actual[i], 1e-4f);
        }
    }

    @Benchmark
    public float[] scalarLoops() {
        ScalarKernels.matmul(x, weights, y, batch, in, out, false);          // y = x · W
        ScalarKernels.addBiasRows(y, bias, batch, out, true);                // y = relu(y + b)
        ScalarKernels.reluBackward(y, dy, dz, 0, dz.length);                 // dz = (y > 0) ⊙ dy
        ScalarKernels.matmulTransA(x, dz, dWeights, in, batch, out, false);  // dW = xᵀ · dz
        ScalarKernels.sumRows(dz, batch, out, dBias, false);                 // db = Σ_rows dz
        ScalarKernels.matmulTransB(dz, weights, dx, batch, out, in, false);  // dx = dz · Wᵀ
        return dx;
    }

    @Benchmark
    public float[] ejml() {
        CommonOps_FDRM.mult(ejmlX, ejmlW, ejmlY);                            // y = x · W
        ScalarKernels.addBiasRows(y, bias, batch, out, true);                // y = relu(y + b)
        ScalarKernels.reluBackward(y, dy, dz, 0, dz.length);                 // dz = (y > 0) ⊙ dy
        CommonOps_FDRM.multTransA(ejmlX, ejmlDz, ejmlDw);                    // dW = xᵀ · dz
        ScalarKernels.sumRows(dz, batch, out, dBias, false);                 // db = Σ_rows dz
        CommonOps_FDRM.multTransB(ejmlDz, ejmlW, ejmlDx);                    // dx = dz · Wᵀ
        return dx;
    }

    /** The engine on the calling thread only (see {@link Threads} for why the count is set on every call). */
    @Benchmark
    public float[] engineOneThread() {
        Threads.use(1);
        return engineStep();
    }

    @Benchmark
    public float[] engineAllCores() {
        Threads.use(Threads.allCores());
        return engineStep();
    }

    private float[] engineStep() {
        graph.forward();
        graph.zeroGrad();
        graph.backward(yTensor, dy);
        return xTensor.grad();
    }
}
