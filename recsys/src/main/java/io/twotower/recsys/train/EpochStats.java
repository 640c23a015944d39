package io.twotower.recsys.train;

/**
 * One epoch's record: mean training loss, validation loss (NaN when there is no validation part),
 * the seconds spent in training steps only (no data loading, no validation) and the throughput.
 */
public record EpochStats(int epoch, double trainLoss, double validationLoss, double stepSeconds,
                         double examplesPerSecond) {
}
