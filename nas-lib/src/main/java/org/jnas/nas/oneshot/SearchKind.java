package org.jnas.nas.oneshot;

import java.util.Random;

/** What a one-shot search does each step, and the name messages and the store give it. */
enum SearchKind {
    DARTS("DARTS"),
    GUMBEL_DARTS("GumbelDARTS"),
    GDAS("GDAS"),
    RANDOM("RandomOneShot"),
    PROXYLESS("Proxyless"),
    ENAS("ENAS");

    private final String title;

    SearchKind(String title) {
        this.title = title;
    }

    /** The name users know the search by, e.g. {@code GumbelDARTS}. */
    String title() {
        return title;
    }

    /**
     * How the kind's steps weigh the candidates: {@code gumbel} is GumbelDARTS's and GDAS's noise
     * (null for the others), {@code paths} the search's random draws.
     */
    Relaxation relaxation(Relaxation.Gumbel gumbel, Random paths) {
        return switch (this) {
            case GUMBEL_DARTS -> gumbel;
            case GDAS -> new HardGumbel(gumbel);
            case PROXYLESS -> new ProxylessGates(paths);
            default -> Relaxation.SOFTMAX;
        };
    }
}
