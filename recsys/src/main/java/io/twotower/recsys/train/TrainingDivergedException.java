package io.twotower.recsys.train;

/** The loss or a weight became NaN or infinite: training stops, the last good weights are kept. */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final int step;

    public TrainingDivergedException(int epoch, int step, double loss) {
        super("training diverged: the loss is " + loss + " at epoch " + epoch + ", step " + step
                + "; try a lower learning rate (--lr)");
        this.epoch = epoch;
        this.step = step;
    }

    /** The update of this step made a weight NaN or infinite although the loss was still finite. */
    public TrainingDivergedException(int epoch, int step, String parameter) {
        super("training diverged: the update made " + parameter + " NaN or infinite at epoch " + epoch + ", step " + step
                + "; try a lower learning rate (--lr)");
        this.epoch = epoch;
        this.step = step;
    }

    public int epoch() { return epoch; }
    public int step() { return step; }
}
