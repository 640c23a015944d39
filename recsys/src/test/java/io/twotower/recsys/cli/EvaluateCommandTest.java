package io.twotower.recsys.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate trains nothing: its metrics JSON says so with nulls, not with zeros. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    @Test
    void theMetricsJsonOfEvaluateHasNoTrainingNumbers() throws Exception {
        Path model = TinyTrainedModel.train(dir);
        Path json = dir.resolve("eval/metrics.json"); // a folder that does not exist yet
        TinyTrainedModel.Run r = TinyTrainedModel.run("evaluate", "--model", model.toString(), "--metrics-json", json.toString());
        assertEquals(0, r.exitCode(), r.err());
        String text = Files.readString(json);
        assertTrue(text.contains("\"train_seconds\": null,\n  \"epochs\": null,\n  \"epoch_seconds\": null\n}"), text);
        assertTrue(text.contains("\"rmse\": 0."), text);
    }
}
