package io.twotower.recsys.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GlobalMeanBaselineTest {

    @Test
    void predictsTheTrainingMeanEverywhere() {
        // (2 + 4 + 4.5) / 3 = 3.5
        Interactions train = new Interactions(new int[] {0, 1, 1}, new int[] {0, 0, 2}, new float[] {2, 4, 4.5f}, 3, 3);
        GlobalMeanBaseline model = GlobalMeanBaseline.fit(train);
        assertEquals(3.5f, model.mean());
        assertEquals(3.5f, model.predict(0, 0));
        assertEquals(3.5f, model.predict(2, 1)); // a user and an item never seen in training
    }

    @Test
    void anEmptyTrainingSetIsRejected() {
        Interactions empty = new Interactions(new int[0], new int[0], new float[0], 1, 1);
        assertThrows(IllegalArgumentException.class, () -> GlobalMeanBaseline.fit(empty));
    }
}
