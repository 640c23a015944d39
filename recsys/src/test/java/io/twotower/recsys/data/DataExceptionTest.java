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

    @Test
    void controlCharactersInAMessageAreEscaped() {
        // ESC [2J clears a terminal, ESC [31m turns it red, NUL may cut the line: none may reach it.
        DataException e = new DataException("m.csv", 2, "x", "expected a number, got '\u001b[2J\u001b[31m\u0000'");
        assertEquals("m.csv line 2, column x: expected a number, got '\\u001b[2J\\u001b[31m\\u0000'", e.getMessage());
    }

    @Test
    void printableEscapesLineEndsControlAndFormatCharacters() {
        assertEquals("a\\nb\\rc\\td", DataException.printable("a\nb\rc\td"));
        // DEL, a C1 control (NEL), a right-to-left override, a zero-width space, a byte-order mark
        assertEquals("\\u007f\\u0085\\u202e\\u200b\\ufeff", DataException.printable("\u007f\u0085\u202e\u200b\ufeff"));
        // letters of any script are no control characters
        assertEquals("Misérables, 東京", DataException.printable("Misérables, 東京"));
    }

    @Test
    void printableCutsAtSixtyCharactersWithoutSplittingAnEscapeOrAPair() {
        assertEquals("x".repeat(60), DataException.printable("x".repeat(60)));
        assertEquals("x".repeat(57) + "...", DataException.printable("x".repeat(61)));
        // 20 ESCs escape to 6 characters each: 9 of them (54 characters) fit before "...", a tenth would not
        assertEquals("\\u001b".repeat(9) + "...", DataException.printable("\u001b".repeat(20)));
        // an emoji is two chars (a surrogate pair): after "a", 28 of them fill 57 characters
        String grin = "\ud83d\ude00";
        assertEquals("a" + grin.repeat(28) + "...", DataException.printable("a" + grin.repeat(40)));
    }
}
