package org.jnas.nas.oneshot;

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
}
