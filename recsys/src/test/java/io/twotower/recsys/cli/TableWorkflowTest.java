package io.twotower.recsys.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole command line on a dataset of another domain in the table format: a shop whose users have
 * an age and a city, whose items have a title (a display label), a price and '|'-separated categories,
 * and where people in each city like one category. Train, evaluate, recommend (known, new user, new
 * item) and similar must all work, and print titles.
 */
class TableWorkflowTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;
    /** Items u0 rated (training and test parts together). */
    static final Set<String> RATED_BY_U0 = new HashSet<>();

    static final String[] CITIES = {"paris", "lyon", "nice"};
    static final String[] CATEGORIES = {"books", "games", "garden"};

    @BeforeAll
    static void writeShopAndTrain() throws IOException {
        data = Files.createDirectories(dir.resolve("shop"));
        Random random = new Random(17);
        StringBuilder users = new StringBuilder("user_id,age,city\n");
        for (int u = 0; u < 60; u++) users.append("u").append(u).append(',').append(18 + random.nextInt(50)).append(',').append(CITIES[u % 3]).append('\n');
        StringBuilder items = new StringBuilder("item_id,title,price,categories\n");
        for (int i = 0; i < 45; i++) {
            String categories = CATEGORIES[i % 3] + (i % 5 == 0 ? "|" + CATEGORIES[(i + 1) % 3] : "");
            items.append("i").append(i).append(",\"Item ").append(i).append(", ").append(CATEGORIES[i % 3]).append("\",")
                    .append(5 + random.nextInt(50)).append(',').append(categories).append('\n');
        }
        StringBuilder interactions = new StringBuilder("user_id,item_id,rating\n");
        for (int u = 0; u < 60; u++) {
            for (int i = 0; i < 45; i++) {
                if (random.nextInt(3) != 0) continue;                 // each user rates about 15 items
                boolean liked = i % 3 == u % 3;                       // city c likes category c
                int rating = liked ? 4 + random.nextInt(2) : 1 + random.nextInt(3);
                interactions.append("u").append(u).append(",i").append(i).append(',').append(rating).append('\n');
                if (u == 0) RATED_BY_U0.add("i" + i);
            }
        }
        Files.writeString(data.resolve("users.csv"), users);
        Files.writeString(data.resolve("items.csv"), items);
        Files.writeString(data.resolve("interactions.csv"), interactions);

        model = dir.resolve("shop.model");
        TinyTrainedModel.Run train = TinyTrainedModel.run("train", "--data", data.toString(), "--epochs", "20",
                "--patience", "0", "--user-layers", "32,16", "--item-layers", "32,16", "--samples", "1", "--lr", "0.01",
                "--model", model.toString(), "--history", dir.resolve("h.csv").toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("Loaded shop"), train.out());
        assertTrue(train.out().contains("Item "), "titles, not only ids: " + train.out());
    }

    @Test
    void evaluateReprintsTheTableForTheSameSplit() {
        TinyTrainedModel.Run r = TinyTrainedModel.run("evaluate", "--model", model.toString(), "--data", data.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("two-tower") && r.out().contains("bias") && r.out().contains("popular"), r.out());
    }

    @Test
    void knownUserGetsItemsUnratedInTrainingWithTitles() throws IOException {
        TinyTrainedModel.Run r = TinyTrainedModel.run("recommend", "--model", model.toString(), "--user", "u0", "--k", "5");
        assertEquals(0, r.exitCode(), r.err());
        io.twotower.recsys.model.Catalog catalog = io.twotower.recsys.model.TwoTowerModel.load(model).catalog();
        int u0 = catalog.userIndex("u0");
        int listed = 0;
        for (String line : r.out().lines().toList()) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 4 && cols[0].matches("\\d+")) {             // "rank score id label..."
                listed++;
                int item = catalog.itemIndex(cols[2]);
                assertTrue(item >= 0 && RATED_BY_U0.size() > catalog.seenCount(u0), line);
                assertFalse(catalog.seen(u0, item), cols[2] + " was rated by u0 in training");
                assertTrue(line.contains("Item "), line);
            }
        }
        assertEquals(5, listed, r.out());
    }

    @Test
    void aNewUserFromParisIsOfferedBooks() {
        // City c likes category c; paris is city 0, whose favourite is books.
        TinyTrainedModel.Run r = TinyTrainedModel.run("recommend", "--model", model.toString(), "--new-user", "city=paris,age=30", "--k", "3");
        assertEquals(0, r.exitCode(), r.err());
        long books = r.out().lines().filter(l -> l.contains(", books")).count();
        assertTrue(books >= 2, "a user from paris should mostly get books:\n" + r.out());
    }

    @Test
    void newItemAndSimilarItemsWork() {
        TinyTrainedModel.Run users = TinyTrainedModel.run("recommend", "--model", model.toString(), "--new-item", "categories=garden,price=20", "--k", "3");
        assertEquals(0, users.exitCode(), users.err());
        assertEquals(3, users.out().lines().filter(l -> l.contains("user u")).count(), users.out());
        TinyTrainedModel.Run similar = TinyTrainedModel.run("similar", "--model", model.toString(), "--item", "i3", "--k", "4");
        assertEquals(0, similar.exitCode(), similar.err());
        assertTrue(similar.out().contains("Item 3, books"), similar.out());
        assertFalse(similar.out().lines().skip(2).anyMatch(l -> l.contains(" i3 ")), "the item itself is not its own neighbour");
    }
}
