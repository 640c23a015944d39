package io.twotower.recsys.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The declared rating scale: what --rating-range MIN,MAX parses to, and what it refuses, word for word. */
class RatingRangeTest {

    @Test
    void parsesMinAndMax() {
        assertEquals(new RatingRange(1, 5), RatingRange.parse("1,5"));
        assertEquals(new RatingRange(0.5, 5), RatingRange.parse(" 0.5 , 5 "));
        assertEquals(new RatingRange(-10, 1e3), RatingRange.parse("-10,1e3"));
    }

    @Test
    void bothEndsAreIncluded() {
        RatingRange range = new RatingRange(1, 5);
        assertTrue(range.contains(1) && range.contains(5) && range.contains(3.5));
        assertFalse(range.contains(0.999) || range.contains(5.001) || range.contains(Double.NaN));
    }

    @Test
    void showsWholeNumbersWithoutDecimals() {
        assertEquals("[1, 5]", new RatingRange(1, 5).toString());
        assertEquals("[0.5, 5]", MovieLensReader.RATING_RANGE.toString());
        assertEquals("[-2.5, 1.0E30]", new RatingRange(-2.5, 1e30).toString());
    }

    @Test
    void refusesWhatIsNotTwoIncreasingNumbers() {
        String expected = "must be two numbers MIN,MAX with MIN < MAX, e.g. 1,5, got ";
        for (String bad : new String[] {"5,1", "3,3", "1", "1,2,3", "a,5", "1,", "NaN,5", "1,Infinity", "1e39,2e39", "0x1,5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RatingRange.parse(bad), bad);
            assertEquals(expected + "'" + bad + "'", e.getMessage());
        }
        assertEquals(expected + "5,1", assertThrows(IllegalArgumentException.class, () -> new RatingRange(5, 1)).getMessage());
    }

    @Test
    void refusesASpanWhoseDoubleIsNoFloat() {
        // -1e38 and 1e38 are floats, their span 2e38 too, but scaling computes 2 * (r - min), up to 4e38
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RatingRange.parse("-1e38,1e38"));
        assertEquals("must span at most 1.7e38 (scaling the ratings doubles the span, in float), got '-1e38,1e38'",
                e.getMessage());
        assertEquals(new RatingRange(0, 1.7e38), RatingRange.parse("0,1.7e38")); // 1.7e38 <= 3.4028235e38 / 2
    }

    @Test
    void aTypedControlCharacterIsEchoedEscaped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RatingRange.parse("1,\u001b[2J"));
        assertEquals("must be two numbers MIN,MAX with MIN < MAX, e.g. 1,5, got '1,\\u001b[2J'", e.getMessage());
    }
}
