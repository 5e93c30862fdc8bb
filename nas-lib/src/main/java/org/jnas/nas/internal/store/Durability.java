package org.jnas.nas.internal.store;

/** How hard each committed event is pushed to disk. */
public enum Durability {
    /**
     * Survives a killed process (SIGKILL, a crashed kernel): each committed event is in the
     * write-ahead log when its call returns (queued ones once committed, see
     * {@link ExperimentJournal}), without waiting for the disk. SQLite's {@code synchronous=NORMAL}
     * in WAL mode. The default.
     */
    PROCESS_CRASH,
    /**
     * Also survives power loss and OS crashes: every commit waits for the disk ({@code fsync}),
     * which costs milliseconds per commit on ordinary disks (events written together share one).
     * SQLite's {@code synchronous=FULL}.
     */
    POWER_LOSS
}
