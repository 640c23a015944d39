package io.twotower.benchmarks;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.kernels.ScalarKernels;
import io.twotower.engine.kernels.VectorKernels;
import io.twotower.engine.loss.MeanSquaredError;
import io.twotower.engine.nn.Activation;
import io.twotower.engine.nn.Dense;
import io.twotower.engine.nn.Layer;
import io.twotower.engine.nn.Sequential;
import io.twotower.engine.ops.Ops;
import io.twotower.engine.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * One whole two-tower training step, built only from engine classes: a user tower 22 -> 256 -> 128 -> 32
 * and an item tower 24 -> 256 -> 128 -> 32 ({@link Sequential#mlp}), both outputs L2-normalised, their
 * row-wise dot product as the predicted score, mean squared error against a target, Adam. The graph is
 * built once in {@code @Setup}; each call replays forward, zeroGrad, backward and the optimizer step.
 *
 * <p>Variants: the engine on one thread and on every core, and the engine with its Vector API kernels
 * switched off ({@code -Dtwotower.vector.bits=0}, set on that method's own forks): the scalar baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class TrainingStepBenchmark {

    @Param({"32", "256", "1024"})
    public int batch;

    private TwoTowerStep step;

    /** The model, its recorded step graph and its optimizer. */
    static final class TwoTowerStep {
        static final int USER_FEATURES = 22, ITEM_FEATURES = 24;
        static final int[] LAYER_SIZES = {256, 128, 32};

        final Graph graph = new Graph();
        final Sequential userTower, itemTower;
        final Tensor userFeatures, itemFeatures, target;
        final List<Tensor> parameters = new ArrayList<>();
        final Tensor loss;
        final Adam adam;

        /** Same seed and batch, same model, inputs and targets. */
        TwoTowerStep(int batch, long seed) {
            Rng rng = new Rng(seed);
            userTower = Sequential.mlp("user", USER_FEATURES, LAYER_SIZES, rng);
            itemTower = Sequential.mlp("item", ITEM_FEATURES, LAYER_SIZES, rng);
            userFeatures = Tensor.of(Agreement.randomFloats(batch * USER_FEATURES, seed + 1), batch, USER_FEATURES);
            itemFeatures = Tensor.of(Agreement.randomFloats(batch * ITEM_FEATURES, seed + 2), batch, ITEM_FEATURES);
            target = Tensor.of(Agreement.randomFloats(batch, seed + 3), batch, 1);

            Tensor user = Ops.l2NormalizeRows(graph, userTower.forward(graph, userFeatures));  // (B, 32), unit rows
            Tensor item = Ops.l2NormalizeRows(graph, itemTower.forward(graph, itemFeatures));  // (B, 32), unit rows
            Tensor score = Ops.rowDot(graph, user, item);                                      // (B, 1), cosine
            loss = new MeanSquaredError().compute(graph, score, target);
            parameters.addAll(userTower.parameters());
            parameters.addAll(itemTower.parameters());
            adam = new Adam(parameters, 1e-3f);
        }

        /** One training step; returns the loss before the update. */
        float run() {
            graph.forward();
            graph.zeroGrad();
            graph.backward(loss);
            adam.step();
            return loss.item();
        }

        /**
         * The loss of the current weights computed again with plain loops ({@link ScalarKernels} and
         * doubles), independently of the graph: mean over rows of (cos(user_r, item_r) - target_r)².
         */
        double referenceLoss() {
            int batch = target.rows();
            float[] user = towerOutput(userTower, userFeatures.data(), batch);
            float[] item = towerOutput(itemTower, itemFeatures.data(), batch);
            int dim = userTower.outputSize();
            double sum = 0;
            for (int r = 0; r < batch; r++) {
                double dot = 0, userNorm = 0, itemNorm = 0;
                for (int d = 0; d < dim; d++) {
                    dot += (double) user[r * dim + d] * item[r * dim + d];
                    userNorm += (double) user[r * dim + d] * user[r * dim + d];
                    itemNorm += (double) item[r * dim + d] * item[r * dim + d];
                }
                // rows are divided by max(norm, 1e-6), as Ops.l2NormalizeRows does
                double cosine = dot / (Math.max(Math.sqrt(userNorm), 1e-6) * Math.max(Math.sqrt(itemNorm), 1e-6));
                double error = cosine - target.data()[r];
                sum += error * error;
            }
            return sum / batch;
        }

        /** x (B, in) through every Dense layer of the tower: h = relu?(h · W + b). */
        private static float[] towerOutput(Sequential tower, float[] x, int batch) {
            float[] h = x;
            for (Layer layer : tower.layers()) {
                Dense dense = (Dense) layer;
                int in = dense.inputSize(), out = dense.outputSize();
                float[] y = new float[batch * out];
                ScalarKernels.matmul(h, dense.kernel().data(), y, batch, in, out, false);
                ScalarKernels.addBiasRows(y, dense.bias().data(), batch, out, dense.activation() == Activation.RELU);
                h = y;
            }
            return h;
        }
    }

    /**
     * Before anything is timed: the graph's loss must match the plain-loop {@link TwoTowerStep#referenceLoss},
     * and two identical models taking one step, one on a single thread and one on every core, must agree
     * on the loss and on every updated weight.
     */
    @Setup
    public void setUp() {
        TwoTowerStep single = new TwoTowerStep(batch, 42);
        TwoTowerStep parallel = new TwoTowerStep(batch, 42);
        double referenceLoss = single.referenceLoss();
        Threads.use(1);
        float singleLoss = single.run();
        Agreement.assertClose("training step loss, engine vs plain loops, batch " + batch, referenceLoss, singleLoss, 1e-4);
        Threads.use(Threads.allCores());
        float parallelLoss = parallel.run();
        Agreement.assertClose("training step loss, 1 thread vs all cores, batch " + batch, singleLoss, parallelLoss, 1e-5);
        for (int p = 0; p < single.parameters.size(); p++) {
            Agreement.assertClose("weights of " + single.parameters.get(p).name() + " after one step, 1 thread vs all cores",
                    single.parameters.get(p).data(), parallel.parameters.get(p).data(), 1e-5f);
        }
        step = single;
    }

    /** Makes sure the scalar baseline really runs without the Vector API (its forks set the property). */
    @State(Scope.Thread)
    public static class ScalarPath {
        @Setup
        public void setUp() {
            if (VectorKernels.isVectorized()) {
                throw new IllegalStateException("scalarKernels must run with -Dtwotower.vector.bits=0 (a forked JVM), "
                        + "but the Vector API kernels are on: do not run it with -f 0");
            }
        }
    }

    /** The engine with every kernel on its scalar twin; single-threaded like the scalar matmul it falls back to. */
    @Benchmark
    @Fork(value = 2, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"}, jvmArgsAppend = {"-Dtwotower.vector.bits=0"})
    public float scalarKernels(ScalarPath scalarPath) {
        Threads.use(1);
        return step.run();
    }

    /** The engine on the calling thread only (see {@link Threads} for why the count is set on every call). */
    @Benchmark
    public float engineOneThread() {
        Threads.use(1);
        return step.run();
    }

    @Benchmark
    public float engineAllCores() {
        Threads.use(Threads.allCores());
        return step.run();
    }
}
