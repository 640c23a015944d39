package io.twotower.recsys.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twotower.recsys.app.UsageException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NAME=VALUE syntax of --new-user and --new-item (the value checks are in CliErrorsTest). */
class NewEntityValuesTest {
    @Test
    void pairsAreSplitAtCommasOutsideDoubleQuotes() {
        assertEquals(Map.of("title", "American President, The (1995)", "genres", "Comedy"),
                NewEntityValues.parse("--new-item", List.of("title=\"American President, The (1995)\",genres=Comedy")));
        assertEquals(List.of("a", "b"), List.copyOf(NewEntityValues.parse("--new-user", List.of("a=1, b = 2")).keySet()));
        assertEquals("2", NewEntityValues.parse("--new-user", List.of("a=1, b = 2")).get("b"));
    }

    @Test
    void aQuoteInsideAQuotedValueIsWrittenTwiceAndAnEmptyValueIsAValue() {
        assertEquals(Map.of("title", "The \"Quoted\" Film, 2001", "year", ""),
                NewEntityValues.parse("--new-item", List.of("title=\"The \"\"Quoted\"\" Film, 2001\",year=\"\"")));
    }

    @Test
    void theFlagMayBeRepeated() {
        assertEquals(Map.of("avg_rating", "4.5", "rating_count", "50", "avg_rating:Comedy", "5"),
                NewEntityValues.parse("--new-user", List.of("avg_rating=4.5", "rating_count=50,avg_rating:Comedy=5")));
    }

    @Test
    void malformedPairsNameTheFlag() {
        assertEquals("--new-user: expected NAME=VALUE pairs separated by commas, got ''",
                assertThrows(UsageException.class, () -> NewEntityValues.parse("--new-user", List.of("a=1,"))).getMessage());
        assertEquals("--new-user: expected a feature name before '=' in '=4'",
                assertThrows(UsageException.class, () -> NewEntityValues.parse("--new-user", List.of("=4"))).getMessage());
        assertEquals("--new-item: expected a comma after the quoted value of title, got 'x,genres=Drama'",
                assertThrows(UsageException.class, () -> NewEntityValues.parse("--new-item", List.of("title=\"Up\"x,genres=Drama"))).getMessage());
    }
}
