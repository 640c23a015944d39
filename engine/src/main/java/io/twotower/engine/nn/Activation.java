package io.twotower.engine.nn;

/** The nonlinearity a {@link Dense} layer applies after x · W + b. */
public enum Activation {
    /** Identity: y = z. */
    LINEAR,
    /** y = max(0, z). */
    RELU,
    /** y = 1 / (1 + e^-z). */
    SIGMOID
}
