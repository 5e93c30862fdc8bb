package org.jnas.nas.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * A worker JVM's watch, on one daemon thread for all the trials the worker runs: asks the current
 * trial to stop when its stop file appears or Slurm signals USR1 (the job's time limit is near),
 * and ends the JVM when the experiment's heartbeat goes stale, running a trial or idle.
 */
final class WorkerWatch {
    private static final long WATCH_MILLIS = 200;

    private final SharedDirectory dir;
    private final long heartbeatTimeoutMillis;
    private final AtomicBoolean timeLimitNear = new AtomicBoolean();
    /** The trial running now, or null while the worker is idle. */
    private volatile Watched current;

    private record Watched(Path stopFile, WorkerTrial trial, EventsFile.Writer events) {}

    private WorkerWatch(SharedDirectory dir, long heartbeatTimeoutMillis) {
        this.dir = dir;
        this.heartbeatTimeoutMillis = heartbeatTimeoutMillis;
    }

    /**
     * Installs the USR1 handler first, so that a signal Slurm sends early (it may come up to a
     * minute before the time it was asked for) is not lost (the job script ignores USR1 until this
     * handler replaces it), then starts watching.
     */
    static WorkerWatch start(SharedDirectory dir, long heartbeatTimeoutMillis) {
        WorkerWatch watch = new WorkerWatch(dir, heartbeatTimeoutMillis);
        Signal.handle(new Signal("USR1"), s -> {
            Watched w = watch.current;
            if (!watch.timeLimitNear.getAndSet(true) && w != null) {
                w.events().write("log", "line", "Slurm's time limit is near: the trial is asked to stop");
            }
        });
        // scancel (of an idle worker, or of a trial past its grace period) ends the JVM at once: every
        // report is already in the events file, and shutdown hooks would only keep the job COMPLETING
        Signal.handle(new Signal("TERM"), s -> Runtime.getRuntime().halt(143));
        Thread t = new Thread(watch::loop, "jnas-worker-watch");
        t.setDaemon(true);
        t.start();
        return watch;
    }

    /** Watches {@code trial} until {@link #idle}. */
    void watching(Path stopFile, WorkerTrial trial, EventsFile.Writer events) {
        current = new Watched(stopFile, trial, events);
    }

    void idle() {
        current = null;
    }

    boolean timeLimitNear() {
        return timeLimitNear.get();
    }

    private void loop() {
        Watched stopped = null;
        while (true) {
            try {
                Thread.sleep(WATCH_MILLIS);
                Watched w = current;
                if (w != null && w != stopped && (timeLimitNear.get() || Files.exists(w.stopFile()))) {
                    stopped = w;
                    w.trial().requestStop();
                }
                long age = System.currentTimeMillis() - Files.getLastModifiedTime(dir.heartbeat()).toMillis();
                if (age > heartbeatTimeoutMillis) {
                    if (w != null) {
                        w.events().write("log", "line", "the experiment's heartbeat is " + age / 1000
                                + " s old: its JVM is gone, so this worker ends itself");
                        w.events().close();
                    }
                    System.out.println("jnas worker: the experiment's heartbeat is " + age / 1000 + " s old; ending");
                    System.out.flush();
                    Runtime.getRuntime().halt(3);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a heartbeat briefly unreadable (being rewritten) is not a dead experiment
            }
        }
    }
}
