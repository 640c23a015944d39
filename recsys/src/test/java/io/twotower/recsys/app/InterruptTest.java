package io.twotower.recsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twotower.recsys.train.Checkpoint;
import io.twotower.recsys.train.TrainingDivergedException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Ctrl-C (the job's shutdown hook) says and saves at each stage of a job: before any epoch, during
 * the training (here: stopped by a divergence in epoch 2, so the trainer holds epoch 1's checkpoint and
 * no model is saved), and after the model is saved.
 */
class InterruptTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    private TrainJob job(TrainJob.Settings settings, io.twotower.engine.loss.Loss loss) {
        return new TrainJob(settings, new PrintWriter(new StringWriter(), true),
                new PrintStream(progress, true, StandardCharsets.UTF_8), loss);
    }

    private String said() {
        return progress.toString(StandardCharsets.UTF_8);
    }

    @Test
    void beforeTheFirstEpochThereIsNothingToSave() {
        job(SmallRuns.synthetic(dir, 1), null).onInterrupt();
        assertEquals("\nInterrupted before the first epoch ended: nothing to save.\n", said());
    }

    @Test
    void duringTheTrainingTheLastFinishedEpochIsSaved() throws Exception {
        TrainJob.Settings settings = SmallRuns.synthetic(dir, 3);
        TrainJob job = job(settings, new DivergenceJobTest.NaNAfter(120)); // NaN in epoch 2 (see DivergenceJobTest)
        assertThrows(TrainingDivergedException.class, job::run);
        Path checkpoint = settings.checkpointPath();
        Files.delete(checkpoint); // the divergence wrote it; the hook must write it again
        progress.reset();

        job.onInterrupt();

        assertEquals("\nInterrupted: checkpoint of epoch 1 saved to " + checkpoint + "; continue with the same flags and --resume "
                + checkpoint + "\n", said());
        assertEquals(1, Checkpoint.read(checkpoint).epoch());
    }

    @Test
    void afterTheModelIsSavedOnlyTheMetricsAreLeftToRedo() throws Exception {
        TrainJob.Settings settings = SmallRuns.synthetic(dir, 1);
        TrainJob job = job(settings, null);
        job.run();
        progress.reset();

        job.onInterrupt();

        assertEquals("\nInterrupted: the model is saved to " + settings.model() + "; 'recsys evaluate --model " + settings.model()
                + "' computes the metrics again\n", said());
    }
}
