package org.jnas.nas.cluster;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The batch script of a Slurm job that starts a worker JVM ({@link SlurmWorker}). */
final class JobScript {
    private JobScript() {}

    /**
     * The script of trial {@code id}'s attempt: resources as #SBATCH lines, the output to the job's
     * log, the setup, then the worker JVM in the shell's place (so that Slurm's signals reach it).
     */
    static String of(SlurmBackend settings, SharedDirectory dir, String jobName, List<Path> classPath, long id,
            int attempt, boolean keepWeights, boolean reuse) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("#SBATCH --job-name=").append(jobName).append('\n');
        s.append("#SBATCH --output=").append(dir.workers().resolve("%j.log")).append('\n');
        s.append("#SBATCH --no-requeue\n");
        s.append("#SBATCH --cpus-per-task=").append(settings.cpusPerTrial()).append('\n');
        if (settings.gpusPerTrial() > 0) {
            s.append("#SBATCH --gres=gpu:").append(settings.gpusPerTrial()).append('\n');
        }
        settings.partition().ifPresent(p -> s.append("#SBATCH --partition=").append(p).append('\n'));
        settings.memory().ifPresent(m -> s.append("#SBATCH --mem=").append(m).append('\n'));
        settings.timeMinutes().ifPresent(m -> {
            s.append("#SBATCH --time=").append(m).append('\n');
            // asked to stop before the limit; Slurm sends it up to a minute late, so at most halfway
            s.append("#SBATCH --signal=B:USR1@").append(Math.min(60, m * 30)).append('\n');
        });
        s.append("set -e\n");
        // a USR1 that comes before the worker's handler must not kill the job: ignored here, and
        // the JVM that replaces this shell installs its own handler
        settings.timeMinutes().ifPresent(m -> s.append("trap '' USR1\n"));
        s.append("cd ").append(quote(dir.root.toString())).append('\n');
        settings.setup().forEach(line -> s.append(line).append('\n'));
        s.append("exec ").append(quote(settings.java().toString()));
        settings.javaOptions().forEach(o -> s.append(' ').append(quote(o)));
        s.append(" -cp ").append(quote(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
        s.append(' ').append(SlurmWorker.class.getName()).append(' ').append(quote(dir.root.toString())).append(' ')
                .append(id).append(' ').append(attempt).append(' ').append(settings.heartbeatTimeout().toMillis()).append(' ')
                .append(keepWeights).append(' ').append(reuse).append('\n');
        return s.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
