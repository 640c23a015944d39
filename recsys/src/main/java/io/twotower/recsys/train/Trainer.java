package io.twotower.recsys.train;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.loss.Loss;
import io.twotower.engine.optim.NonFiniteUpdateException;
import io.twotower.engine.optim.Optimizer;
import io.twotower.recsys.model.TwoTowerModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Mini-batch training of a two-tower model with per-epoch shuffling, a validation loss after every
 * epoch, early stopping that restores the best weights, divergence detection and checkpoints.
 *
 * <p>The step graph for the batch size is built once; the last, shorter batch of an epoch has its own
 * graph. Both share the model's parameter tensors. Each step: gather the batch's feature rows, replay
 * forward, zero the gradients, check the loss, backward, one optimizer update. When the optimizer updates
 * exactly the model's parameters and no listener needs to look between backward and update, the update
 * of each tower runs inside that tower's backward half, on its core ({@link StepGraph}); the weights
 * that come out are the same, bit for bit.
 *
 * <p>At the end of every epoch the trainer takes a {@link Checkpoint} in memory (a copy: cheap next to
 * an epoch); it is handed to a {@link CheckpointSink} every {@code checkpointEvery} epochs, and the caller
 * can save it at any time (Ctrl-C, divergence) through {@link #latestCheckpoint()}.
 */
public final class Trainer {

    /** Hooks into the loop: progress, history, diagnostics. All optional. */
    public interface Listener {
        /** Before the first step of an epoch (its clock starts here). */
        default void onEpochStart(int epoch, int stepsPerEpoch) {}

        /** After each step, with the running mean loss of the epoch. */
        default void onStep(int epoch, int step, int stepsPerEpoch, double runningLoss, long examplesSoFar) {}

        /**
         * After backward, before the update: gradients are in the parameters' grad buffers and the weights
         * are those of the forward pass. Called only by listeners that say {@link #readsGradientsBeforeUpdate()}.
         */
        default void afterBackward(int epoch, int step) {}

        /**
         * True when {@link #afterBackward} must run between the backward pass and the update. The trainer
         * otherwise fuses the update into each tower's backward (on that tower's core), with no moment in
         * between where the whole model has its gradients and its old weights.
         */
        default boolean readsGradientsBeforeUpdate() { return false; }

        /** After the optimizer's update of step {@code step}. */
        default void afterUpdate(int epoch, int step) {}

        /** After each epoch, with its statistics. */
        default void onEpoch(EpochStats stats) {}

        /** One listener that calls each of these in order (nulls skipped). */
        static Listener all(Listener... listeners) {
            List<Listener> list = new ArrayList<>();
            for (Listener l : listeners) if (l != null) list.add(l);
            return new Listener() {
                @Override public void onEpochStart(int e, int n) { for (Listener l : list) l.onEpochStart(e, n); }
                @Override public void onStep(int e, int s, int n, double loss, long ex) { for (Listener l : list) l.onStep(e, s, n, loss, ex); }
                @Override public void afterBackward(int e, int s) { for (Listener l : list) l.afterBackward(e, s); }
                @Override public boolean readsGradientsBeforeUpdate() { return list.stream().anyMatch(Listener::readsGradientsBeforeUpdate); }
                @Override public void afterUpdate(int e, int s) { for (Listener l : list) l.afterUpdate(e, s); }
                @Override public void onEpoch(EpochStats stats) { for (Listener l : list) l.onEpoch(stats); }
            };
        }
    }

    /**
     * Saves the checkpoint taken at the end of an epoch (every {@code checkpointEvery} epochs); the caller
     * decides where and how, and says so.
     */
    @FunctionalInterface
    public interface CheckpointSink {
        void save(Checkpoint checkpoint) throws IOException;
    }

    /**
     * What came out of training.
     *
     * @param history       every epoch's statistics, those of a resumed-from checkpoint included
     * @param bestEpoch     the epoch whose weights the model holds now
     * @param stoppedEarly  true when early stopping ended the run before {@code options.epochs()}
     * @param epochsTrained the epochs this call trained (0 when a resumed run had nothing left to do)
     */
    public record Result(List<EpochStats> history, int bestEpoch, boolean stoppedEarly, int epochsTrained) {}

    private static final Listener SILENT = new Listener() {};

    private final TwoTowerModel model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final TrainingOptions options;
    private final Map<Integer, StepGraph> graphs = new HashMap<>();
    private final List<Tensor> params;
    /** The optimizer updates exactly the model's parameters, in order: each tower's update can run on its core. */
    private final boolean fusable;
    private String fingerprint = "";
    private CheckpointSink checkpointSink;
    private int checkpointEvery;
    private volatile Checkpoint latest;

    public Trainer(TwoTowerModel model, Loss loss, Optimizer optimizer, TrainingOptions options) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.options = options;
        this.params = model.parameters();
        this.fusable = sameTensors(optimizer.parameters(), params);
    }

    /** True when the two lists hold the same tensors (by identity) in the same order. */
    private static boolean sameTensors(List<Tensor> a, List<Tensor> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (a.get(i) != b.get(i)) return false;
        return true;
    }

    /**
     * Hands a checkpoint to {@code sink} every {@code everyEpochs} epochs (0: never; {@link #latestCheckpoint()}
     * is there on demand), tagged with {@code fingerprint}: the settings and data it was made with, for the
     * caller to compare when resuming.
     */
    public Trainer checkpointing(CheckpointSink sink, int everyEpochs, String fingerprint) {
        this.checkpointSink = sink;
        this.checkpointEvery = everyEpochs;
        this.fingerprint = fingerprint;
        return this;
    }

    /** The state at the end of the last finished epoch, or null before the first one ends. */
    public Checkpoint latestCheckpoint() {
        return latest;
    }

    /** Trains from scratch; see {@link #train(IntFunction, TrainingExamples, Rng, Listener, Checkpoint)}. */
    public Result train(IntFunction<TrainingExamples> trainExamples, TrainingExamples validation, Rng rng, Listener listener) {
        return train(trainExamples, validation, rng, listener, null);
    }

    /**
     * Trains for up to {@code options.epochs()} epochs, or continues a run from {@code resume}.
     *
     * @param trainExamples examples for epoch e, e = 1.. (a function so that implicit feedback can
     *                      draw fresh negatives every epoch; explicit ratings return the same set)
     * @param validation    validation examples, or null for none (then no early stopping)
     * @param rng           shuffles the examples every epoch (its state is part of a checkpoint)
     * @param resume        a checkpoint of an earlier run, or null; the caller has checked that it was made
     *                      with the same data and model shape (its fingerprint is not compared here, because
     *                      the caller may allow some settings, such as the learning rate, to change)
     */
    public Result train(IntFunction<TrainingExamples> trainExamples, TrainingExamples validation, Rng rng,
                        Listener listener, Checkpoint resume) {
        Listener hooks = listener == null ? SILENT : listener;
        List<EpochStats> history = new ArrayList<>();
        float[][] best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epochsWithoutImprovement = 0;
        int firstEpoch = 1;
        if (resume != null) {
            restoreFrom(resume, rng);
            history.addAll(resume.history());
            best = resume.bestParams() == null ? null : toArrays(resume.bestParams());
            bestLoss = resume.bestLoss();
            bestEpoch = resume.bestEpoch();
            epochsWithoutImprovement = resume.epochsWithoutImprovement();
            firstEpoch = resume.epoch() + 1;
            latest = resume;
        }
        boolean stoppedEarly = resume != null && options.patience() > 0 && validation != null
                && epochsWithoutImprovement >= options.patience();
        float[][] lastGood = snapshot();
        boolean fuseUpdate = !hooks.readsGradientsBeforeUpdate();
        int epochsTrained = 0;

        for (int epoch = firstEpoch; epoch <= options.epochs() && !stoppedEarly; epoch++) {
            TrainingExamples examples = trainExamples.apply(epoch);
            int n = examples.size();
            if (n == 0) throw new IllegalArgumentException("epoch " + epoch + " has no training examples");
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            rng.shuffle(order, n);

            int batch = options.batchSize();
            int steps = (n + batch - 1) / batch;
            double lossSum = 0;
            hooks.onEpochStart(epoch, steps);
            long t0 = System.nanoTime();
            for (int step = 1; step <= steps; step++) {
                int start = (step - 1) * batch;
                StepGraph g = graph(Math.min(batch, n - start));
                float batchLoss = g.forward(examples, order, start, true);
                if (!Float.isFinite(batchLoss)) {
                    restore(lastGood);
                    throw new TrainingDivergedException(epoch, step, batchLoss);
                }
                try {
                    if (fuseUpdate && g.canFuseUpdate()) {
                        optimizer.beginStep();
                        g.backward(true);    // each tower: backward, then its parameters' update, on its own core
                    } else {
                        g.backward(false);
                        hooks.afterBackward(epoch, step);
                        optimizer.step();
                    }
                } catch (NonFiniteUpdateException e) {
                    restore(lastGood);
                    throw new TrainingDivergedException(epoch, step, e.parameter());
                }
                hooks.afterUpdate(epoch, step);
                lossSum += (double) batchLoss * g.batchSize;
                hooks.onStep(epoch, step, steps, lossSum / (start + g.batchSize), start + g.batchSize);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!allFinite()) {
                restore(lastGood);
                throw new TrainingDivergedException(epoch, steps, Double.NaN);
            }
            lastGood = snapshot();
            epochsTrained++;

            double validationLoss = validation == null ? Double.NaN : evaluateLoss(validation);
            EpochStats stats = new EpochStats(epoch, lossSum / n, validationLoss, seconds, n / seconds);
            history.add(stats);
            hooks.onEpoch(stats);

            if (validation != null) {
                if (validationLoss < bestLoss) {
                    bestLoss = validationLoss;
                    bestEpoch = epoch;
                    best = lastGood;
                    epochsWithoutImprovement = 0;
                } else if (options.patience() > 0 && ++epochsWithoutImprovement >= options.patience()) {
                    stoppedEarly = true;
                }
            }
            latest = new Checkpoint(epoch, rng.state(), named(lastGood), optimizer.state(),
                    best == null ? null : named(best), bestLoss, bestEpoch, epochsWithoutImprovement,
                    List.copyOf(history), fingerprint);
            if (checkpointSink != null && checkpointEvery > 0 && epoch % checkpointEvery == 0) {
                try {
                    checkpointSink.save(latest);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (best != null) restore(best);
        return new Result(history, best == null ? history.size() : bestEpoch, stoppedEarly, epochsTrained);
    }

    /** Mean loss over examples, on the same graphs (forward only, no parameter change). */
    public double evaluateLoss(TrainingExamples examples) {
        int n = examples.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double sum = 0;
        for (int start = 0; start < n; start += options.batchSize()) {
            StepGraph g = graph(Math.min(options.batchSize(), n - start));
            sum += (double) g.forward(examples, order, start, false) * g.batchSize;
        }
        return sum / n;
    }

    private void restoreFrom(Checkpoint c, Rng rng) {
        float[][] values = toArrays(c.params());
        restore(values);
        optimizer.loadState(c.optimizerState());
        rng.restore(c.rngState());
    }

    private float[][] toArrays(Map<String, float[]> byName) {
        float[][] values = new float[params.size()][];
        for (int i = 0; i < values.length; i++) {
            Tensor p = params.get(i);
            float[] v = byName.get(p.name());
            if (v == null || v.length != p.size()) {
                throw new IllegalStateException("the checkpoint has no parameter " + p.name() + " of size " + p.size()
                        + " (was it made with other layer sizes or data?)");
            }
            values[i] = v;
        }
        return values;
    }

    private Map<String, float[]> named(float[][] values) {
        Map<String, float[]> byName = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) byName.put(params.get(i).name(), values[i]);
        return byName;
    }

    private StepGraph graph(int batchSize) {
        return graphs.computeIfAbsent(batchSize, b -> new StepGraph(model, loss, b, fusable ? optimizer : null));
    }

    private float[][] snapshot() {
        float[][] copy = new float[params.size()][];
        for (int i = 0; i < copy.length; i++) copy[i] = params.get(i).data().clone();
        return copy;
    }

    private void restore(float[][] values) {
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(values[i], 0, params.get(i).data(), 0, values[i].length);
        }
    }

    private boolean allFinite() {
        for (Tensor p : params) {
            for (float v : p.data()) if (!Float.isFinite(v)) return false;
        }
        return true;
    }
}
