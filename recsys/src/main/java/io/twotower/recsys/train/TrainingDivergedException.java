package io.twotower.recsys.train;

/** The loss or a weight became NaN or infinite: training stops, the last good weights are kept. */
public final class TrainingDivergedException extends RuntimeException {
    private static final String ADVICE = "try a lower learning rate (--lr)";

    /** What happened, without advice: "training diverged: the loss is NaN at epoch 2, step 117". */
    private final String what;
    private final int epoch;
    private final int step;

    public TrainingDivergedException(int epoch, int step, double loss) {
        this("training diverged: the loss is " + loss + " at epoch " + epoch + ", step " + step, ADVICE, epoch, step);
    }

    /** The update of this step made a weight NaN or infinite although the loss was still finite. */
    public TrainingDivergedException(int epoch, int step, String parameter) {
        this("training diverged: the update made " + parameter + " NaN or infinite at epoch " + epoch + ", step " + step,
                ADVICE, epoch, step);
    }

    private TrainingDivergedException(String what, String advice, int epoch, int step) {
        super(what + "; " + advice);
        this.what = what;
        this.epoch = epoch;
        this.step = step;
    }

    /**
     * The same divergence with other advice, e.g. where the last good weights were saved and how to go
     * on from them: {@code training diverged: ... at epoch 2, step 117; <advice>}.
     */
    public TrainingDivergedException withAdvice(String advice) {
        TrainingDivergedException e = new TrainingDivergedException(what, advice, epoch, step);
        e.initCause(this);
        return e;
    }

    public int epoch() { return epoch; }
    public int step() { return step; }
}
