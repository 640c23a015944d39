package io.twotower.recsys.inspect;

import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.train.Trainer;
import io.twotower.recsys.train.TrainingExamples;

import java.io.IOException;
import java.nio.file.Path;

/** Placeholder: per-layer training diagnostics (being written). */
public final class TrainingDiagnostics implements Trainer.Listener {
    private TrainingDiagnostics() {}

    public static TrainingDiagnostics create(TwoTowerModel model, TrainingExamples sample) {
        throw new UnsupportedOperationException("--diagnostics is not implemented yet");
    }

    public void writeCsv(Path csv) throws IOException {}

    public String summary() { return ""; }
}
