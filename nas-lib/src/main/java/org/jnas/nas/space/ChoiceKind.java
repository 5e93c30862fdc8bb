package org.jnas.nas.space;

/** The mutation primitive that declared a {@link Choice}. */
public enum ChoiceKind {
    /** {@link Sampler#layerChoice}: candidates are the indices of the candidate blocks. */
    LAYER,
    /** {@link Sampler#valueChoice}: candidates are the values themselves. */
    VALUE,
    /** {@link Sampler#inputChoice}: candidates are the sorted lists of chosen input indices. */
    INPUT,
    /** {@link Sampler#repeat}: candidates are the depths. */
    REPEAT
}
