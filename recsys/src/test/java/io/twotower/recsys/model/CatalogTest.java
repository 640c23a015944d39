package io.twotower.recsys.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The catalog's stored form: strings of any length, and the version 1 form still read. */
class CatalogTest {

    /** Two users, two items; user a rated item y, user b rated x and y. */
    private static Catalog small(String label) {
        return Catalog.of(new String[] {"a", "b"}, new String[] {"x", "y"}, new String[] {label, "Y"},
                new String[] {"Drama", ""}, new int[] {0, 1, 1}, new int[] {1, 0, 1});
    }

    @Test
    void aTitleOf100KilobytesRoundTrips() throws IOException {
        // 100,000 characters, 300,000 bytes of UTF-8 (a CJK character takes three): writeUTF stopped at 65,535 bytes
        String title = "東".repeat(100_000);
        Catalog back = roundTrip(small(title));
        assertEquals(title, back.itemLabel(0));
        assertEquals("Y", back.itemLabel(1));
        assertEquals("Drama", back.itemGroup(0));
        assertEquals(1, back.userIndex("b"));
        assertTrue(back.seen(0, 1) && back.seen(1, 0) && back.seen(1, 1));
        assertEquals(1, back.seenCount(0));
    }

    /** Version 1, written byte by byte as it was: no magic, the user count first, strings with writeUTF. */
    @Test
    void aVersionOneCatalogIsStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        String[][] strings = {{"a", "b"}, {"x", "y"}, {"Misérables, Les (1995)", "Y"}, {"Drama", ""}};
        for (String[] array : strings) {
            out.writeInt(array.length);
            for (String s : array) {
                out.writeUTF(s);
            }
        }
        for (int[] ints : new int[][] {{0, 1, 3}, {1, 0, 1}}) { // seenStart, seenItems
            out.writeInt(ints.length);
            for (int v : ints) {
                out.writeInt(v);
            }
        }
        Catalog c = Catalog.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(2, c.numUsers());
        assertEquals("y", c.itemId(1));
        assertEquals("Misérables, Les (1995)", c.itemLabel(0));
        assertEquals("Drama", c.itemGroup(0));
        assertTrue(c.seen(0, 1) && c.seen(1, 0) && c.seen(1, 1));
        assertEquals(2, c.seenCount(1));
    }

    private static Catalog roundTrip(Catalog catalog) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        catalog.writeTo(new DataOutputStream(bytes));
        return Catalog.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
