package io.twotower.recsys.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test helper: runs the CLI in-process, and trains a tiny model on the synthetic data. */
final class TinyTrainedModel {
    /** Towers of the tiny model: 16 -> 8 on both sides. */
    static final String LAYERS = "16,8";

    private TinyTrainedModel() {}

    /** The exit code and the text written to stdout and stderr. */
    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Trains 2 epochs on 'synthetic' into dir/tiny.model (history too, nothing outside dir) and returns its path. */
    static Path train(Path dir) {
        Path model = dir.resolve("tiny.model");
        Run r = run("train", "--data", "synthetic", "--epochs", "2", "--user-layers", LAYERS, "--item-layers", LAYERS,
                "--samples", "0", "--threads", "1", "--model", model.toString(), "--history", dir.resolve("history.csv").toString());
        assertEquals(0, r.exitCode(), r.err());
        return model;
    }
}
