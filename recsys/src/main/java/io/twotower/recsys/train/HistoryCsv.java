package io.twotower.recsys.train;

import java.util.List;
import java.util.Locale;

/**
 * The loss history as CSV: {@code epoch,train_loss,val_loss,step_seconds,examples_per_second}, the
 * validation loss left empty when there is none. (The job writes the text with its other outputs,
 * atomically: {@code app.OutputFiles}.)
 */
public final class HistoryCsv {
    private HistoryCsv() {}

    public static String render(List<EpochStats> history) {
        StringBuilder sb = new StringBuilder("epoch,train_loss,val_loss,step_seconds,examples_per_second\n");
        for (EpochStats s : history) {
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%s,%.4f,%.1f\n", s.epoch(), s.trainLoss(),
                    Double.isNaN(s.validationLoss()) ? "" : String.format(Locale.ROOT, "%.6f", s.validationLoss()),
                    s.stepSeconds(), s.examplesPerSecond()));
        }
        return sb.toString();
    }
}
