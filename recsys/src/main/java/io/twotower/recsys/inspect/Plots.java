package io.twotower.recsys.inspect;

import io.twotower.engine.io.AtomicFiles;
import io.twotower.engine.Rng;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.ModelConfig;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.recommend.Recommender;
import io.twotower.recsys.train.EpochStats;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.BoxAndWhiskerCalculator;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The PNG charts of {@code train --plots DIR}, drawn with JFreeChart without a display:
 * <ul>
 *   <li>{@code loss.png}: training and validation loss per epoch;</li>
 *   <li>{@code item_map.png}: every item's vector projected on its first two principal components
 *       ({@link Pca}), coloured by the item's main group (for MovieLens its most specific genre, the
 *       one the fewest items have: see {@code DataSource.mainGroups}), the {@value #GROUPS} largest
 *       groups and "other";</li>
 *   <li>{@code ratings_box.png}: for each true rating of the test part, the spread of the model's
 *       predictions, ratings or (with --loss bce) probabilities of liking (box: quartiles, line: median,
 *       whiskers: the furthest points within 1.5 IQR);</li>
 *   <li>rating models: {@code ratings_hist.png}, how many test ratings have each value, next to how many
 *       predictions round to it (nearest half star);</li>
 *   <li>implicit models (--loss bce), which predict no rating to round: {@code scores_hist.png}, the
 *       distribution of the predicted probability of liking for the held-out pairs next to that for as
 *       many random pairs of the same users and items they never rated (the kind of negatives the
 *       model was trained to score low).</li>
 * </ul>
 * Each PNG is encoded in memory and written whole under its name ({@link AtomicFiles}).
 */
public final class Plots {
    /** Groups with their own colour on the item map; the rest are "other". */
    static final int GROUPS = 8;
    private static final int WIDTH = 1000, HEIGHT = 700;
    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    private static final Color OTHER = new Color(0xbbbbbb);
    /** Bins of the P(like) histogram, and the seed of its random unrated pairs (the same pairs every run). */
    static final int SCORE_BINS = 20;
    static final long RANDOM_PAIRS_SEED = 0x5c07e5L;

    static {
        // No display on a server: render off-screen. Must be set before AWT initialises.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /** Writes every chart into {@code dir} (created if needed) and returns the files in order. */
    public static List<Path> writeAll(Path dir, TwoTowerModel model, Recommender recommender, List<EpochStats> history,
                                      Dataset dataset, int[] testRows) throws IOException {
        AtomicFiles.createFolder(dir);
        List<Path> written = new ArrayList<>();
        written.add(save(lossChart(history), dir.resolve("loss.png")));
        written.add(save(itemMap(model.catalog(), recommender.itemVectors(), model.embeddingDim()), dir.resolve("item_map.png")));
        float[][] trueAndPredicted = testPredictions(recommender, dataset, testRows);
        boolean implicit = model.config().objective() == ModelConfig.Objective.IMPLICIT;
        written.add(save(ratingsBox(trueAndPredicted[0], trueAndPredicted[1], implicit), dir.resolve("ratings_box.png")));
        if (implicit) {
            int[][] pairs = randomUnratedPairs(dataset, testRows, new Rng(RANDOM_PAIRS_SEED));
            float[] unrated = new float[pairs[0].length];
            for (int k = 0; k < unrated.length; k++) unrated[k] = recommender.predict(pairs[0][k], pairs[1][k]);
            written.add(save(scoresHistogram(trueAndPredicted[1], unrated), dir.resolve("scores_hist.png")));
        } else {
            written.add(save(ratingsHistogram(trueAndPredicted[0], trueAndPredicted[1],
                    model.features().minRating(), model.features().maxRating()), dir.resolve("ratings_hist.png")));
        }
        return written;
    }

    /**
     * Renders the chart to PNG bytes in memory, then writes them whole. The encoder writes to a memory
     * cache, not to ImageIO's default disk cache (a temporary file that a full disk leaves half-written).
     */
    static Path save(JFreeChart chart, Path png) throws IOException {
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            if (!ImageIO.write(image, "png", out)) throw new IllegalStateException("this Java runtime has no PNG encoder");
        }
        AtomicFiles.write(png, bytes.toByteArray());
        return png;
    }

    /** Training and validation loss against the epoch. */
    static JFreeChart lossChart(List<EpochStats> history) {
        XYSeries train = new XYSeries("training loss");
        XYSeries validation = new XYSeries("validation loss");
        for (EpochStats e : history) {
            train.add(e.epoch(), e.trainLoss());
            if (!Double.isNaN(e.validationLoss())) validation.add(e.epoch(), e.validationLoss());
        }
        XYSeriesCollection data = new XYSeriesCollection(train);
        if (validation.getItemCount() > 0) data.addSeries(validation);
        JFreeChart chart = ChartFactory.createXYLineChart("Loss per epoch", "epoch", "mean loss", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesPaint(s, PALETTE[s]);
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    /** Item vectors (numItems, d) on their first two principal components, coloured by group. */
    static JFreeChart itemMap(Catalog catalog, float[] itemVectors, int d) {
        int n = catalog.numItems();
        Pca pca = Pca.fit(itemVectors, n, d, 2);
        double[] xy = pca.project(itemVectors, n);
        List<String> top = largestGroups(catalog, GROUPS);
        Map<String, XYSeries> byGroup = new LinkedHashMap<>();
        for (String g : top) byGroup.put(g, new XYSeries(g));
        XYSeries other = new XYSeries("other");
        for (int i = 0; i < n; i++) {
            XYSeries s = byGroup.getOrDefault(catalog.itemGroup(i), other);
            s.add(xy[2 * i], xy[2 * i + 1], false);
        }
        // "other" first so that the named groups are drawn on top of it.
        XYSeriesCollection data = new XYSeriesCollection();
        if (other.getItemCount() > 0) data.addSeries(other);
        for (XYSeries s : byGroup.values()) data.addSeries(s);
        JFreeChart chart = ChartFactory.createScatterPlot(
                String.format(Locale.ROOT, "Item vectors, first two principal components (%,d items)", n),
                String.format(Locale.ROOT, "PC1 (%.1f%% of variance)", 100 * pca.explainedRatio(0)),
                String.format(Locale.ROOT, "PC2 (%.1f%% of variance)", 100 * pca.explainedRatio(1)),
                data, PlotOrientation.VERTICAL, true, false, false);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT,
                "colour: main genre = the item's genre that the fewest items have (its most specific); %d largest groups", GROUPS)));
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        int offset = other.getItemCount() > 0 ? 1 : 0;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesShape(s, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            renderer.setSeriesPaint(s, s < offset ? OTHER : PALETTE[(s - offset) % PALETTE.length]);
        }
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    /** The k most frequent item groups, most frequent first (ties by name). */
    static List<String> largestGroups(Catalog catalog, int k) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < catalog.numItems(); i++) counts.merge(catalog.itemGroup(i), 1, Integer::sum);
        return counts.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Integer> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(k).map(Map.Entry::getKey).toList();
    }

    /** [0]: the true rating of every test row, [1]: the model's prediction for it. */
    static float[][] testPredictions(Recommender recommender, Dataset dataset, int[] testRows) {
        float[] truth = new float[testRows.length], predicted = new float[testRows.length];
        for (int r = 0; r < testRows.length; r++) {
            int row = testRows[r];
            truth[r] = dataset.rating(row);
            predicted[r] = recommender.predict(dataset.user(row), dataset.item(row));
        }
        return new float[][] {truth, predicted};
    }

    /** One box of predictions per distinct true rating. Outliers are left out to keep 20k points legible. */
    static JFreeChart ratingsBox(float[] truth, float[] predicted, boolean implicit) {
        Map<Float, List<Double>> byTruth = new TreeMap<>();
        for (int r = 0; r < truth.length; r++) byTruth.computeIfAbsent(truth[r], t -> new ArrayList<>()).add((double) predicted[r]);
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        for (Map.Entry<Float, List<Double>> e : byTruth.entrySet()) {
            BoxAndWhiskerItem full = BoxAndWhiskerCalculator.calculateBoxAndWhiskerStatistics(e.getValue());
            BoxAndWhiskerItem item = new BoxAndWhiskerItem(full.getMean(), full.getMedian(), full.getQ1(), full.getQ3(),
                    full.getMinRegularValue(), full.getMaxRegularValue(), null, null, List.of());
            data.add(item, "predicted", String.format(Locale.ROOT, "%s (n=%d)", e.getKey(), e.getValue().size()));
        }
        JFreeChart chart = ChartFactory.createBoxAndWhiskerChart(
                "Predicted " + (implicit ? "probability of liking" : "rating") + " for each true rating (test part)",
                "true rating", implicit ? "predicted probability" : "predicted rating", data, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BoxAndWhiskerRenderer renderer = (BoxAndWhiskerRenderer) plot.getRenderer();
        renderer.setSeriesPaint(0, PALETTE[0]);
        renderer.setMeanVisible(false); // JFreeChart draws the mean as a dot as wide as the box: it hides the median
        renderer.setMaximumBarWidth(0.08);
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    /** Counts per half star of the true ratings and of the predictions rounded to the nearest half star. */
    static JFreeChart ratingsHistogram(float[] truth, float[] predicted, float minRating, float maxRating) {
        int bins = Math.round((maxRating - minRating) * 2) + 1;
        int[] trueCounts = new int[bins], predictedCounts = new int[bins];
        for (int r = 0; r < truth.length; r++) {
            trueCounts[halfStarBin(truth[r], minRating, bins)]++;
            predictedCounts[halfStarBin(predicted[r], minRating, bins)]++;
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int b = 0; b < bins; b++) {
            String label = String.format(Locale.ROOT, "%.1f", minRating + 0.5f * b);
            data.addValue(trueCounts[b], "true rating", label);
            data.addValue(predictedCounts[b], "prediction (rounded to 0.5)", label);
        }
        JFreeChart chart = ChartFactory.createBarChart("Test ratings: true vs predicted, per half star", "rating",
                "test pairs", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getRenderer().setSeriesPaint(0, PALETTE[0]);
        plot.getRenderer().setSeriesPaint(1, PALETTE[1]);
        ((BarRenderer) plot.getRenderer())
                .setBarPainter(new StandardBarPainter());
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    /**
     * For every test row, its user and a random item that user never rated (in any part of the data),
     * drawn from {@code rng}: [0] the users, [1] the items. Users who rated every item are skipped.
     */
    static int[][] randomUnratedPairs(Dataset dataset, int[] testRows, Rng rng) {
        int items = dataset.numItems();
        Set<Long> rated = new HashSet<>();
        int[] ratedByUser = new int[dataset.numUsers()];
        for (int row = 0; row < dataset.size(); row++) {
            if (rated.add((long) dataset.user(row) * items + dataset.item(row))) ratedByUser[dataset.user(row)]++;
        }
        int[] users = new int[testRows.length], chosen = new int[testRows.length];
        int n = 0;
        for (int row : testRows) {
            int user = dataset.user(row);
            if (ratedByUser[user] == items) continue;
            int item;
            do item = rng.nextInt(items); while (rated.contains((long) user * items + item));
            users[n] = user;
            chosen[n++] = item;
        }
        return new int[][] {Arrays.copyOf(users, n), Arrays.copyOf(chosen, n)};
    }

    /** Histograms (bins of 0.05 over [0, 1]) of P(like) for the held-out pairs and for random unrated pairs. */
    static JFreeChart scoresHistogram(float[] heldOut, float[] unrated) {
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.RELATIVE_FREQUENCY);
        data.addSeries(String.format(Locale.ROOT, "held-out pairs (any rating; n=%,d)", heldOut.length), toDoubles(heldOut),
                SCORE_BINS, 0, 1);
        data.addSeries(String.format(Locale.ROOT, "random pairs the user never rated (n=%,d)", unrated.length),
                toDoubles(unrated), SCORE_BINS, 0, 1);
        JFreeChart chart = ChartFactory.createHistogram("Predicted probability of liking, test part", "predicted P(like)",
                "share of pairs", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, PALETTE[0]);
        renderer.setSeriesPaint(1, PALETTE[1]);
        plot.setForegroundAlpha(0.6f); // the two histograms overlap
        plot.getDomainAxis().setRange(0, 1);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    /** Index of the half star nearest to v, clamped to the scale: round((v − min) · 2). */
    static int halfStarBin(float v, float minRating, int bins) {
        int b = Math.round((v - minRating) * 2);
        return Math.max(0, Math.min(bins - 1, b));
    }
}
