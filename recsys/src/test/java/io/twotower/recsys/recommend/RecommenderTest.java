package io.twotower.recsys.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.recsys.app.SmallRuns;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.TwoTowerModel;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recommendations against a brute-force ranking written here with plain loops. */
class RecommenderTest {
    @TempDir
    static Path dir;
    static TwoTowerModel model;
    static Recommender recommender;

    @BeforeAll
    static void train() throws Exception {
        model = SmallRuns.run(SmallRuns.synthetic(dir, 1), new StringWriter()).model();
        recommender = new Recommender(model);
    }

    /** Indices of the k best items by cosine, skipping `skip`, ties to the lower index. */
    static List<Integer> bruteForce(float[] query, int k, java.util.function.IntPredicate skip) {
        float[] items = recommender.itemVectors();
        int d = model.embeddingDim();
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < model.catalog().numItems(); i++) if (!skip.test(i)) candidates.add(i);
        java.util.function.ToDoubleFunction<Integer> score = i -> {
            double s = 0;
            for (int j = 0; j < d; j++) s += (double) query[j] * items[i * d + j];
            return s;
        };
        candidates.sort(Comparator.comparingDouble(score).reversed().thenComparing(i -> i));
        return candidates.subList(0, k);
    }

    @Test
    void knownUserGetsTheBestUnseenItemsOnly() {
        Catalog catalog = model.catalog();
        int d = model.embeddingDim();
        for (int user : new int[] {0, 17, 599}) {
            List<Recommender.Scored> top = recommender.forUser(user, 10);
            assertEquals(10, top.size());
            for (Recommender.Scored r : top) assertFalse(catalog.seen(user, r.index()), "item " + r.id() + " was rated in training");
            float[] query = new float[d];
            System.arraycopy(recommender.userVectors(), user * d, query, 0, d);
            List<Integer> expected = bruteForce(query, 10, i -> catalog.seen(user, i));
            List<Integer> actual = top.stream().map(Recommender.Scored::index).toList();
            // Float sums in another order may swap near-ties; the sets and the best item must agree.
            assertEquals(expected.get(0), actual.get(0));
            assertEquals(new java.util.HashSet<>(expected), new java.util.HashSet<>(actual));
            for (int r = 1; r < top.size(); r++) assertTrue(top.get(r - 1).score() >= top.get(r).score());
        }
    }

    @Test
    void similarItemsExcludeTheItemItselfAndAreNearest() {
        int item = 42, d = model.embeddingDim();
        List<Recommender.Scored> similar = recommender.similarItems(item, 5);
        assertEquals(5, similar.size());
        float[] query = new float[d];
        System.arraycopy(recommender.itemVectors(), item * d, query, 0, d);
        assertEquals(bruteForce(query, 1, i -> i == item).get(0), similar.get(0).index());
        assertTrue(similar.stream().noneMatch(s -> s.index() == item));
    }

    @Test
    void coldStartUserAndNewItemGetRankedLists() {
        assertEquals(7, recommender.forNewUser(Map.of(), 7).size());
        List<Recommender.Scored> users = recommender.usersForNewItem(Map.of(), 3);
        assertEquals(3, users.size());
        assertTrue(users.get(0).score() >= users.get(2).score());
    }
}
