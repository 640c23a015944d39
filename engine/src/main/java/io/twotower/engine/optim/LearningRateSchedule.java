package io.twotower.engine.optim;

/** The learning rate as a function of the optimizer step (0 for the first step). */
@FunctionalInterface
public interface LearningRateSchedule {
    float rate(long step);

    /** rate(step) = x. */
    static LearningRateSchedule constant(float x) {
        requirePositive("constant", x);
        return step -> x;
    }

    /** Step decay: rate(step) = x · gamma^floor(step / every). */
    static LearningRateSchedule step(float x, long every, float gamma) {
        requirePositive("step", x);
        if (every < 1) throw new IllegalArgumentException("step schedule: every must be >= 1, got " + every);
        if (!(gamma > 0f)) throw new IllegalArgumentException("step schedule: gamma must be positive, got " + gamma);
        return step -> (float) (x * Math.pow(gamma, Math.floorDiv(step, every)));
    }

    /**
     * Cosine decay from x to minRate over totalSteps, then flat at minRate:
     * rate(step) = minRate + (x - minRate) · (1 + cos(π · step / totalSteps)) / 2.
     */
    static LearningRateSchedule cosine(float x, long totalSteps, float minRate) {
        requirePositive("cosine", x);
        if (totalSteps < 1) throw new IllegalArgumentException("cosine schedule: totalSteps must be >= 1, got " + totalSteps);
        if (!(minRate >= 0f && minRate <= x)) throw new IllegalArgumentException("cosine schedule: minRate must be in [0, " + x + "], got " + minRate);
        return step -> {
            if (step >= totalSteps) return minRate;
            double progress = (double) step / totalSteps;
            return (float) (minRate + (x - minRate) * 0.5 * (1.0 + Math.cos(Math.PI * progress)));
        };
    }

    private static void requirePositive(String kind, float x) {
        if (!(x > 0f) || !Float.isFinite(x)) throw new IllegalArgumentException(kind + " schedule: learning rate must be positive, got " + x);
    }
}
