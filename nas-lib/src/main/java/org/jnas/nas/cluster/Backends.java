package org.jnas.nas.cluster;

/** The places trials can run: {@code exp.config().backend(Backends.slurm().partition("gpu"))}. */
public final class Backends {
    private Backends() {}

    /** Threads of this JVM, one device each: the default. */
    public static Backend local() {
        return Local.INSTANCE;
    }

    /**
     * One Slurm job per trial, submitted with {@code sbatch} from this machine; set the partition,
     * resources and a directory the compute nodes share (see docs/cluster.md).
     */
    public static SlurmBackend slurm() {
        return SlurmBackend.DEFAULT;
    }

    /** The local backend's only value. */
    static final class Local implements Backend {
        static final Local INSTANCE = new Local();

        private Local() {}

        @Override
        public String toString() {
            return "local threads";
        }
    }
}
