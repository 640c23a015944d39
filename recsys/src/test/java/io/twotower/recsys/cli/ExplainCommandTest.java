package io.twotower.recsys.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code recsys explain} on a model trained on the synthetic data . */
class ExplainCommandTest {
    /** SyntheticDataset names its users u0, u1, ... and its items i0, i1, ... */
    private static final String USER = "u0", ITEM = "i0";
    @TempDir static Path dir;
    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = TinyTrainedModel.train(dir);
    }

    private static double number(String out, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s+([+-]?[0-9.]+(?:e[+-]?[0-9]+)?)").matcher(out);
        assertTrue(m.find(), "no '" + label + "' in\n" + out);
        return Double.parseDouble(m.group(1));
    }

    /**
     * The printed sum of contributions matches the printed score difference within the documented
     * tolerance of the default grid (2e-5, argued in IntegratedGradientsTest; both are printed to 5
     * decimals, which adds up to 1e-5), the printed gap is that difference, and no note says otherwise.
     */
    @Test
    void contributionsAddUpAndAreRankedByMagnitude() {
        String user = USER, item = ITEM;
        TinyTrainedModel.Run r = TinyTrainedModel.run("explain", "--model", model.toString(), "--user", user, "--item", item,
                "--top", "0");
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        double sum = number(out, "sum of contributions:");
        double difference = number(out, "score - baseline:");
        double gap = number(out, "additivity gap:");
        assertEquals(difference, sum, 2e-5);
        assertEquals(Math.abs(sum - difference), gap, 2e-5);
        assertTrue(out.contains("trapezoid rule on 1024 steps, halved up to 10 times where a ReLU switches"), out);
        assertTrue(!out.contains("note:"), out);
        double score = number(out, "score    cosine");
        double baseline = number(out, "baseline cosine");
        assertEquals(score - baseline, difference, 2e-4);
        assertTrue(out.contains("= rating "), out);

        // 11 user + 8 item feature rows, |contribution| not increasing.
        Matcher rows = Pattern.compile("(?m)^  (user|item)  \\S+\\s+[-0-9.]+\\s+[-0-9.]+\\s+([+-][0-9.]+)$").matcher(out);
        int count = 0;
        double previous = Double.POSITIVE_INFINITY;
        while (rows.find()) {
            double c = Math.abs(Double.parseDouble(rows.group(2)));
            assertTrue(c <= previous, "not sorted at row " + count + ":\n" + out);
            previous = c;
            count++;
        }
        assertEquals(19, count, out);
    }

    @Test
    void theUnseenBaselineAndTopAreHonoured() {
        TinyTrainedModel.Run r = TinyTrainedModel.run("explain", "--model", model.toString(), "--user", USER,
                "--item", ITEM, "--baseline", "unseen", "--top", "3");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("imputed features of an unseen user and item"), r.out());
        assertTrue(r.out().contains("... 16 more (use --top 0 to list all)"), r.out());
    }

    @Test
    void unknownIdsAndBadFlagsAreUsageErrors() {
        TinyTrainedModel.Run r = TinyTrainedModel.run("explain", "--model", model.toString(), "--user", "nobody", "--item", ITEM);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--user nobody: unknown user"), r.err());
        r = TinyTrainedModel.run("explain", "--model", model.toString(), "--user", USER, "--item", ITEM, "--baseline", "mean");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--baseline must be zero or unseen"), r.err());
    }
}
