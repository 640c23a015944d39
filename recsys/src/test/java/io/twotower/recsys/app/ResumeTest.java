package io.twotower.recsys.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.Tensor;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.train.Checkpoint;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping after epoch 2 and resuming from its checkpoint must land on exactly the weights of an
 * uninterrupted run: weights, Adam's moments, the shuffling generator and the early-stopping state
 * all travel in the checkpoint.
 */
class ResumeTest {
    @TempDir
    Path dir;

    @Test
    void resumedRunEqualsUninterruptedRunBitForBit() throws Exception {
        TrainJob.Settings base = SmallRuns.synthetic(dir, 4);
        TwoTowerModel straight = SmallRuns.run(SmallRuns.withEpochs(base, 4, dir.resolve("straight.model")),
                new StringWriter()).model();

        Path checkpoint = dir.resolve("run.ckpt");
        SmallRuns.run(SmallRuns.withCheckpoints(SmallRuns.withEpochs(base, 2, dir.resolve("first.model")), 2, checkpoint, null),
                new StringWriter());
        assertEquals(2, Checkpoint.read(checkpoint).epoch());
        StringWriter printed = new StringWriter();
        TrainJob.Outcome resumed = SmallRuns.run(
                SmallRuns.withCheckpoints(SmallRuns.withEpochs(base, 4, dir.resolve("resumed.model")), 0, checkpoint, checkpoint),
                printed);

        assertTrue(printed.toString().contains("Resuming from " + checkpoint + " after epoch 2"), printed.toString());
        assertEquals(4, resumed.history().size(), "history carries the first two epochs");
        List<Tensor> a = straight.parameters(), b = resumed.model().parameters();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).data(), b.get(i).data(), a.get(i).name());
    }

    @Test
    void resumingWithOtherSettingsIsRefusedNamingWhatDiffers() throws Exception {
        TrainJob.Settings base = SmallRuns.synthetic(dir, 1);
        Path checkpoint = dir.resolve("run.ckpt");
        SmallRuns.run(SmallRuns.withCheckpoints(base, 1, checkpoint, null), new StringWriter());
        TrainJob.Settings otherLoss = SmallRuns.withCheckpoints(SmallRuns.withLoss(base, "bce"), 0, checkpoint, checkpoint);

        UsageException e = assertThrows(UsageException.class, () -> SmallRuns.run(otherLoss, new StringWriter()));
        assertTrue(e.getMessage().contains("--loss mse, now bce"), e.getMessage());
        assertTrue(!e.getMessage().contains("--seed"), "only the settings that differ are named: " + e.getMessage());
    }

    @Test
    void aModelFileIsNotACheckpoint() throws Exception {
        TrainJob.Settings base = SmallRuns.synthetic(dir, 1);
        SmallRuns.run(base, new StringWriter());
        assertTrue(Files.exists(base.model()));
        Exception e = assertThrows(Exception.class, () -> Checkpoint.read(base.model()));
        assertTrue(e.getMessage().contains("not a training checkpoint"), e.getMessage());
    }
}
