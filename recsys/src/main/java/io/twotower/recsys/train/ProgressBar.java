package io.twotower.recsys.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for training, on stderr:
 * {@code epoch 3/10 [#########.......] 61%  loss 0.1534  412,311 ex/s  ETA 4s}.
 *
 * <p>On a terminal it redraws in place (carriage return) at most every 100 ms; when the output is not
 * a terminal (CI, a log file) it prints just one line per epoch, so logs stay readable.
 */
public final class ProgressBar implements Trainer.Listener {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final int epochs;
    private final boolean interactive;
    private long epochStartNanos;
    private long lastDrawNanos;
    private int lastEpoch = -1;

    public ProgressBar(PrintStream out, int epochs, boolean interactive) {
        this.out = out;
        this.epochs = epochs;
        this.interactive = interactive;
    }

    /** On the given stream (stderr for the CLI), redrawing in place only when a terminal is attached. */
    public static ProgressBar on(PrintStream out, int epochs) {
        return new ProgressBar(out, epochs, out == System.err && System.console() != null && System.getenv("CI") == null);
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double runningLoss, long examplesSoFar) {
        long now = System.nanoTime();
        if (epoch != lastEpoch) {
            lastEpoch = epoch;
            epochStartNanos = now;
            lastDrawNanos = 0;
        }
        if (!interactive || (now - lastDrawNanos < REDRAW_NANOS && step < stepsPerEpoch)) return;
        lastDrawNanos = now;
        double seconds = Math.max(1e-9, (now - epochStartNanos) / 1e9);
        double fraction = (double) step / stepsPerEpoch;
        double remaining = seconds / fraction * (1 - fraction) + seconds / fraction * (epochs - epoch);
        int filled = (int) Math.round(fraction * WIDTH);
        out.print(String.format(Locale.ROOT, "\repoch %d/%d [%s%s] %3d%%  loss %.4f  %,.0f ex/s  ETA %s   ",
                epoch, epochs, "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(fraction * 100),
                runningLoss, examplesSoFar / seconds, formatSeconds(remaining)));
        out.flush();
    }

    @Override
    public void onEpoch(EpochStats stats) {
        if (interactive) out.print("\r");
        String validation = Double.isNaN(stats.validationLoss()) ? ""
                : String.format(Locale.ROOT, "  val_loss %.4f", stats.validationLoss());
        out.println(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f%s  %.2fs  %,.0f ex/s%s",
                stats.epoch(), epochs, stats.trainLoss(), validation, stats.stepSeconds(),
                stats.examplesPerSecond(), " ".repeat(interactive ? 20 : 0)).stripTrailing());
        out.flush();
    }

    @Override
    public void onCheckpoint(int epoch, java.nio.file.Path path) {
        out.println("checkpoint of epoch " + epoch + " saved to " + path);
        out.flush();
    }

    static String formatSeconds(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
