package io.twotower.recsys.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InteractionsTest {

    // Rows: (user, item, rating)
    //   0: (1, 2, 4.0)   1: (0, 3, 2.5)   2: (1, 0, 5.0)   3: (1, 2, 4.5)   4: (1, 1, 3.0)
    private static Interactions sample() {
        return new Interactions(new int[] {1, 0, 1, 1, 1}, new int[] {2, 3, 0, 2, 1},
                new float[] {4.0f, 2.5f, 5.0f, 4.5f, 3.0f}, 3, 4);
    }

    @Test
    void rowsPicksTheGivenRowsInTheGivenOrder() {
        Interactions picked = sample().rows(new int[] {3, 1});
        assertEquals(2, picked.size());
        assertEquals(1, picked.user(0));
        assertEquals(2, picked.item(0));
        assertEquals(4.5f, picked.rating(0));
        assertEquals(0, picked.user(1));
        assertEquals(3, picked.item(1));
        assertEquals(2.5f, picked.rating(1));
        assertEquals(3, picked.numUsers());
        assertEquals(4, picked.numItems());
    }

    @Test
    void itemsByUserIsSortedDistinctAndFilteredByRating() {
        int[][] all = sample().itemsByUser(Float.NEGATIVE_INFINITY);
        assertArrayEquals(new int[] {3}, all[0]);
        assertArrayEquals(new int[] {0, 1, 2}, all[1]); // item 2 appears twice
        assertArrayEquals(new int[] {}, all[2]);         // user 2 has no rows
        int[][] atLeastFour = sample().itemsByUser(4.0f);
        assertArrayEquals(new int[] {}, atLeastFour[0]);  // 2.5 < 4
        assertArrayEquals(new int[] {0, 2}, atLeastFour[1]); // 5.0, and 4.0/4.5 for item 2; 3.0 dropped
    }

    @Test
    void meanRatingIsThePlainAverage() {
        // (4 + 2.5 + 5 + 4.5 + 3) / 5 = 19 / 5 = 3.8
        assertEquals(3.8, sample().meanRating(), 1e-12);
    }

    @Test
    void constructorCopiesItsArrays() {
        int[] users = {0};
        Interactions interactions = new Interactions(users, new int[] {0}, new float[] {1f}, 2, 1);
        users[0] = 1;
        assertEquals(0, interactions.user(0));
    }

    @Test
    void badInputIsRejectedWithTheRowAndValue() {
        var lengths = assertThrows(IllegalArgumentException.class,
                () -> new Interactions(new int[] {0, 0}, new int[] {0}, new float[] {1f}, 1, 1));
        assertTrue(lengths.getMessage().contains("users 2, items 1"), lengths.getMessage());
        var item = assertThrows(IllegalArgumentException.class,
                () -> new Interactions(new int[] {0, 0}, new int[] {0, 7}, new float[] {1f, 1f}, 1, 4));
        assertTrue(item.getMessage().contains("row 1: item 7 outside [0, 4)"), item.getMessage());
        var user = assertThrows(IllegalArgumentException.class,
                () -> new Interactions(new int[] {-1}, new int[] {0}, new float[] {1f}, 1, 1));
        assertTrue(user.getMessage().contains("row 0: user -1"), user.getMessage());
        var rating = assertThrows(IllegalArgumentException.class,
                () -> new Interactions(new int[] {0}, new int[] {0}, new float[] {Float.NaN}, 1, 1));
        assertTrue(rating.getMessage().contains("not finite"), rating.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> sample().rows(new int[] {5}));
    }
}
