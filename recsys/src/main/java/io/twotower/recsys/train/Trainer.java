package io.twotower.recsys.train;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.loss.Loss;
import io.twotower.engine.optim.Optimizer;
import io.twotower.recsys.model.TwoTowerModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Mini-batch training of a two-tower model with per-epoch shuffling, a validation loss after every
 * epoch, early stopping that restores the best weights, and divergence detection.
 *
 * <p>The step graph for the batch size is built once; the last, shorter batch of an epoch has its own
 * graph. Both share the model's parameter tensors.
 */
public final class Trainer {

    /** Receives each epoch's statistics as soon as they are known (progress, history, checkpoints). */
    public interface Listener {
        default void onStep(int epoch, int step, int stepsPerEpoch, double runningLoss, long examplesSoFar) {}

        default void onEpoch(EpochStats stats) {}
    }

    /** What came out of training. */
    public record Result(List<EpochStats> history, int bestEpoch, boolean stoppedEarly) {}

    private final TwoTowerModel model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final TrainingOptions options;
    private final Map<Integer, StepGraph> graphs = new HashMap<>();
    private final float[] userMatrix;
    private final float[] itemMatrix;

    public Trainer(TwoTowerModel model, Loss loss, Optimizer optimizer, TrainingOptions options) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.options = options;
        this.userMatrix = model.features().userMatrix();
        this.itemMatrix = model.features().itemMatrix();
    }

    /**
     * Trains for up to {@code options.epochs()} epochs.
     *
     * @param trainExamples examples for epoch e, e = 1.. (a function so that implicit feedback can
     *                      draw fresh negatives every epoch; explicit ratings return the same set)
     * @param validation    validation examples, or null for none (then no early stopping)
     */
    public Result train(IntFunction<TrainingExamples> trainExamples, TrainingExamples validation,
                        Rng rng, Listener listener) {
        List<Tensor> params = model.parameters();
        float[][] best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epochsWithoutImprovement = 0;
        List<EpochStats> history = new ArrayList<>();
        boolean stoppedEarly = false;
        float[][] lastGood = snapshot(params);

        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            TrainingExamples examples = trainExamples.apply(epoch);
            int n = examples.size();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            rng.shuffle(order, n);

            int batch = options.batchSize();
            int steps = (n + batch - 1) / batch;
            double lossSum = 0;
            long t0 = System.nanoTime();
            for (int step = 0; step < steps; step++) {
                int start = step * batch;
                StepGraph g = graph(Math.min(batch, n - start));
                g.gather(examples, order, start, userMatrix, itemMatrix);
                float batchLoss = g.forwardBackward();
                if (!Float.isFinite(batchLoss)) {
                    restore(params, lastGood);
                    throw new TrainingDivergedException(epoch, step + 1, batchLoss);
                }
                optimizer.step();
                lossSum += (double) batchLoss * g.batchSize;
                if (listener != null) listener.onStep(epoch, step + 1, steps, lossSum / (start + g.batchSize), start + g.batchSize);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!allFinite(params)) {
                restore(params, lastGood);
                throw new TrainingDivergedException(epoch, steps, Double.NaN);
            }
            lastGood = snapshot(params);

            double validationLoss = validation == null ? Double.NaN : evaluateLoss(validation);
            EpochStats stats = new EpochStats(epoch, lossSum / n, validationLoss, seconds, n / seconds);
            history.add(stats);
            if (listener != null) listener.onEpoch(stats);

            if (validation == null) continue;
            if (validationLoss < bestLoss) {
                bestLoss = validationLoss;
                bestEpoch = epoch;
                best = snapshot(params);
                epochsWithoutImprovement = 0;
            } else if (options.patience() > 0 && ++epochsWithoutImprovement >= options.patience()) {
                stoppedEarly = true;
                break;
            }
        }
        if (best != null) restore(params, best);
        return new Result(history, best == null ? history.size() : bestEpoch, stoppedEarly);
    }

    /** Mean loss over examples, on the same graphs (forward only, no parameter change). */
    public double evaluateLoss(TrainingExamples examples) {
        int n = examples.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double sum = 0;
        for (int start = 0; start < n; start += options.batchSize()) {
            StepGraph g = graph(Math.min(options.batchSize(), n - start));
            g.gather(examples, order, start, userMatrix, itemMatrix);
            sum += (double) g.forwardOnly() * g.batchSize;
        }
        return sum / n;
    }

    private StepGraph graph(int batchSize) {
        return graphs.computeIfAbsent(batchSize, b -> new StepGraph(model, loss, b));
    }

    private static float[][] snapshot(List<Tensor> params) {
        float[][] copy = new float[params.size()][];
        for (int i = 0; i < copy.length; i++) copy[i] = params.get(i).data().clone();
        return copy;
    }

    private static void restore(List<Tensor> params, float[][] values) {
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(values[i], 0, params.get(i).data(), 0, values[i].length);
        }
    }

    private static boolean allFinite(List<Tensor> params) {
        for (Tensor p : params) {
            for (float v : p.data()) if (!Float.isFinite(v)) return false;
        }
        return true;
    }
}
