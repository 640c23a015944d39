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
        for (int step = 1; step <= 5; step++) bar.onStep(3, step, 5, 0.5, step * 100L);
        // 4,000 examples in 0.5 s of steps: 8,000 ex/s.
        bar.onEpoch(new EpochStats(3, 0.12345, 0.2, 0.5, 8000));
        bar.onEpoch(new EpochStats(4, 0.1, Double.NaN, 0.25, 16000));
        assertEquals("epoch 3/10  loss 0.1235  val_loss 0.2000  0.50s  8,000 ex/s\n"
                + "epoch 4/10  loss 0.1000  0.25s  16,000 ex/s\n", bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    @Test
    void formatsTheEtaInSecondsOrMinutes() {
        assertEquals("0s", ProgressBar.formatSeconds(0.2));
        assertEquals("59s", ProgressBar.formatSeconds(59.4));
        assertEquals("1m05s", ProgressBar.formatSeconds(65));
    }
}
