package io.twotower.recsys.inspect;

import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.recommend.Recommender;
import io.twotower.recsys.train.EpochStats;

import java.nio.file.Path;
import java.util.List;

/** Placeholder: PNG plots (being written). */
public final class Plots {
    private Plots() {}

    public static List<Path> writeAll(Path dir, TwoTowerModel model, Recommender recommender, List<EpochStats> history,
                                      Dataset dataset, int[] testRows) {
        throw new UnsupportedOperationException("--plots is not implemented yet");
    }
}
