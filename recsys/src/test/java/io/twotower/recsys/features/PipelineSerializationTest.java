package io.twotower.recsys.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.Split;
import io.twotower.recsys.data.Splits;
import io.twotower.recsys.data.SyntheticDataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
