package io.twotower.recsys.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table format on the committed fixture tiny-table:
 *
 * <pre>
 * users.csv: user_id,age,city,tags        items.csv: item_id,title,price,color
 *            u1,20,paris,a|b                         i1,Alpha,1.5,red
 *            u2,,london,b                            i2,Beta,2.5,blue
 *            u3,40,paris,                            i3,Gamma,,red
 *            u4,30,rome,c
 * interactions.csv: u1,i1,4,1  u1,i2,2,2  u2,i1,5,3  u3,i3,3,4  u4,i2,1,5
 * </pre>
 */
class TableReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFixtureAndInfersColumnKinds() {
        Dataset d = TableReader.read(Fixtures.resource("tiny-table"), null);
        assertEquals(Dataset.Format.TABLE, d.format());
        assertEquals(4, d.numUsers());
        assertEquals(3, d.numItems());
        assertEquals(5, d.size());
        assertEquals(d.userIndex("u4"), d.user(4));
        assertEquals(d.itemIndex("i2"), d.item(4));
        assertEquals(1f, d.rating(4));
        assertEquals(5L, d.timestamp(4));
        assertEquals(1f, d.minRating()); // observed range
        assertEquals(5f, d.maxRating());
        FeatureTable users = d.userTable();
        assertEquals(List.of("age", "city", "tags"), users.columnNames());
        assertEquals(ColumnKind.NUMERIC, users.kind("age")); // numbers with one empty cell
        assertEquals(ColumnKind.CATEGORICAL, users.kind("city"));
        assertEquals(ColumnKind.MULTI_VALUED, users.kind("tags")); // "a|b"
        assertEquals("", users.cell("age", 1));
        FeatureTable items = d.itemTable();
        assertEquals(ColumnKind.CATEGORICAL, items.kind("title")); // distinct, but only 3 rows: not a label
        assertEquals(ColumnKind.NUMERIC, items.kind("price"));
        assertEquals("i1", d.itemLabel(0)); // no LABEL column: the id
    }

    @Test
    void kindInference() {
        assertEquals(ColumnKind.NUMERIC, TableReader.inferKind(new String[] {"1", "-2.5", "", "3e2"}));
        assertEquals(ColumnKind.MULTI_VALUED, TableReader.inferKind(new String[] {"a", "a|b", "c"}));
        assertEquals(ColumnKind.CATEGORICAL, TableReader.inferKind(new String[] {"x", "y", "x", "1"}));
        assertEquals(ColumnKind.DROPPED, TableReader.inferKind(new String[] {"", " "}));
        // 21 filled cells, 19 distinct (90.5%): a label; 21 cells with 18 distinct (85.7%): categorical
        String[] label = new String[21];
        String[] category = new String[21];
        for (int i = 0; i < 21; i++) {
            label[i] = "title " + Math.min(i, 18);
            category[i] = "title " + Math.min(i, 17);
        }
        assertEquals(ColumnKind.LABEL, TableReader.inferKind(label));
        assertEquals(ColumnKind.CATEGORICAL, TableReader.inferKind(category));
        // 20 distinct cells are not "more than 20": categorical
        assertEquals(ColumnKind.CATEGORICAL, TableReader.inferKind(java.util.Arrays.copyOf(label, 19)));
    }

    @Test
    void aSchemaOverridesInferredKinds() {
        Dataset d = TableReader.read(Fixtures.resource("tiny-table"), Fixtures.resource("tiny-table-schema.csv"));
        assertEquals(ColumnKind.LABEL, d.itemTable().kind("title"));
        assertEquals(ColumnKind.DROPPED, d.itemTable().kind("color"));
        assertEquals(ColumnKind.NUMERIC, d.itemTable().kind("price")); // not in the schema: inferred
        assertEquals("Alpha", d.itemLabel(0)); // the LABEL column is the display label
    }

    @Test
    void schemaCsvInTheDirectoryIsUsedByDefault() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "schema.csv", "file,column,kind\nusers.csv,city,drop\n");
        assertEquals(ColumnKind.DROPPED, TableReader.read(dir, null).userTable().kind("city"));
    }

    @Test
    void schemaErrorsNameTheSchemaLineAndColumn() {
        Path data = Fixtures.copy("tiny-table", dir.resolve("data"));
        Path schema = Fixtures.write(dir, "schema.csv", "file,column,kind\nusers.csv,age,numeric\nusers.csv,age,weird\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(data, schema));
        assertEquals("schema.csv", e.file());
        assertEquals(3, e.line());
        assertEquals("kind", e.column());

        Fixtures.write(dir, "schema.csv", "file,column,kind\nusers.csv,height,numeric\n");
        e = assertThrows(DataException.class, () -> TableReader.read(data, schema));
        assertEquals("column", e.column());
        assertEquals(2, e.line());

        Fixtures.write(dir, "schema.csv", "file,column,kind\nmovies.csv,title,label\n");
        e = assertThrows(DataException.class, () -> TableReader.read(data, schema));
        assertEquals("file", e.column());
    }

    @Test
    void aSchemaDeclaringNumericRejectsWords() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "schema.csv", "file,column,kind\nusers.csv,city,numeric\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("users.csv line 2, column city: expected a number, got 'paris'", e.getMessage());
    }

    @Test
    void trainAndTestFilesGiveAPredefinedSplit() {
        Dataset d = TableReader.read(Fixtures.resource("tiny-table-split"), null);
        assertTrue(d.hasPredefinedSplit());
        assertFalse(d.hasTimestamps());
        assertEquals(0L, d.timestamp(0));
        Split s = Splits.predefined(d);
        assertEquals(3, s.trainSize()); // train.csv rows
        assertEquals(2, s.testSize());  // test.csv rows
        assertEquals(d.userIndex("u3"), d.user(s.test()[0]));
    }

    @Test
    void duplicateIdsAreRejected() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "users.csv", "user_id,age\nu1,1\nu2,2\nu1,3\nu3,4\nu4,5\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("users.csv", e.file());
        assertEquals(4, e.line());
        assertEquals("user_id", e.column());
    }

    @Test
    void interactionsNamingUnknownUsersOrItemsAreRejected() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "interactions.csv", "user_id,item_id,rating\nu1,i1,4\nu9,i1,4\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("interactions.csv line 3, column user_id: expected an id listed in users.csv, got 'u9'",
                e.getMessage());

        Fixtures.write(dir, "interactions.csv", "user_id,item_id,rating\nu1,i7,4\n");
        e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("item_id", e.column());
        assertEquals(2, e.line());
    }

    @Test
    void ratingsMustBeFiniteNumbers() {
        Fixtures.copy("tiny-table", dir);
        for (String bad : List.of("abc", "NaN", "Infinity", "-Infinity", "")) {
            Fixtures.write(dir, "interactions.csv", "user_id,item_id,rating\nu1,i1," + bad + "\n");
            DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null), bad);
            assertEquals("interactions.csv", e.file());
            assertEquals(2, e.line());
            assertEquals("rating", e.column());
        }
    }

    @Test
    void nonFiniteFeatureNumbersAreRejected() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "items.csv", "item_id,price\ni1,1\ni2,NaN\ni3,2\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("items.csv line 3, column price: expected a finite number, got 'NaN'", e.getMessage());
    }

    @Test
    void wrongFieldCountsAndMissingColumnsAreRejected() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "items.csv", "item_id,title,price,color\ni1,Alpha,1.5,red\ni2,Beta,2.5\ni3,G,1,red\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("items.csv", e.file());
        assertEquals(3, e.line());

        Fixtures.copy("tiny-table", dir.resolve("b"));
        Fixtures.write(dir.resolve("b"), "interactions.csv", "user_id,item_id\nu1,i1\n");
        e = assertThrows(DataException.class, () -> TableReader.read(dir.resolve("b"), null));
        assertEquals("interactions.csv", e.file());
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("user_id,item_id,rating"), e.getMessage());
    }

    @Test
    void emptyFilesAreRejected() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "items.csv", "");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("items.csv", e.file());

        Fixtures.copy("tiny-table", dir.resolve("b"));
        Fixtures.write(dir.resolve("b"), "items.csv", "item_id,price\n");
        e = assertThrows(DataException.class, () -> TableReader.read(dir.resolve("b"), null));
        assertEquals("items.csv", e.file());

        Fixtures.copy("tiny-table", dir.resolve("c"));
        Fixtures.write(dir.resolve("c"), "interactions.csv", "user_id,item_id,rating\n");
        e = assertThrows(DataException.class, () -> TableReader.read(dir.resolve("c"), null));
        assertEquals("interactions.csv", e.file());
    }

    @Test
    void interactionsAndATrainTestPairAreExclusive() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "train.csv", "user_id,item_id,rating\nu1,i1,4\n");
        assertThrows(DataException.class, () -> TableReader.read(dir, null));

        Fixtures.copy("tiny-table-split", dir.resolve("b"));
        Fixtures.write(dir.resolve("b"), "test.csv", "user_id,item_id,rating,timestamp\nu3,i3,3,1\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir.resolve("b"), null));
        assertEquals("test.csv", e.file()); // columns differ from train.csv
    }
}
