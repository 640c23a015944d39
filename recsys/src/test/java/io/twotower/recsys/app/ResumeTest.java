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
        assertEquals("--resume " + checkpoint + " was written with other settings: --loss mse, now bce; resume with the same "
                + "flags (only --epochs and --lr may change)", e.getMessage());
        assertTrue(!e.getMessage().contains("--seed"), "only the settings that differ are named: " + e.getMessage());
    }

    /** 12 users who rate 8 of 10 movies each (ratings 1 to 5 from a formula): small, and a valid split. */
    private static Path movieLens(Path folder) throws Exception {
        Files.createDirectories(folder);
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        for (int m = 1; m <= 10; m++) movies.append(m).append(",Movie ").append(m).append(" (2000),").append(m % 2 == 0 ? "Comedy" : "Drama").append('\n');
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int u = 1; u <= 12; u++) {
            for (int m = 1; m <= 8; m++) ratings.append(u).append(',').append((u + m) % 10 + 1).append(',').append((u * m) % 5 + 1).append(".0,").append(1000 + m).append('\n');
        }
        Files.writeString(folder.resolve("movies.csv"), movies);
        Files.writeString(folder.resolve("ratings.csv"), ratings);
        return folder;
    }

    /** The checkpoint knows the data by its content: a copy elsewhere is the same data, an edit in place is not. */
    @Test
    void theSameDataUnderAnotherPathIsAcceptedAndChangedDataAtTheSamePathIsRefused() throws Exception {
        Path original = movieLens(dir.resolve("a")), copy = movieLens(dir.resolve("b"));
        TrainJob.Settings base = SmallRuns.withData(SmallRuns.synthetic(dir, 1), original.toString());
        Path checkpoint = dir.resolve("run.ckpt");
        SmallRuns.run(SmallRuns.withCheckpoints(base, 1, checkpoint, null), new StringWriter());

        StringWriter printed = new StringWriter();
        SmallRuns.run(SmallRuns.withCheckpoints(SmallRuns.withEpochs(SmallRuns.withData(base, copy.toString()), 2,
                dir.resolve("copy.model")), 0, checkpoint, checkpoint), printed);
        assertTrue(printed.toString().contains("Resuming from " + checkpoint + " after epoch 1"), printed.toString());

        String ratings = Files.readString(original.resolve("ratings.csv"));
        Files.writeString(original.resolve("ratings.csv"), ratings.replaceFirst("\n1,3,2.0,", "\n1,3,3.0,"));
        TrainJob.Settings edited = SmallRuns.withCheckpoints(SmallRuns.withEpochs(base, 2, dir.resolve("edited.model")), 0, checkpoint, checkpoint);
        UsageException e = assertThrows(UsageException.class, () -> SmallRuns.run(edited, new StringWriter()));
        assertTrue(e.getMessage().matches("--resume " + java.util.regex.Pattern.quote(checkpoint.toString())
                + " was made with other data: 12 users, 10 items, 96 interactions, content [0-9a-f]{16}; now 12 users, 10 items, "
                + "96 interactions, content [0-9a-f]{16}; resume with the data it was made with"), e.getMessage());
    }

    /**
     * A checkpoint of epoch 2 resumed with --epochs 2 has nothing left to train: it says so (not "early
     * stopping"), and the model it saves holds the checkpoint's weights: those of its best epoch.
     */
    @Test
    void aCheckpointAtTheLastEpochIsEvaluatedAndSavedWithoutTraining() throws Exception {
        TrainJob.Settings base = SmallRuns.synthetic(dir, 2);
        Path checkpoint = dir.resolve("run.ckpt");
        SmallRuns.run(SmallRuns.withCheckpoints(base, 2, checkpoint, null), new StringWriter());
        Checkpoint c = Checkpoint.read(checkpoint);

        StringWriter printed = new StringWriter();
        TrainJob.Outcome again = SmallRuns.run(SmallRuns.withCheckpoints(SmallRuns.withEpochs(base, 2, dir.resolve("again.model")),
                0, checkpoint, checkpoint), printed);

        String text = printed.toString();
        assertTrue(text.contains("Nothing left to train: the checkpoint is at epoch 2 of --epochs 2\n"), text);
        assertTrue(!text.contains("Early stopping") && !text.contains("epoch 3"), text);
        assertTrue(text.contains("Model saved to ") && text.contains("Test metrics"), text);
        java.util.Map<String, float[]> expected = c.bestParams() != null ? c.bestParams() : c.params();
        for (Tensor p : again.model().parameters()) assertArrayEquals(expected.get(p.name()), p.data(), p.name());
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
