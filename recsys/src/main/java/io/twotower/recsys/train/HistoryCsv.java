package io.twotower.recsys.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/** The loss history as CSV: {@code epoch,train_loss,val_loss,step_seconds,examples_per_second}. */
public final class HistoryCsv {
    private HistoryCsv() {}

    public static String render(List<EpochStats> history) {
        StringBuilder sb = new StringBuilder("epoch,train_loss,val_loss,step_seconds,examples_per_second\n");
        for (EpochStats s : history) {
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%s,%.4f,%.1f%n", s.epoch(), s.trainLoss(),
                    Double.isNaN(s.validationLoss()) ? "" : String.format(Locale.ROOT, "%.6f", s.validationLoss()),
                    s.stepSeconds(), s.examplesPerSecond()));
        }
        return sb.toString();
    }

    /** Writes atomically: a temporary file in the same folder, then a rename. */
    public static void write(Path path, List<EpochStats> history) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, render(history), StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
