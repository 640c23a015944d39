package io.twotower.recsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.autograd.Op;
import io.twotower.engine.loss.Loss;
import io.twotower.engine.loss.MeanSquaredError;
import io.twotower.recsys.train.Checkpoint;
import io.twotower.recsys.train.TrainingDivergedException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training that diverges keeps its last good epoch on disk: the job writes the trainer's checkpoint of
 * that epoch and says how to go on from it with a lower --lr, which --resume then accepts.
 *
 * <p>The loss is MSE until it has been computed 120 times, NaN after. On the synthetic data the job fits
 * on 25,800 rows and validates on 3,000 (it prints so), at batch 256: epoch 1 is the first forward of the
 * batch-256 graph when it is built, 100 steps on it, then the build and the one step of the graph for
 * the last 200 rows (103 in all); its validation is 11 batches of 256, then the build and the forward of
 * the graph for the last 184 rows (13: 116 in all). Epoch 2's step k is the (116 + k)-th: step 5 is the
 * 121st, the first NaN.
 */
class DivergenceJobTest {
    @TempDir
    Path dir;

    /** MSE, then NaN from the (limit + 1)-th forward on, counted over every graph the trainer builds. */
    static final class NaNAfter implements Loss {
        private final int limit;
        private int forwards;

        NaNAfter(int limit) {
            this.limit = limit;
        }

        @Override
        public Tensor compute(Graph g, Tensor prediction, Tensor target) {
            Tensor mse = new MeanSquaredError().compute(g, prediction, target);
            Op poison = new Op("nan-after", Tensor.zeros(1), mse) {
                @Override
                public void forward() {
                    output().data()[0] = ++forwards > limit ? Float.NaN : mse.data()[0];
                }

                @Override
                public void backward() {
                    if (mse.requiresGrad()) mse.grad()[0] += output().grad()[0];
                }
            };
            poison.forward();
            if (g != null) g.record(poison);
            return poison.output();
        }

        @Override
        public String name() {
            return "mse";
        }
    }

    @Test
    void theLastGoodEpochIsSavedAndALowerLearningRateResumesFromIt() throws Exception {
        TrainJob.Settings settings = SmallRuns.synthetic(dir, 3);
        Path checkpoint = settings.checkpointPath();
        TrainJob job = new TrainJob(settings, new PrintWriter(new StringWriter(), true),
                new PrintStream(java.io.OutputStream.nullOutputStream()), new NaNAfter(120));

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, job::run);

        assertEquals("training diverged: the loss is NaN at epoch 2, step 5; the weights of epoch 1, the last good one, are "
                + "saved to " + checkpoint + "; go on from them with the same flags plus --resume " + checkpoint + " --lr 0.0001",
                e.getMessage());
        assertEquals(1, Checkpoint.read(checkpoint).epoch());
        assertFalse(Files.exists(settings.model()), "no model: the training did not finish");

        StringWriter printed = new StringWriter();
        TrainJob.Settings gentler = SmallRuns.withCheckpoints(SmallRuns.withLearningRate(settings, 0.0001f), 0, null, checkpoint);
        SmallRuns.run(gentler, printed);
        assertTrue(printed.toString().contains("Resuming from " + checkpoint + " after epoch 1\n"
                + "Resuming with --lr 0.001, now 0.0001: the run now differs from an uninterrupted one\n"), printed.toString());
        assertTrue(Files.exists(settings.model()));
    }

    /** NaN from the 3rd forward on: the graph's build, step 1, then step 2 of epoch 1. Nothing to keep. */
    @Test
    void aDivergenceInTheFirstEpochHasNoGoodWeightsToKeep() {
        TrainJob.Settings settings = SmallRuns.synthetic(dir, 3);
        TrainJob job = new TrainJob(settings, new PrintWriter(new StringWriter(), true),
                new PrintStream(java.io.OutputStream.nullOutputStream()), new NaNAfter(2));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, job::run);
        assertEquals("training diverged: the loss is NaN at epoch 1, step 2; no epoch had finished, so there are no good "
                + "weights to keep; start again with a lower learning rate, e.g. --lr 0.0001", e.getMessage());
        assertFalse(Files.exists(settings.checkpointPath()));
    }
}
