package io.twotower.recsys.cli;

import io.twotower.recsys.app.ModelFileCheck;
import io.twotower.recsys.app.UsageException;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.train.Checkpoint;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The --model flag of the commands that read a trained model. */
final class ModelOptions {
    private static final String EXPECTED = "a model file written by 'recsys train'";

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "out/recsys.model",
            description = "A model written by 'train' (default ${DEFAULT-VALUE}).")
    Path model;

    TwoTowerModel load() throws IOException {
        if (Files.isDirectory(model)) {
            throw new UsageException("--model " + model + " is a folder; expected " + EXPECTED);
        }
        if (!Files.exists(model)) {
            throw new UsageException("--model " + model + ": no such file (train one with 'bin/recsys train --model " + model + "')");
        }
        // A device or a huge file would otherwise be read whole into memory.
        ModelFileCheck.requireReadable("--model", model, EXPECTED);
        try {
            return TwoTowerModel.load(model);
        } catch (IOException e) {
            // A checkpoint is a model file too, only with other metadata: the likeliest mix-up of all.
            if (isCheckpoint(model)) {
                throw new UsageException("--model " + model + " is a training checkpoint, not a model; finish the training "
                        + "with 'recsys train' and the same flags plus '--resume " + model + "', which saves the model");
            }
            throw e;
        }
    }

    private static boolean isCheckpoint(Path file) {
        try {
            Checkpoint.read(file);
            return true;
        } catch (IOException | RuntimeException notACheckpoint) {
            return false;
        }
    }
}
