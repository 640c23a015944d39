package io.twotower.engine.optim;

/**
 * An optimizer step produced a NaN or infinite weight, from a NaN or infinite gradient or a step too large
 * for float. The step has been applied (the weights named are unusable): keep a copy of good weights to go
 * back to, and lower the learning rate. Names the first parameter where it happened.
 */
public final class NonFiniteUpdateException extends ArithmeticException {
    private final String parameter;

    public NonFiniteUpdateException(String optimizer, String parameter) {
        super(optimizer + ": the update made " + parameter + " NaN or infinite (a NaN or infinite gradient, or a "
                + "step too large: try a lower learning rate)");
        this.parameter = parameter;
    }

    /** The name of the first parameter found with a non-finite weight. */
    public String parameter() { return parameter; }
}
