package io.twotower.recsys.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void withoutATerminalItPrintsOneLinePerEpochAndNoStepNoise() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 10, false);
        bar.onEpochStart(3, 5);
        for (int step = 1; step <= 5; step++) bar.onStep(3, step, 5, 0.5, step * 100L);
        // 4,000 examples in 0.5 s of steps: 8,000 ex/s.
        bar.onEpoch(new EpochStats(3, 0.12345, 0.2, 0.5, 8000));
        bar.onEpoch(new EpochStats(4, 0.1, Double.NaN, 0.25, 16000));
        assertEquals("epoch 3/10  loss 0.1235  val_loss 0.2000  0.50s  8,000 ex/s\n"
                + "epoch 4/10  loss 0.1000  0.25s  16,000 ex/s\n", bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    /**
     * On a terminal: a clock that says 0 s at the epoch's start and then 0.5, 0.55, 1.5 and 2 s after steps
     * 1 to 4 of 4, 100 examples a step. Step 1 is drawn (200 ex/s: 100 examples in 0.5 s, timed from the
     * epoch's start, not from the end of step 1); step 2 comes 50 ms later, under the 100 ms between
     * redraws, and is not; steps 3 and 4 are. ETA: this epoch's pace (2 s an epoch at every step here)
     * times what is left of it plus the one epoch after it: 2 * 0.75 + 2 = 3.5 s, shown as 4s; then 2.5 s
     * (3s) and 2 s. The summary overwrites the last bar and rubs out the rest of it with spaces.
     */
    @Test
    void onATerminalItRedrawsInPlaceAndTheSummaryCoversTheBar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] times = {0, 500_000_000L, 550_000_000L, 1_500_000_000L, 2_000_000_000L};
        int[] tick = {0};
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2, true, () -> times[tick[0]++]);
        bar.onEpochStart(1, 4);
        bar.onStep(1, 1, 4, 0.5, 100);
        bar.onStep(1, 2, 4, 0.45, 200);
        bar.onStep(1, 3, 4, 0.4, 300);
        bar.onStep(1, 4, 4, 0.35, 400);
        bar.onEpoch(new EpochStats(1, 0.35, 0.4, 2.0, 200));
        // Each bar line is 72 characters: "epoch 1/2 [" 11 + 24 + "] " 2 + " 25%" 4 + "  loss 0.5000" 13
        // + "  200 ex/s" 10 + "  ETA 4s" 8. The summary is 56: 9 + 13 + "  val_loss 0.4000" 17 + "  2.00s" 7 + 10.
        String expected = "\repoch 1/2 [######..................]  25%  loss 0.5000  200 ex/s  ETA 4s"
                + "\repoch 1/2 [##################......]  75%  loss 0.4000  200 ex/s  ETA 3s"
                + "\repoch 1/2 [########################] 100%  loss 0.3500  200 ex/s  ETA 2s"
                + "\repoch 1/2  loss 0.3500  val_loss 0.4000  2.00s  200 ex/s" + " ".repeat(72 - 56) + "\n";
        assertEquals(expected, bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    @Test
    void formatsTheEtaInSecondsOrMinutes() {
        assertEquals("0s", ProgressBar.formatSeconds(0.2));
        assertEquals("59s", ProgressBar.formatSeconds(59.4));
        assertEquals("1m05s", ProgressBar.formatSeconds(65));
    }
}
