package io.twotower.recsys.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for training, on stderr:
 * {@code epoch 3/10 [#########...............]  38%  loss 0.1534  412,311 ex/s  ETA 4s}.
 *
 * <p>On a terminal it redraws in place (carriage return) at most every 100 ms, and the epoch's summary
 * line then overwrites the bar; when stderr is not a terminal (CI, a log file) it prints just one line
 * per epoch, so logs stay readable.
 *
 * <p>The clock of an epoch starts in {@link #onEpochStart}, before its first step, so that even the
 * first frame divides the examples by the time they really took.
 */
public final class ProgressBar implements Trainer.Listener {
    /** Set by bin/recsys to whether stderr is a terminal ({@code [ -t 2 ]}); Java itself cannot tell. */
    public static final String TERMINAL_PROPERTY = "twotower.stderr.terminal";
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final int epochs;
    private final boolean interactive;
    private final LongSupplier clock;
    private long epochStartNanos;
    private long lastDrawNanos;
    private boolean drawnThisEpoch;
    /** Length of the bar last drawn, which the epoch's summary line must cover. */
    private int drawnLength;

    public ProgressBar(PrintStream out, int epochs, boolean interactive) {
        this(out, epochs, interactive, System::nanoTime);
    }

    /** With a clock in nanoseconds, so that tests can say what time it is. */
    ProgressBar(PrintStream out, int epochs, boolean interactive, LongSupplier clock) {
        this.out = out;
        this.epochs = epochs;
        this.interactive = interactive;
        this.clock = clock;
    }

    /**
     * On the given stream (stderr for the CLI), redrawing in place only when that is stderr, stderr is a
     * terminal, and no CI variable says that a machine reads the output.
     */
    public static ProgressBar on(PrintStream out, int epochs) {
        return new ProgressBar(out, epochs, out == System.err && stderrIsTerminal() && System.getenv("CI") == null);
    }

    /** What bin/recsys found out; without it (java -jar), the JDK's guess from the console. */
    private static boolean stderrIsTerminal() {
        String told = System.getProperty(TERMINAL_PROPERTY);
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    @Override
    public void onEpochStart(int epoch, int stepsPerEpoch) {
        epochStartNanos = clock.getAsLong();
        drawnThisEpoch = false;
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double runningLoss, long examplesSoFar) {
        if (!interactive) return;
        long now = clock.getAsLong();
        boolean last = step == stepsPerEpoch;
        if (drawnThisEpoch && now - lastDrawNanos < REDRAW_NANOS && !last) return;
        drawnThisEpoch = true;
        lastDrawNanos = now;
        double seconds = (now - epochStartNanos) / 1e9;
        double fraction = (double) step / stepsPerEpoch;
        double perEpoch = seconds / fraction; // this epoch's pace, for the rest of it and the epochs after
        double remaining = perEpoch * (1 - fraction) + perEpoch * (epochs - epoch);
        int filled = (int) Math.round(fraction * WIDTH);
        String throughput = seconds > 0 ? String.format(Locale.ROOT, "%,.0f ex/s", examplesSoFar / seconds) : "- ex/s";
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3d%%  loss %.4f  %s  ETA %s",
                epoch, epochs, "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(fraction * 100),
                runningLoss, throughput, formatSeconds(remaining));
        out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        drawnLength = Math.max(drawnLength, line.length());
        out.flush();
    }

    @Override
    public void onEpoch(EpochStats stats) {
        String validation = Double.isNaN(stats.validationLoss()) ? ""
                : String.format(Locale.ROOT, "  val_loss %.4f", stats.validationLoss());
        String line = String.format(Locale.ROOT, "epoch %d/%d  loss %.4f%s  %.2fs  %,.0f ex/s",
                stats.epoch(), epochs, stats.trainLoss(), validation, stats.stepSeconds(), stats.examplesPerSecond());
        if (interactive) {
            // Over the bar: spaces rub out what the shorter summary does not cover.
            out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
            drawnLength = 0;
        } else {
            out.print(line);
        }
        out.println();
        out.flush();
    }

    static String formatSeconds(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
