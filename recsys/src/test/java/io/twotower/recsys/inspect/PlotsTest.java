package io.twotower.recsys.inspect;

import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.recommend.Recommender;
import io.twotower.recsys.train.EpochStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotsTest {

    /** Every chart is a readable 1000 x 700 PNG with more than a background and a few lines in it. */
    @Test
    void writesEveryChartAsAPng(@TempDir Path dir) throws Exception {
        Dataset d = SmallModels.synthetic(4);
        TwoTowerModel model = SmallModels.model(d, new int[] {8, 4}, 4);
        List<EpochStats> history = List.of(new EpochStats(1, 0.30, 0.35, 1, 1), new EpochStats(2, 0.20, 0.28, 1, 1));
        int[] testRows = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        List<Path> written = Plots.writeAll(dir.resolve("plots"), model, new Recommender(model), history, d, testRows);
        assertEquals(List.of("loss.png", "item_map.png", "ratings_box.png", "ratings_hist.png"),
                written.stream().map(p -> p.getFileName().toString()).toList());
        for (Path png : written) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(1000, image.getWidth(), png.toString());
            assertEquals(700, image.getHeight(), png.toString());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 3) for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y));
            assertTrue(colours.size() > 20, png + " has only " + colours.size() + " colours");
        }
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
