package io.twotower.recsys.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code recsys inspect} on a model trained on the synthetic data, whose pipeline gives 11 user features
 * (segment one-hot over 4 genres + "&lt;other&gt;" = 5, 4 genre affinities, rating_count, avg_rating) and
 * 8 item features (genres multi-hot 5, quality_hint, rating_count, avg_rating). Towers 16 -> 8:
 * <pre>
 * user: 11·16 + 16 = 192;  16·8 + 8 = 136;  total 328
 * item:  8·16 + 16 = 144;  136;             total 280
 * both: 608
 * </pre>
 */
class InspectCommandTest {
    @TempDir static Path dir;
    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = TinyTrainedModel.train(dir);
    }

    @Test
    void printsLayersParameterCountsStatisticsAndFeatureNames() {
        TinyTrainedModel.Run r = TinyTrainedModel.run("inspect", "--model", model.toString());
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.contains("User tower params: 328"), out);
        assertTrue(out.contains("Item tower params: 280"), out);
        assertTrue(out.contains("Total params:      608"), out);
        assertTrue(out.matches("(?s).*user_tower\\.dense0\\s+Dense\\s+relu\\s+\\(B, 16\\)\\s+192\\n.*"), out);
        assertTrue(out.matches("(?s).*item_tower\\.dense1\\s+Dense\\s+linear\\s+\\(B, 8\\)\\s+136\\n.*"), out);
        assertTrue(out.contains("Weight statistics"), out);
        assertTrue(out.contains("User tower input features (11):"), out);
        assertTrue(out.contains("Item tower input features (8):"), out);
        assertTrue(out.contains("dataset: synthetic-42"), out);
    }

    @Test
    void aMissingModelIsAUsageError() {
        TinyTrainedModel.Run r = TinyTrainedModel.run("inspect", "--model", dir.resolve("nope.model").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("no such file"), r.err());
    }
}
