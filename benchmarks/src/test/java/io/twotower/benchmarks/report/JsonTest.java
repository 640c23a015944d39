package io.twotower.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The minimal JSON reader: every kind of value, escapes, and errors that say where. */
class JsonTest {

    @Test
    void valuesAndEscapes() {
        Object parsed = Json.parse("{\"a\" : [1, -2.5e3, true, false, null], \"s\" : \"q\\\"\\\\\\n\\u00e9\"}");
        Map<?, ?> object = (Map<?, ?>) parsed;
        assertEquals(Arrays.asList(1.0, -2500.0, true, false, null), object.get("a"));
        assertEquals("q\"\\\né", object.get("s"));
    }

    @Test
    void errorsNameTheLineAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[\n  {\"a\" 1}\n]"));
        // line 2 is `  {"a" 1}`: columns 1-2 spaces, 3 '{', 4-6 "a", 7 a space, 8 the '1' where ':' belongs
        assertEquals("JSON line 2, column 8: expected ':'", e.getMessage());
    }

    @Test
    void nestedArraysAndEmptyContainers() {
        assertEquals(List.of(List.of(), Map.of(), List.of(List.of(0.5))), Json.parse(" [ [], {}, [[5e-1]] ] "));
    }

    @Test
    void trailingTextIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
        assertEquals("JSON line 1, column 4: unexpected text after the end of the document", e.getMessage());
    }
}
