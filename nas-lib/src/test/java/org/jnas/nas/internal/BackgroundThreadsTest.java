package org.jnas.nas.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jnas.nas.Experiment;
import org.jnas.nas.Quickstart;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.ui.Dashboard;
import org.junit.jupiter.api.Test;

/**
 * JShell's local execution joins every thread of the snippet's thread group: background threads
 * that an experiment or a dashboard starts from a cell must live outside the caller's group, or
 * the cell could wait for the whole search. This runs the calls in a thread of a group standing in
 * for a snippet's and checks where the threads they start end up.
 */
class BackgroundThreadsTest {

    @Test
    void experimentAndDashboardThreadsLiveOutsideTheCallersThreadGroup() throws Exception {
        ThreadGroup snippetGroup = new ThreadGroup("snippet");
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        TrialEvaluator waiting = TrialEvaluator.functional(trial -> {
            running.countDown();
            release.await(10, TimeUnit.SECONDS);
            trial.reportFinal(1);
        });
        try (Experiment exp = Experiment.create(Quickstart.space(), waiting, Strategy.random())) {
            exp.config().trialConcurrency(2).maxTrials(2).persist(false);
            Dashboard[] dashboard = new Dashboard[1];
            Thread snippet = new Thread(snippetGroup, () -> {
                exp.start();
                dashboard[0] = exp.dashboard(0);
            }, "snippet");
            snippet.start();
            snippet.join(10_000);
            assertFalse(snippet.isAlive(), "start() and dashboard() returned");
            assertTrue(running.await(10, TimeUnit.SECONDS), "both trials started");
            List<Thread> jnasThreads = threadsNamed("jnas-");
            assertTrue(jnasThreads.stream().anyMatch(t -> t.getName().startsWith("jnas-driver")), jnasThreads.toString());
            assertTrue(jnasThreads.stream().anyMatch(t -> t.getName().startsWith("jnas-trial")), jnasThreads.toString());
            // Libraries' own process-wide threads (JNA's cleaner, started by whoever first loads
            // JNA) may land there; JNAS's threads and the dashboard server's must not.
            List<String> left = inGroup(snippetGroup);
            left.remove("JNA Cleaner");
            assertTrue(left.isEmpty(), "threads left in the caller's group: " + left);
            release.countDown();
            assertTrue(exp.await(Duration.ofSeconds(20)));
            dashboard[0].close();
        }
    }

    private static List<Thread> threadsNamed(String prefix) {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<String> inGroup(ThreadGroup group) {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int n = group.enumerate(threads);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(threads[i].getName());
        }
        return names;
    }
}
