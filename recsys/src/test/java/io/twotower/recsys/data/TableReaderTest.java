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

    /** Nine numbers and one word: 90%, numeric (the word is then an error); eight and two: 80%, categorical. */
    @Test
    void aColumnOfNinetyPercentNumbersIsNumeric() {
        assertEquals(ColumnKind.NUMERIC, TableReader.inferKind(new String[] {"1", "2", "3", "4", "5", "6", "7", "8", "9", "n/a"}));
        assertEquals(ColumnKind.NUMERIC, TableReader.inferKind(new String[] {"1", "2", "", "4", "5", "6", "7", "8", "9", "10", "n/a"}));
        assertEquals(ColumnKind.CATEGORICAL, TableReader.inferKind(new String[] {"1", "2", "3", "4", "5", "6", "7", "8", "n/a", "twenty"}));
        assertEquals(ColumnKind.CATEGORICAL, TableReader.inferKind(new String[] {"twenty", "thirty", "40"}));
    }

    @Test
    void aStrayWordInANumericColumnIsAnErrorWithTheSchemaHint() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "users.csv", "user_id,age\nu1,20\nu2,31\nu3,n/a\nu4,40\nu5,22\nu6,35\nu7,51\nu8,19\nu9,28\nu10,44\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("users.csv line 4, column age: expected a number (9 of the column's 10 filled cells are numbers), "
                + "got 'n/a'; if the column is not numeric, declare it categorical in schema.csv", e.getMessage());

        // declared categorical, the same column loads with "n/a" as one of its values
        Fixtures.write(dir, "schema.csv", "file,column,kind\nusers.csv,age,categorical\n");
        Dataset d = TableReader.read(dir, null);
        assertEquals(ColumnKind.CATEGORICAL, d.userTable().kind("age"));
        assertEquals("n/a", d.userTable().cell("age", 2));
    }

    /**
     * Lists need a '|' in at least 10% of the filled cells and values shared by at least half of them.
     * a|b, b, c: 1 of 3 cells lists (33%), 2 of 3 share b (67%). x|y, z, w: no value is shared.
     */
    @Test
    void aColumnHoldsListsWhenBarsAreCommonAndValuesRepeat() {
        assertEquals(ColumnKind.MULTI_VALUED, TableReader.inferKind(new String[] {"a|b", "b", "c"}));
        assertEquals(ColumnKind.CATEGORICAL, TableReader.inferKind(new String[] {"x|y", "z", "w"}));
        // a|b, a, c, d: 2 of 4 share a (50%): lists; with e added, 2 of 5 (40%): not
        assertEquals(ColumnKind.MULTI_VALUED, TableReader.inferKind(new String[] {"a|b", "a", "c", "d"}));
        assertEquals(ColumnKind.CATEGORICAL, TableReader.inferKind(new String[] {"a|b", "a", "c", "d", "e"}));
        // red|blue among 10 cells is 10%: lists; among 11, 9.1%: a category of its own
        String[] ten = {"red|blue", "red", "red", "red", "red", "blue", "blue", "blue", "blue", "blue"};
        assertEquals(ColumnKind.MULTI_VALUED, TableReader.inferKind(ten));
        String[] eleven = java.util.Arrays.copyOf(ten, 11);
        eleven[10] = "red";
        assertEquals(ColumnKind.CATEGORICAL, TableReader.inferKind(eleven));
        // a bar with a blank side lists one value only
        assertEquals(ColumnKind.CATEGORICAL, TableReader.inferKind(new String[] {"a|", "a", "b"}));
    }

    /** 25 distinct titles, one holding a '|' (4% of the cells): still the display label, not a multi-hot. */
    @Test
    void aNearUniqueTitleWithABarStaysTheLabel() {
        Fixtures.copy("tiny-table", dir);
        StringBuilder items = new StringBuilder("item_id,title\n");
        for (int i = 1; i <= 25; i++) {
            items.append("i").append(i).append(',').append(i == 2 ? "Rock | Roll Hall" : "Title " + i).append('\n');
        }
        Fixtures.write(dir, "items.csv", items.toString());
        Dataset d = TableReader.read(dir, null);
        assertEquals(ColumnKind.LABEL, d.itemTable().kind("title"));
        assertEquals("Rock | Roll Hall", d.itemLabel(d.itemIndex("i2")));
        // even when many titles hold a bar, their pieces are not shared: 25 cells, 10 lists, nothing shared
        String[] titles = new String[25];
        for (int i = 0; i < 25; i++) {
            titles[i] = i < 10 ? "Part " + i + " | Story " + i : "Title " + i;
        }
        assertEquals(ColumnKind.LABEL, TableReader.inferKind(titles));
    }

    @Test
    void aDeclaredRatingRangeRejectsARatingOutsideIt() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "interactions.csv", "user_id,item_id,rating\nu1,i1,4\nu1,i2,2\nu2,i1,5\nu3,i3,3\nu4,i2,1\nu2,i2,7\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null, new RatingRange(1, 5)));
        assertEquals("interactions.csv line 7, column rating: expected a rating in [1, 5], got 7", e.getMessage());
        // without a declaration, 7 is simply the highest rating observed
        assertEquals(7f, TableReader.read(dir, null).maxRating());
    }

    @Test
    void aDeclaredRatingRangeIsTheDatasetsRange() {
        // the fixture's ratings are 1 to 5; declared 0 to 10, the range is the declared one
        Dataset d = TableReader.read(Fixtures.resource("tiny-table"), null, new RatingRange(0, 10));
        assertTrue(d.hasDeclaredRatingRange());
        assertEquals(0f, d.minRating());
        assertEquals(10f, d.maxRating());
        assertFalse(TableReader.read(Fixtures.resource("tiny-table"), null).hasDeclaredRatingRange());
    }

    /** 3e38 and -3e38 are floats, but their difference (6e38) is not, nor twice 3e38 - 1: NaN or infinite targets. */
    @Test
    void observedRatingsMaySpanAtMostHalfTheFloatRange() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "interactions.csv", "user_id,item_id,rating\nu1,i1,3e38\nu1,i2,-3e38\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("interactions.csv line 3, column rating: expected ratings spanning at most 1.7e38 from lowest to "
                + "highest (scaling them doubles the span, in float), got -3e38 here and 3e38 on line 2", e.getMessage());

        Fixtures.write(dir, "interactions.csv", "user_id,item_id,rating\nu1,i1,1\nu2,i1,2\nu1,i2,3e38\n");
        e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("interactions.csv line 4, column rating: expected ratings spanning at most 1.7e38 from lowest to "
                + "highest (scaling them doubles the span, in float), got 3e38 here and 1 on line 2", e.getMessage());

        Fixtures.copy("tiny-table-split", dir.resolve("split"));
        Fixtures.write(dir.resolve("split"), "test.csv", "user_id,item_id,rating\nu1,i2,1e38\n");
        Fixtures.write(dir.resolve("split"), "train.csv", "user_id,item_id,rating\nu1,i1,-1e38\n");
        e = assertThrows(DataException.class, () -> TableReader.read(dir.resolve("split"), null));
        assertEquals("test.csv line 2, column rating: expected ratings spanning at most 1.7e38 from lowest to "
                + "highest (scaling them doubles the span, in float), got 1e38 here and -1e38 on train.csv line 2",
                e.getMessage());
    }

    @Test
    void aSecondRatingOfTheSameItemByTheSameUserIsRejected() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "interactions.csv", "user_id,item_id,rating\nu1,i1,4\nu1,i2,2\nu2,i1,5\nu1,i1,3\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("interactions.csv line 5: expected one rating per user and item, got a second rating by user u1 "
                + "of item i1 (the first is on line 2)", e.getMessage());

        // across a predefined split it would put a training rating in the test part
        Fixtures.copy("tiny-table-split", dir.resolve("split"));
        Fixtures.write(dir.resolve("split"), "train.csv", "user_id,item_id,rating\nu1,i1,4\nu2,i3,3\n");
        Fixtures.write(dir.resolve("split"), "test.csv", "user_id,item_id,rating\nu2,i1,2\nu2,i3,3\n");
        e = assertThrows(DataException.class, () -> TableReader.read(dir.resolve("split"), null));
        assertEquals("test.csv line 3: expected one rating per user and item, got a second rating by user u2 "
                + "of item i3 (the first is on train.csv line 3)", e.getMessage());
    }

    @Test
    void anEmptyTrainOrTestFileIsRejected() {
        Fixtures.copy("tiny-table-split", dir);
        Fixtures.write(dir, "train.csv", "user_id,item_id,rating\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("train.csv: expected at least one interaction, got none", e.getMessage());

        Fixtures.copy("tiny-table-split", dir.resolve("b"));
        Fixtures.write(dir.resolve("b"), "test.csv", "user_id,item_id,rating\n");
        e = assertThrows(DataException.class, () -> TableReader.read(dir.resolve("b"), null));
        assertEquals("test.csv: expected at least one interaction, got none", e.getMessage());
    }

    @Test
    void aCellWithAnEscapeSequenceIsEchoedEscaped() {
        Fixtures.copy("tiny-table", dir);
        Fixtures.write(dir, "interactions.csv", "user_id,item_id,rating\nu1,i1,4\n\u001b[2Ju9,i1,4\n");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir, null));
        assertEquals("interactions.csv line 3, column user_id: expected an id listed in users.csv, got '\\u001b[2Ju9'",
                e.getMessage());
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
