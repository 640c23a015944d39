package io.twotower.recsys.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitsTest {

    /** 30 users x 10 ratings: every user has n = 10 rows. */
    private final Dataset data = SyntheticDataset.generate(7, 30, 40, 10);

    @TempDir
    Path dir;

    @Test
    void testCountIsRoundedFractionKeepingOneTrainRow() {
        assertEquals(2, Splits.testCount(10, 0.2));  // 2.0
        assertEquals(1, Splits.testCount(3, 0.2));   // round(0.6) = 1
        assertEquals(0, Splits.testCount(2, 0.2));   // round(0.4) = 0
        assertEquals(0, Splits.testCount(1, 0.5));   // fewer than 2: all train
        assertEquals(1, Splits.testCount(2, 0.9));   // round(1.8) = 2, capped at n - 1 = 1
    }

    @Test
    void randomHoldoutTakesTheFractionOfEveryUser() {
        Split s = Splits.randomHoldout(data, 0.2, 42);
        int[] testPerUser = perUser(s.test());
        int[] trainPerUser = perUser(s.train());
        for (int u = 0; u < data.numUsers(); u++) {
            assertEquals(2, testPerUser[u]);  // round(0.2 * 10)
            assertEquals(8, trainPerUser[u]);
        }
        assertDisjointAndComplete(s);
    }

    @Test
    void randomHoldoutIsDeterministicInTheSeed() {
        Split a = Splits.randomHoldout(data, 0.2, 42);
        Split b = Splits.randomHoldout(data, 0.2, 42);
        Split c = Splits.randomHoldout(data, 0.2, 43);
        assertArrayEquals(a.test(), b.test());
        assertArrayEquals(a.train(), b.train());
        assertFalse(Arrays.equals(a.test(), c.test()));
    }

    @Test
    void usersWithOneInteractionKeepItInTrain() {
        Fixtures.write(dir, "users.csv", "user_id\na\nb\n");
        Fixtures.write(dir, "items.csv", "item_id\nx\ny\nz\n");
        Fixtures.write(dir, "interactions.csv", "user_id,item_id,rating\na,x,1\nb,x,2\nb,y,3\nb,z,4\n");
        Dataset d = TableReader.read(dir, null);
        Split s = Splits.randomHoldout(d, 0.5, 1);
        assertEquals(0, perUser(d, s.test())[0]);  // a: 1 row, stays in train
        assertEquals(2, perUser(d, s.test())[1]);  // b: round(1.5) = 2
        assertEquals(1, perUser(d, s.train())[1]);
    }

    @Test
    void temporalHoldoutTestsTheLatestRowsTiesByRowOrder() {
        // user a: times 5, 1, 3, 3 (rows 0..3): order by time then row -> rows 1, 2, 3, 0
        // with 0.5: test = the last 2 = rows 3 and 0. user b: times 2, 1 -> test = row 4 (time 2).
        Fixtures.write(dir, "users.csv", "user_id\na\nb\n");
        Fixtures.write(dir, "items.csv", "item_id\nw\nx\ny\nz\n");
        Fixtures.write(dir, "interactions.csv", "user_id,item_id,rating,timestamp\n"
                + "a,w,1,5\na,x,2,1\na,y,3,3\na,z,4,3\nb,w,5,2\nb,x,1,1\n");
        Dataset d = TableReader.read(dir, null);
        Split s = Splits.temporalHoldout(d, 0.5);
        assertArrayEquals(new int[] {0, 3, 4}, s.test());
        assertArrayEquals(new int[] {1, 2, 5}, s.train());
    }

    @Test
    void temporalHoldoutOnSyntheticDataTestsEachUsersLatestRows() {
        Split s = Splits.temporalHoldout(data, 0.3);
        assertDisjointAndComplete(s);
        long[] latestTrain = new long[data.numUsers()];
        for (int r : s.train()) {
            latestTrain[data.user(r)] = Math.max(latestTrain[data.user(r)], data.timestamp(r));
        }
        for (int r : s.test()) {
            assertTrue(data.timestamp(r) >= latestTrain[data.user(r)], "test row " + r + " is older than a train row");
        }
        assertTrue(Arrays.stream(perUser(s.test())).allMatch(n -> n == 3));
    }

    @Test
    void temporalHoldoutNeedsTimestamps() {
        Dataset noTimes = TableReader.read(Fixtures.resource("tiny-table-split"), null);
        DataException e = assertThrows(DataException.class, () -> Splits.temporalHoldout(noTimes, 0.2));
        assertTrue(e.getMessage().startsWith("tiny-table-split: expected a timestamp column"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.predefined(data));
    }

    @Test
    void aHoldoutWithNoTestRowIsADataError() {
        // Two ratings per user: with fraction 0.2, k = round(0.2 * 2) = 0 for everyone. A user needs
        // n = 3 (round(0.6) = 1) to give one test row, which the message says.
        Path folder = dir.resolve("two-each");
        Fixtures.write(folder, "movies.csv", "movieId,title,genres\n1,A,Drama\n2,B,Comedy\n");
        Fixtures.write(folder, "ratings.csv", "userId,movieId,rating,timestamp\n1,1,4,1\n1,2,3,2\n2,1,5,3\n2,2,1,4\n");
        Dataset twoEach = MovieLensReader.read(folder);
        for (DataException e : new DataException[] {
            assertThrows(DataException.class, () -> Splits.randomHoldout(twoEach, 0.2, 1)),
            assertThrows(DataException.class, () -> Splits.temporalHoldout(twoEach, 0.2))}) {
            assertEquals("two-each: expected at least one user with 3 or more interactions to hold out a test "
                    + "fraction of 0.2, got none", e.getMessage());
        }
        // Asking for no test rows is not an error.
        assertEquals(0, Splits.randomHoldout(twoEach, 0.0, 1).testSize());
    }

    @Test
    void validationIsCarvedFromTrainOnly() {
        Split s = Splits.randomHoldout(data, 0.2, 42);
        Split v = Splits.validationFrom(s, 0.25, 9);
        // each user: 8 train rows -> round(0.25 * 8) = 2 validation, 6 remain
        assertTrue(Arrays.stream(perUser(v.test())).allMatch(n -> n == 2));
        assertTrue(Arrays.stream(perUser(v.train())).allMatch(n -> n == 6));
        int[] union = concat(v.train(), v.test());
        Arrays.sort(union);
        assertArrayEquals(s.train(), union);
        assertArrayEquals(v.test(), Splits.validationFrom(s, 0.25, 9).test());
    }

    @Test
    void badFractionsAndOverlappingRowsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Splits.randomHoldout(data, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.randomHoldout(data, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Split(data, new int[] {1, 2}, new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> new Split(data, new int[] {data.size()}, new int[0]));
    }

    private void assertDisjointAndComplete(Split s) {
        assertEquals(data.size(), s.trainSize() + s.testSize());
        int[] all = concat(s.train(), s.test());
        Arrays.sort(all);
        for (int r = 0; r < all.length; r++) {
            assertEquals(r, all[r]);
        }
    }

    private int[] perUser(int[] rows) {
        return perUser(data, rows);
    }

    private static int[] perUser(Dataset d, int[] rows) {
        int[] counts = new int[d.numUsers()];
        for (int r : rows) {
            counts[d.user(r)]++;
        }
        return counts;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
