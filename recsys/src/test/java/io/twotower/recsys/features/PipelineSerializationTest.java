package io.twotower.recsys.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.Fixtures;
import io.twotower.recsys.data.Split;
import io.twotower.recsys.data.Splits;
import io.twotower.recsys.data.SyntheticDataset;
import io.twotower.recsys.data.TableReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** writeTo then readFrom gives a pipeline that transforms exactly like the original. */
class PipelineSerializationTest {

    @Test
    void movieLensRoundTrip() throws IOException {
        assertSameBehaviour(MovieLensFeaturesTest.tinyPipeline(),
                Map.of("title", "New (2000)", "genres", "Comedy|Romance"), Map.of("avg_rating", "3.5"));
    }

    @Test
    void tableRoundTrip() throws IOException {
        Dataset d = SyntheticDataset.generate(3, 40, 30, 6);
        Split s = Splits.randomHoldout(d, 0.2, 1);
        FeaturePipeline p = FeaturePipeline.fit(d, s.train(), FeatureOptions.defaults());
        assertSameBehaviour(p, Map.of("genres", "comedy|unknown", "quality_hint", "0.7"),
                Map.of("segment", "fan_drama", "affinity_drama", "1.2"));
    }

    @Test
    void garbageIsRejected() {
        byte[] junk = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThrows(IOException.class, () -> FeaturePipeline.readFrom(new DataInputStream(new ByteArrayInputStream(junk))));
    }

    /** A vocabulary value of 100 KB (a long text cell in a categorical column): writeUTF stopped at 64 KB. */
    @Test
    void aValueOver64KilobytesRoundTrips(@TempDir Path dir) throws IOException {
        Fixtures.copy("tiny-table", dir);
        String note = "é".repeat(50_000); // 100,000 bytes of UTF-8
        Fixtures.write(dir, "users.csv", "user_id,note\nu1," + note + "\nu2,b\nu3,b\nu4,c\n");
        FeaturePipeline p = FeaturePipeline.fit(TableReader.read(dir, null), TableFeaturesTest.TRAIN, FeatureOptions.defaults());
        assertEquals(List.of("note=b", "note=" + note, "note=<other>", "rating_count", "avg_rating"), p.userFeatureNames());
        assertSameBehaviour(p, Map.of(), Map.of("note", note));
    }

    /**
     * A version 1 pipeline, written byte by byte as that version did (strings with writeUTF): a
     * table-format pipeline with one numeric user feature, age (mean 30, std 10), and one one-hot
     * item feature, color (blue, red, other), title ignored; ratings 1 to 5, mean 3.
     */
    @Test
    void aVersionOnePipelineIsStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x54544650); // "TTFP"
        out.writeInt(1);
        out.writeUTF("TABLE");
        out.writeFloat(1);
        out.writeFloat(5);
        out.writeDouble(3);
        out.writeUTF("user");
        out.writeInt(1);          // one encoder:
        out.writeByte(1);         //   numeric
        out.writeUTF("age");
        out.writeBoolean(false);  //   no fallback key
        out.writeDouble(30);      //   mean
        out.writeDouble(10);      //   std
        out.writeDouble(30);      //   impute
        out.writeBoolean(false);  //   no missing flag
        out.writeInt(0);          // no ignored keys
        out.writeInt(1);          // one user
        out.writeInt(1);          // one feature
        out.writeFloat(-1);       // age 20
        out.writeUTF("item");
        out.writeInt(1);          // one encoder:
        out.writeByte(2);         //   one-hot
        out.writeUTF("color");
        out.writeInt(2);
        out.writeUTF("blue");
        out.writeUTF("red");
        out.writeInt(1);          // one ignored key
        out.writeUTF("title");
        out.writeInt(2);          // two items
        out.writeInt(3);          // three features
        for (float x : new float[] {1, 0, 0, 0, 1, 0}) {
            out.writeFloat(x);
        }
        FeaturePipeline p = FeaturePipeline.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(List.of("age"), p.userFeatureNames());
        assertEquals(List.of("color=blue", "color=red", "color=<other>"), p.itemFeatureNames());
        assertEquals(List.of("color", "title"), p.itemKeys());
        assertArrayEquals(new float[] {1}, p.transformNewUser(Map.of("age", "40")), 0f);   // (40 - 30) / 10
        assertArrayEquals(new float[] {0, 0, 1}, p.transformNewItem(Map.of("color", "green")), 0f);
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, p.itemMatrix(), 0f);
        assertEquals(0f, p.scaleTarget(3f));                                                 // 2 (3 - 1) / 4 - 1
        assertEquals(3.0, p.globalMean());
    }

    private static void assertSameBehaviour(FeaturePipeline p, Map<String, String> newItem, Map<String, String> newUser)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.writeTo(new DataOutputStream(bytes));
        FeaturePipeline q = FeaturePipeline.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(p.userFeatureNames(), q.userFeatureNames());
        assertEquals(p.itemFeatureNames(), q.itemFeatureNames());
        assertEquals(p.userKeys(), q.userKeys());
        assertEquals(p.itemKeys(), q.itemKeys());
        assertArrayEquals(p.userMatrix(), q.userMatrix(), 0f);
        assertArrayEquals(p.itemMatrix(), q.itemMatrix(), 0f);
        assertArrayEquals(p.transformNewItem(newItem), q.transformNewItem(newItem), 0f);
        assertArrayEquals(p.transformNewUser(newUser), q.transformNewUser(newUser), 0f);
        assertEquals(p.scaleTarget(3.3f), q.scaleTarget(3.3f));
        assertEquals(p.unscaleScore(0.1f), q.unscaleScore(0.1f));
        assertEquals(p.globalMean(), q.globalMean());
    }
}
