package org.jnas.kernel.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import org.jnas.kernel.display.Display;
import org.jnas.kernel.display.DisplayHandle;
import org.jnas.kernel.display.DisplaySink;
import org.jnas.kernel.display.MimeBundle;
import org.jnas.kernel.display.Renderers;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.data.ArrayData;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.results.ArchitectureRanking;
import org.jnas.nas.results.Chart;
import org.jnas.nas.results.Html;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveExperimentViewsTest {
    @TempDir
    static Path home;

    /** What a kernel does with displays, with the "cell" a thread belongs to as the target. */
    private static class RecordingSink implements DisplaySink {
        record Update(MimeBundle bundle, Object target, String thread) {}

        static final ThreadLocal<String> CELL = new ThreadLocal<>();
        final List<Update> updates = new CopyOnWriteArrayList<>();

        @Override
        public void display(MimeBundle bundle) {}

        @Override
        public void update(MimeBundle bundle) {
            update(bundle, CELL.get());
        }

        @Override
        public Object currentTarget() {
            return CELL.get();
        }

        @Override
        public void update(MimeBundle bundle, Object target) {
            updates.add(new Update(bundle, target, Thread.currentThread().getName()));
        }

        @Override
        public void clearOutput(boolean wait) {}

        List<Update> of(String displayId) {
            return updates.stream().filter(u -> displayId.equals(u.bundle().displayId())).toList();
        }
    }

    private static ModelSpace space() {
        return ModelSpace.define("tiny", s -> new SequentialBlock()
                .add(Linear.builder().setUnits(s.valueChoice("units", 2, 4, 8, 16)).build()));
    }

    private static Experiment experiment(int trials, long sleepMillis) {
        TrialEvaluator fake = TrialEvaluator.functional(trial -> {
            int units = (Integer) trial.sample().get("units");
            Thread.sleep(sleepMillis);
            trial.reportIntermediate(units / 32.0);
            Thread.sleep(sleepMillis);
            trial.reportFinal(units / 16.0);
        });
        Experiment exp = Experiment.create(space(), fake, Strategy.random());
        exp.config().name("view").maxTrials(trials).trialConcurrency(2).devicePolicy(DevicePolicy.CPU).home(home);
        return exp;
    }

    private static MimeBundle renderIn(String cell, LiveExperimentViews views, Experiment exp) throws InterruptedException {
        MimeBundle[] out = new MimeBundle[1];
        Thread t = new Thread(() -> {
            RecordingSink.CELL.set(cell);
            out[0] = views.render(exp);
        });
        t.start();
        t.join();
        return out[0];
    }

    private static void assertFinal(RecordingSink sink, String displayId) {
        List<RecordingSink.Update> updates = sink.of(displayId);
        assertFalse(updates.isEmpty(), "no update for " + displayId);
        String last = updates.get(updates.size() - 1).bundle().data().get("text/plain");
        assertTrue(last.contains("DONE"), "the last update is not the final view: " + last);
    }

    @Test
    void oneViewPerExperimentUpdatesEveryOutputUnderItsCellAndStopsAtTheEnd() throws Exception {
        RecordingSink sink = new RecordingSink();
        Display.install(sink);
        LiveExperimentViews views = new LiveExperimentViews(Duration.ofMillis(50));
        Experiment exp = experiment(4, 120);
        exp.start();
        MimeBundle first = renderIn("cell-1", views, exp);
        MimeBundle second = renderIn("cell-2", views, exp);
        assertNotNull(first.displayId());
        assertNotNull(second.displayId());
        assertNotEquals(first.displayId(), second.displayId());
        assertTrue(first.data().get("text/html").contains("jnas-view"));
        assertEquals(1, views.activeViews(), "an experiment shown twice has one view");

        assertTrue(exp.await(Duration.ofSeconds(30)));
        // The final update is out before await() returns (a notebook's last cell awaiting the search gets it).
        assertFinal(sink, first.displayId());
        assertFinal(sink, second.displayId());
        assertEquals(0, views.activeViews(), "the view is dropped when the experiment ends");

        sink.of(first.displayId()).forEach(u -> assertEquals("cell-1", u.target(), "updates belong to the cell that showed the output"));
        sink.of(second.displayId()).forEach(u -> assertEquals("cell-2", u.target()));
        List<RecordingSink.Update> firstUpdates = sink.of(first.displayId());
        firstUpdates.subList(0, firstUpdates.size() - 1).forEach(u -> assertEquals("jnas-live-views", u.thread()));
        assertTrue(firstUpdates.size() >= 2, "live updates before the final one: " + firstUpdates.size());
        MimeBundle last = firstUpdates.get(firstUpdates.size() - 1).bundle();
        assertTrue(last.data().get("text/html").contains("<svg"), "the final update has the charts");
        assertTrue(last.data().get("text/plain").contains("4/4 trials"), last.data().get("text/plain"));
        for (var t : exp.trials()) {
            assertTrue(last.data().get("text/plain").contains(Html.number(t.metric().getAsDouble())),
                    "trial " + t.id() + " in " + last.data().get("text/plain"));
        }

        // No update can follow the final one: the view was dropped above (activeViews() == 0), and a
        // dropped view is marked finished, under the same monitor as its periodic tick, before its
        // final update goes out.
        // Unchanged data is not redrawn: far fewer updates than periods elapsed.
        assertTrue(firstUpdates.size() <= 2 * exp.trials().size() * 3 + 2, "updates: " + firstUpdates.size());
    }

    /** An epoch of minutes sends no trial event: the view is redrawn as the training's progress moves, and only then. */
    @Test
    void theLiveViewFollowsATrainingWithinItsEpoch() throws Exception {
        RecordingSink sink = new RecordingSink();
        Display.install(sink);
        LiveExperimentViews views = new LiveExperimentViews(Duration.ofMillis(50));
        Semaphore step = new Semaphore(0);
        TrialEvaluator stepping = TrialEvaluator.functional(trial -> {
            for (int done = 1; done <= 3; done++) {
                step.acquire();
                trial.reportProgress(new TrainingProgress(2, 0, done, 4));
            }
            step.acquire();
            trial.reportFinal(1);
        });
        Experiment exp = Experiment.create(space(), stepping, Strategy.random());
        exp.config().name("steps").maxTrials(1).devicePolicy(DevicePolicy.CPU).home(home);
        exp.start();
        MimeBundle shown = renderIn("cell-1", views, exp);
        for (int done = 1; done <= 3; done++) {
            step.release();
            String expected = "running 1 (trial 1 epoch 1/2 " + 25 * done + "%)";
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sink.of(shown.displayId()).stream().noneMatch(u -> u.bundle().data().get("text/plain").contains(expected))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(sink.of(shown.displayId()).stream().anyMatch(u -> u.bundle().data().get("text/plain").contains(expected)
                    && u.bundle().data().get("text/html").contains(expected)), expected + " never drawn: " + sink.of(shown.displayId()));
        }
        int updates = sink.of(shown.displayId()).size();
        Thread.sleep(300);
        assertEquals(updates, sink.of(shown.displayId()).size(), "nothing moved, nothing redrawn");
        step.release();
        assertTrue(exp.await(Duration.ofSeconds(30)));
        assertFinal(sink, shown.displayId());
    }

    /**
     * A view whose only change is its progress is redrawn no faster than its size allows (a one-shot
     * search's carries its probability chart): here 1,000 bytes a second for a view of over 1,000
     * bytes, so at most one progress-only redraw a second; the trial's end is drawn at once.
     */
    @Test
    void progressAloneRedrawsABigViewWithinItsByteBudget() throws Exception {
        RecordingSink sink = new RecordingSink();
        Display.install(sink);
        LiveExperimentViews views = new LiveExperimentViews(Duration.ofMillis(50), 1_000);
        Semaphore end = new Semaphore(0);
        Experiment exp = Experiment.create(space(), TrialEvaluator.functional(trial -> {
            for (int step = 1; !end.tryAcquire(); step = step % 99 + 1) {
                trial.reportProgress(new TrainingProgress(1, 0, step, 100)); // moves every 20 ms
                Thread.sleep(20);
            }
            trial.reportFinal(1);
        }), Strategy.random());
        exp.config().name("budget").maxTrials(1).devicePolicy(DevicePolicy.CPU).home(home);
        exp.start();
        MimeBundle shown = renderIn("cell-1", views, exp);
        Thread.sleep(3000);
        List<RecordingSink.Update> updates = sink.of(shown.displayId());
        long bytes = updates.isEmpty() ? 0 : updates.get(0).bundle().data().values().stream().mapToLong(String::length).sum();
        assertTrue(bytes > 1_000, "a view over the budget's second: " + bytes);
        assertTrue(updates.size() >= 1 && updates.size() <= 4, "progress-only redraws in 3 s: " + updates.size());
        end.release();
        assertTrue(exp.await(Duration.ofSeconds(30)));
        assertFinal(sink, shown.displayId());
    }

    /** A search that may run a minute: its clock and bar move once a second though no trial reports anything. */
    @Test
    void theLiveViewOfASearchWithAMaximumDurationShowsTheTimeGone() throws Exception {
        RecordingSink sink = new RecordingSink();
        Display.install(sink);
        LiveExperimentViews views = new LiveExperimentViews(Duration.ofMillis(50));
        Semaphore end = new Semaphore(0);
        Experiment exp = Experiment.create(space(), TrialEvaluator.functional(trial -> {
            end.acquire();
            trial.reportFinal(1);
        }), Strategy.random());
        exp.config().name("clock").maxTrials(1).maxDuration(Duration.ofMinutes(1)).devicePolicy(DevicePolicy.CPU).home(home);
        exp.start();
        MimeBundle shown = renderIn("cell-1", views, exp);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sink.of(shown.displayId()).stream().noneMatch(u -> u.bundle().data().get("text/plain").contains("0:02 of 1:00"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<String> lines = sink.of(shown.displayId()).stream().map(u -> u.bundle().data().get("text/plain")).toList();
            assertTrue(lines.stream().anyMatch(l -> l.contains("0:01 of 1:00")) && lines.stream().anyMatch(l -> l.contains("0:02 of 1:00")),
                    "the clock never moved: " + lines);
            assertTrue(lines.size() <= 6, "redrawn about once a second, not every 50 ms: " + lines.size());
        } finally {
            end.release();
        }
        assertTrue(exp.await(Duration.ofSeconds(30)));
        assertFinal(sink, shown.displayId());
    }

    /**
     * A one-shot search's supernet is one trial whose epochs report at their end: from the start
     * the view counts its epochs, and within one it counts the steps.
     */
    @Test
    void aOneShotSearchsLiveViewCountsItsSupernetsEpochsAndSteps() throws Exception {
        RecordingSink sink = new RecordingSink();
        Display.install(sink);
        LiveExperimentViews views = new LiveExperimentViews(Duration.ofMillis(50));
        // 4,800 examples of 4 features, their class the largest: 3,840 to train, halves of 1,920 in batches of 16
        Random random = new Random(7);
        float[] x = new float[4800 * 4];
        float[] y = new float[4800];
        for (int n = 0; n < 4800; n++) {
            for (int f = 0; f < 4; f++) {
                x[n * 4 + f] = (float) random.nextGaussian();
                y[n] = x[n * 4 + f] > x[n * 4 + (int) y[n]] ? f : y[n];
            }
        }
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(ArrayData.of(x, new Shape(4), y).split(0.8, 7)).optBatchSize(16).build();
        ModelSpace planted = ModelSpace.define("planted", s -> new SequentialBlock()
                .add(s.layerChoice("op", Activation::reluBlock, Activation::tanhBlock))
                .add(Linear.builder().setUnits(4).build()));
        Experiment exp = Experiment.create(planted, evaluator, OneShot.darts().epochs(2));
        exp.config().name("supernet").devicePolicy(DevicePolicy.CPU).home(home);
        exp.start();
        MimeBundle shown = renderIn("cell-1", views, exp);
        assertTrue(exp.await(Duration.ofSeconds(60)));
        List<String> lines = sink.of(shown.displayId()).stream().map(u -> u.bundle().data().get("text/plain").split("\n")[1]).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("0/2 supernet epochs (epoch 1: ") && l.contains("/120 steps)")),
                "within the first epoch: " + lines);
        assertTrue(lines.get(lines.size() - 1).contains("2/2 supernet epochs  running 0"), lines.get(lines.size() - 1));
    }

    @Test
    void displayReturnsTheHandleOfTheLiveOutput() throws Exception {
        NasRenderers.install();
        List<MimeBundle> shown = new CopyOnWriteArrayList<>();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void display(MimeBundle bundle) {
                shown.add(bundle);
            }
        };
        Display.install(sink);
        Experiment exp = experiment(2, 100);
        exp.start();
        DisplayHandle handle = Display.display(exp);
        assertEquals(1, shown.size());
        assertEquals(handle.id(), shown.get(0).displayId(), "display(exp) returns the live output's handle");
        assertTrue(exp.await(Duration.ofSeconds(20)));
        assertFinal(sink, handle.id());
    }

    @Test
    void anEndedExperimentShowsTheStaticFullView() throws Exception {
        Display.install(new RecordingSink());
        LiveExperimentViews views = new LiveExperimentViews(Duration.ofMillis(50));
        Experiment exp = experiment(2, 5);
        exp.run();
        MimeBundle b = renderIn("cell", views, exp);
        assertNull(b.displayId(), "nothing left to update");
        assertTrue(b.data().get("text/html").contains("<svg"));
        assertFalse(b.data().get("text/html").contains("<script"));
        assertEquals(0, views.activeViews());
    }

    @Test
    void nasValuesRenderAsHtmlSvgAndText() throws Exception {
        NasRenderers.install();
        MimeBundle space = Renderers.render(space());
        assertTrue(space.data().get("text/plain").startsWith("Model space 'tiny'"), space.data().get("text/plain"));
        assertTrue(space.data().get("text/html").contains("<td style=\"padding:2px 8px;border-bottom:1px solid #ddd;"
                + "vertical-align:top\">units</td>"), space.data().get("text/html"));

        MimeBundle sample = Renderers.render(Sample.of(Map.of("units", 8, "act", "<relu>")));
        assertTrue(sample.data().get("text/plain").contains("\"units\":8"), sample.data().get("text/plain"));
        assertTrue(sample.data().get("text/html").contains("&lt;relu&gt;"), "escaped: " + sample.data().get("text/html"));

        Experiment exp = experiment(2, 5);
        exp.run();
        var trial = exp.trials().get(0);
        MimeBundle record = Renderers.render(trial);
        assertTrue(record.data().get("text/plain").startsWith("Trial 1 SUCCEEDED"), record.data().get("text/plain"));
        assertTrue(record.data().get("text/html").contains("intermediates"));
        String metric = Html.number(trial.metric().getAsDouble());
        assertTrue(record.data().get("text/plain").contains("metrics {default=" + metric + "}"), record.data().get("text/plain"));
        assertTrue(record.data().get("text/html").contains(">" + metric + "</td>"), record.data().get("text/html"));

        MimeBundle chart = Renderers.render(Chart.metricPerTrial(exp));
        assertTrue(chart.data().get("image/svg+xml").startsWith("<svg"));
        assertTrue(chart.data().get("image/png").length() > 100);
        assertTrue(chart.data().get("text/plain").startsWith("Chart: "));

        // a multi-trial search ranks nothing: still a value that says so, not Object's toString
        MimeBundle ranking = Renderers.render(ArchitectureRanking.of(exp));
        assertEquals("No architecture ranking: not a one-shot search, or its supernet has completed no epoch",
                ranking.data().get("text/plain"));
        assertTrue(ranking.data().get("text/html").contains("No architecture ranking"), ranking.data().get("text/html"));

        MimeBundle table = Renderers.render(exp.trialTable());
        assertTrue(table.data().get("text/html").contains("<table"));
        assertTrue(table.data().get("text/plain").contains("units"));

        MimeBundle viewed = Renderers.render(Experiment.view(home, exp.id()));
        assertNull(viewed.displayId());
        for (var t : exp.trials()) {
            assertTrue(viewed.data().get("text/plain").contains(Html.number(t.metric().getAsDouble())),
                    "stored trial " + t.id() + " in " + viewed.data().get("text/plain"));
        }
        assertTrue(viewed.data().get("text/html").contains("<svg"));

        MimeBundle list = Renderers.render(Experiment.list(home));
        assertTrue(list.data().get("text/html").contains("data-id=\"" + exp.id() + "\""), list.data().get("text/html"));
        assertTrue(list.data().get("text/plain").contains(exp.id()));
    }

    @Test
    void theLiveAndFinalViewsSayWhenACancelledTrialsCodeStillRuns() throws Exception {
        Semaphore never = new Semaphore(0);
        // JDK code that ignores both the stop request and the interrupt: nothing can stop it.
        TrialEvaluator stuck = trial -> never.acquireUninterruptibly();
        try (Experiment exp = Experiment.create(space(), stuck, Strategy.gridSearch())) {
            exp.config().name("stuck").maxTrials(1).devicePolicy(DevicePolicy.CPU)
                    .stopGracePeriod(Duration.ofMillis(100)).home(home);
            exp.start();
            while (exp.progress().running() == 0) {
                Thread.sleep(5);
            }
            exp.stop();
            assertTrue(exp.await(Duration.ofSeconds(20)));
            for (MimeBundle b : List.of(LiveExperimentViews.liveBundle(exp), LiveExperimentViews.finalBundle(exp))) {
                assertTrue(b.data().get("text/html").contains("code of 1 cancelled trial still runs"), b.data().get("text/html"));
                assertTrue(b.data().get("text/plain").contains("code of 1 cancelled trial still runs"), b.data().get("text/plain"));
            }
        } finally {
            never.release();
        }
    }

    @Test
    void theLiveAndFinalViewsOfAMultiObjectiveSearchMarkTheParetoFront() throws Exception {
        // accuracy and size both grow with the units: every architecture is on the front
        TrialEvaluator sized = TrialEvaluator.functional(trial -> {
            int units = (Integer) trial.sample().get("units");
            trial.reportFinal(Map.of("default", units / 16.0, "params", units * 100.0));
        });
        try (Experiment exp = Experiment.create(space(), sized, Strategy.gridSearch())) {
            exp.config().name("pareto").maxTrials(4).devicePolicy(DevicePolicy.CPU).home(home)
                    .objectives(Objective.maximize("default"), Objective.minimize("params"));
            exp.run();
            MimeBundle live = LiveExperimentViews.liveBundle(exp);
            MimeBundle fin = LiveExperimentViews.finalBundle(exp);
            for (MimeBundle b : List.of(live, fin)) {
                assertTrue(b.data().get("text/html").contains(">pareto</th>"), b.data().get("text/html"));
                assertEquals(4, b.data().get("text/html").split("class=\"(?:best )?pareto\"", -1).length - 1, b.data().get("text/html"));
                assertTrue(b.data().get("text/plain").contains("pareto"), b.data().get("text/plain"));
            }
            assertTrue(fin.data().get("text/html").contains("Pareto front: final metric against params"));
        }
    }
}
