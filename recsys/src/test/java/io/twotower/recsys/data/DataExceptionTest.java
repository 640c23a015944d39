package io.twotower.recsys.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DataExceptionTest {

    @Test
    void messageNamesFileLineAndColumn() {
        DataException e = new DataException("ratings.csv", 17, "rating", "expected a number, got 'abc'");
        assertEquals("ratings.csv line 17, column rating: expected a number, got 'abc'", e.getMessage());
        assertEquals("ratings.csv", e.file());
        assertEquals(17, e.line());
        assertEquals("rating", e.column());
    }

    @Test
    void unknownPartsAreLeftOut() {
        assertEquals("users.csv: expected at least one row",
                new DataException("users.csv", -1, null, "expected at least one row").getMessage());
        DataException keyOnly = new DataException("new user", -1, "age", "expected a number, got 'x'");
        assertEquals("new user column age: expected a number, got 'x'", keyOnly.getMessage());
        DataException lineOnly = new DataException("m.csv", 3, null, "bad");
        assertEquals("m.csv line 3: bad", lineOnly.getMessage());
        assertNull(lineOnly.column());
    }
}
