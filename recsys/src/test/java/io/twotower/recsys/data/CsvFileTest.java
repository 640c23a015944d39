package io.twotower.recsys.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV layer: RFC 4180 edge cases, strict UTF-8, and errors that say file, line and column. */
class CsvFileTest {

    @TempDir
    Path dir;

    @Test
    void quotedFieldsMayHoldCommasQuotesAndUtf8() {
        CsvFile f = CsvFile.read(Fixtures.write(dir, "m.csv",
                "id,title\n1,\"Misérables, Les (1995)\"\n2,\"The \"\"Quoted\"\" Film\"\n"));
        assertEquals(List.of("id", "title"), f.header());
        assertEquals("Misérables, Les (1995)", f.cell(0, 1));
        assertEquals("The \"Quoted\" Film", f.cell(1, 1));
    }

    @Test
    void crlfLineEndsAndAMissingFinalNewlineAreAccepted() {
        CsvFile f = CsvFile.read(Fixtures.write(dir, "m.csv", "a,b\r\n1,2\r\n3,4"));
        assertEquals(2, f.size());
        assertEquals("2", f.cell(0, 1)); // no stray '\r' in the last field
        assertEquals("4", f.cell(1, 1));
        assertEquals(3, f.line(1));
    }

    @Test
    void aByteOrderMarkIsDropped() {
        byte[] text = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        CsvFile f = CsvFile.read(Fixtures.writeBytes(dir, "m.csv", withBom));
        assertEquals(List.of("a", "b"), f.header()); // "a", not "\uFEFFa"
    }

    @Test
    void recordsKnowTheirLineEvenAfterAMultiLineQuotedField() {
        // line 1 header, line 2-3 one record with a newline inside quotes, line 4 blank, line 5 record
        CsvFile f = CsvFile.read(Fixtures.write(dir, "m.csv", "a,b\n1,\"x\ny\"\n\n2,z\n"));
        assertEquals(2, f.size());
        assertEquals("x\ny", f.cell(0, 1));
        assertEquals(2, f.line(0));
        assertEquals(5, f.line(1));
    }

    @Test
    void wrongFieldCountNamesFileAndLine() {
        DataException e = assertThrows(DataException.class,
                () -> CsvFile.read(Fixtures.write(dir, "m.csv", "a,b\n1,2\n3,4,5\n")));
        assertEquals("m.csv", e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("expected 2 fields"), e.getMessage());
    }

    @Test
    void anEmptyFileHasNoHeader() {
        DataException e = assertThrows(DataException.class, () -> CsvFile.read(Fixtures.write(dir, "m.csv", "")));
        assertEquals("m.csv", e.file());
        assertTrue(e.getMessage().contains("expected a header"), e.getMessage());
    }

    @Test
    void aMissingHeaderIsReportedOnLine1() {
        // A first line of numbers only is data, not column names: reported while reading.
        DataException data = assertThrows(DataException.class,
                () -> CsvFile.read(Fixtures.write(dir, "ratings.csv", "1,10,4.0,100\n")));
        assertEquals("ratings.csv line 1: expected a header line naming the columns, got the data row "
                + "'1,10,4.0,100' (is the header missing?)", data.getMessage());
        // A first line with text is taken as a header and then compared with the expected one.
        CsvFile f = CsvFile.read(Fixtures.write(dir, "movies.csv", "10,A (1995),Drama\n"));
        DataException e = assertThrows(DataException.class, () -> f.requireHeader("movieId", "title", "genres"));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("expected header 'movieId,title,genres'"), e.getMessage());
    }

    @Test
    void numbersBeyondTheFloatRangeAreRejected() {
        // 1e39 is a finite double but Infinity as a float, the engine's type; 3e38 < 3.4028235e38 is fine.
        CsvFile f = CsvFile.read(Fixtures.write(dir, "m.csv", "id,x\na,1e39\nb,3e38\nc,-1e39\n"));
        DataException e = assertThrows(DataException.class, () -> f.number(0, 1));
        assertEquals("m.csv line 2, column x: expected a finite number within the float range (up to 3.4e38), "
                + "got '1e39'", e.getMessage());
        assertEquals(3e38, f.number(1, 1));
        assertEquals(4, assertThrows(DataException.class, () -> f.number(2, 1)).line());
    }

    @Test
    void messagesQuoteAtMostSixtyCharactersOfACellOnOneLine() {
        // A quoted cell holding a line end and 100 letters: shown as \n, cut to 57 characters + "...".
        String cell = "ab\n" + "x".repeat(100);
        CsvFile f = CsvFile.read(Fixtures.write(dir, "m.csv", "id,x\na,\"" + cell + "\"\n"));
        DataException e = assertThrows(DataException.class, () -> f.number(0, 1));
        assertEquals("m.csv line 2, column x: expected a number, got 'ab\\n" + "x".repeat(53) + "...'", e.getMessage());
    }

    @Test
    void nonUtf8BytesNameTheLine() {
        // "caf\xE9" is Latin-1, not UTF-8; it sits on line 3.
        byte[] bytes = "a,b\n1,ok\n2,caf".getBytes(StandardCharsets.US_ASCII);
        byte[] bad = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, bad, 0, bytes.length);
        bad[bytes.length] = (byte) 0xE9;
        bad[bytes.length + 1] = '\n';
        DataException e = assertThrows(DataException.class, () -> CsvFile.read(Fixtures.writeBytes(dir, "m.csv", bad)));
        assertEquals("m.csv", e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("expected UTF-8"), e.getMessage());
    }

    @Test
    void badQuotingIsADataException() {
        DataException e = assertThrows(DataException.class,
                () -> CsvFile.read(Fixtures.write(dir, "m.csv", "a,b\n1,2\n3,\"open\"x\n")));
        assertEquals("m.csv", e.file());
        assertEquals(3, e.line());
        DataException unclosed = assertThrows(DataException.class,
                () -> CsvFile.read(Fixtures.write(dir, "n.csv", "a,b\n1,2\n\n3,\"open\n")));
        assertEquals(4, unclosed.line());
        assertEquals("n.csv line 4: expected well-formed CSV quoting (a quoted field ends with \" before the next comma "
                + "or line end; a quote inside it is written \"\"), got: EOF reached before encapsulated token finished",
                unclosed.getMessage());
    }

    @Test
    void numbersAreParsedStrictlyNamingTheColumn() {
        CsvFile f = CsvFile.read(Fixtures.write(dir, "ratings.csv", "user,rating\nu,4.5\nu,abc\nu,NaN\nu,1f\n"));
        assertEquals(4.5, f.number(0, 1));
        DataException e = assertThrows(DataException.class, () -> f.number(1, 1));
        assertEquals("ratings.csv line 3, column rating: expected a number, got 'abc'", e.getMessage());
        assertEquals("rating", e.column());
        assertThrows(DataException.class, () -> f.number(2, 1)); // NaN is not finite
        assertThrows(DataException.class, () -> f.number(3, 1)); // Java's "1f" is not a CSV number
    }

    @Test
    void aMissingFileIsADataException() {
        DataException e = assertThrows(DataException.class, () -> CsvFile.read(dir.resolve("nope.csv")));
        assertEquals("nope.csv", e.file());
        assertEquals(-1, e.line());
    }

    @Test
    void aCellWithControlCharactersIsEchoedEscaped() {
        CsvFile f = CsvFile.read(Fixtures.write(dir, "ratings.csv", "user,rating\nu,\u001b[31m4\u0000\n"));
        DataException e = assertThrows(DataException.class, () -> f.number(0, 1));
        assertEquals("ratings.csv line 2, column rating: expected a number, got '\\u001b[31m4\\u0000'", e.getMessage());
    }

    @Test
    void aRatingOutsideItsRangeNamesTheRange() {
        CsvFile f = CsvFile.read(Fixtures.write(dir, "interactions.csv", "user,rating\nu,4.5\nu, 7\nu,0.5\n"));
        RatingRange range = new RatingRange(1, 5);
        assertEquals(4.5, f.rating(0, 1, range));
        DataException e = assertThrows(DataException.class, () -> f.rating(1, 1, range));
        assertEquals("interactions.csv line 3, column rating: expected a rating in [1, 5], got 7", e.getMessage());
        e = assertThrows(DataException.class, () -> f.rating(2, 1, range));
        assertEquals("interactions.csv line 4, column rating: expected a rating in [1, 5], got 0.5", e.getMessage());
    }
}
