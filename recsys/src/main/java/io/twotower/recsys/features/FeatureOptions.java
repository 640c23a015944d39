package io.twotower.recsys.features;

/**
 * Options for {@link FeaturePipeline#fit}.
 *
 * @param interactionStats table format only: add each user's and item's training rating count and
 *                         average rating as features (default true). MovieLens features always
 *                         include them: they are the MovieLens recipe.
 */
public record FeatureOptions(boolean interactionStats) {

    /** The defaults: interaction statistics on. */
    public static FeatureOptions defaults() {
        return new FeatureOptions(true);
    }

    /** Shorthand for {@code defaults().withInteractionStats(on)}. */
    public static FeatureOptions interactionStats(boolean on) {
        return new FeatureOptions(on);
    }

    /** A copy with {@code interactionStats} set. */
    public FeatureOptions withInteractionStats(boolean on) {
        return new FeatureOptions(on);
    }
}
