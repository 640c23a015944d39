package io.twotower.recsys.inspect;

import io.twotower.engine.Rng;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.ModelConfig;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.recommend.Recommender;
import io.twotower.recsys.train.EpochStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotsTest {

    private static final List<EpochStats> HISTORY =
            List.of(new EpochStats(1, 0.30, 0.35, 1, 1), new EpochStats(2, 0.20, 0.28, 1, 1));
    private static final int[] TEST_ROWS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

    /** Every chart is a readable 1000 x 700 PNG with more than a background and a few lines in it. */
    @Test
    void writesEveryChartAsAPng(@TempDir Path dir) throws Exception {
        Dataset d = SmallModels.synthetic(4);
        TwoTowerModel model = SmallModels.model(d, new int[] {8, 4}, 4);
        List<Path> written = Plots.writeAll(dir.resolve("plots"), model, new Recommender(model), HISTORY, d, TEST_ROWS);
        assertEquals(List.of("loss.png", "item_map.png", "ratings_box.png", "ratings_hist.png"), names(written));
        for (Path png : written) assertReadablePng(png);
        // Each file was written whole under a temporary name and renamed: nothing else is left in the folder.
        try (var files = Files.list(dir.resolve("plots"))) {
            assertEquals(Set.copyOf(names(written)), files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    /** An implicit (--loss bce) model has no rating to round: scores_hist.png takes ratings_hist.png's place. */
    @Test
    void implicitModelsGetAScoreHistogramInsteadOfARatingOne(@TempDir Path dir) throws Exception {
        Dataset d = SmallModels.synthetic(4);
        TwoTowerModel model = SmallModels.model(d, new int[] {8, 4}, 4, ModelConfig.Objective.IMPLICIT);
        List<Path> written = Plots.writeAll(dir, model, new Recommender(model), HISTORY, d, TEST_ROWS);
        assertEquals(List.of("loss.png", "item_map.png", "ratings_box.png", "scores_hist.png"), names(written));
        for (Path png : written) assertReadablePng(png);
    }

    /** The random pairs of the score histogram: one per test row, of that row's user, never a rated pair. */
    @Test
    void randomPairsAreNeverRated() {
        Dataset d = SmallModels.synthetic(4);
        Set<Long> rated = new HashSet<>();
        for (int r = 0; r < d.size(); r++) rated.add((long) d.user(r) * d.numItems() + d.item(r));
        int[][] pairs = Plots.randomUnratedPairs(d, TEST_ROWS, new Rng(1));
        assertEquals(TEST_ROWS.length, pairs[0].length);
        Set<Integer> distinctItems = new HashSet<>();
        for (int k = 0; k < TEST_ROWS.length; k++) {
            assertEquals(d.user(TEST_ROWS[k]), pairs[0][k]);
            assertFalse(rated.contains((long) pairs[0][k] * d.numItems() + pairs[1][k]), "pair " + k + " is rated");
            distinctItems.add(pairs[1][k]);
        }
        assertTrue(distinctItems.size() > 1, "the items are drawn at random, not one fixed item");
    }

    /**
     * A plot that cannot be written gives one line naming the file, and the folder keeps no partial or
     * temporary file. Here a non-empty folder named item_map.png is in the way of the rename.
     */
    @Test
    void anUnwritablePlotIsNamedInOneLineAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Dataset d = SmallModels.synthetic(4);
        TwoTowerModel model = SmallModels.model(d, new int[] {8, 4}, 4);
        Files.createDirectories(dir.resolve("item_map.png").resolve("inside"));
        IOException e = assertThrows(IOException.class,
                () -> Plots.writeAll(dir, model, new Recommender(model), HISTORY, d, TEST_ROWS));
        assertTrue(e.getMessage().startsWith("cannot write " + dir.resolve("item_map.png") + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(Set.of("loss.png", "item_map.png"), files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    /** A plot written again replaces the old file; the new file's permissions follow the umask like any new file's. */
    @Test
    void rewritingReplacesTheOldFileWithUmaskPermissions(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("loss.png");
        Files.writeString(png, "an old, truncated plot");
        Plots.save(Plots.lossChart(HISTORY), png);
        assertReadablePng(png);
        Path plain = Files.writeString(dir.resolve("plain.txt"), "created the ordinary way");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(png));
    }

    /** 1000 x 700, and more than a background and a few lines in it. */
    private static void assertReadablePng(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1000, image.getWidth(), png.toString());
        assertEquals(700, image.getHeight(), png.toString());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y));
        assertTrue(colours.size() > 20, png + " has only " + colours.size() + " colours");
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }

    /** Groups by size: A ×3, B ×2, C ×2, D ×1 -> the top 3 are A, then B and C (tie broken by name). */
    @Test
    void largestGroupsAreTheMostFrequent() {
        String[] groups = {"C", "A", "B", "A", "D", "C", "A", "B"};
        String[] ids = new String[groups.length];
        for (int i = 0; i < ids.length; i++) ids[i] = "i" + i;
        Catalog catalog = Catalog.of(new String[] {"u"}, ids, ids, groups, new int[0], new int[0]);
        assertEquals(List.of("A", "B", "C"), Plots.largestGroups(catalog, 3));
    }

    /** Half stars on 0.5..5 (10 bins): 0.5 -> 0, 3.74 -> round(6.48) = 6 (3.5), 3.76 -> 7 (4.0), out of range clamps. */
    @Test
    void halfStarBins() {
        assertEquals(0, Plots.halfStarBin(0.5f, 0.5f, 10));
        assertEquals(6, Plots.halfStarBin(3.74f, 0.5f, 10));
        assertEquals(7, Plots.halfStarBin(3.76f, 0.5f, 10));
        assertEquals(9, Plots.halfStarBin(5.0f, 0.5f, 10));
        assertEquals(0, Plots.halfStarBin(-3f, 0.5f, 10));
        assertEquals(9, Plots.halfStarBin(7f, 0.5f, 10));
    }
}
