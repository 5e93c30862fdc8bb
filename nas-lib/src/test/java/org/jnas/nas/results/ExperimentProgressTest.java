package org.jnas.nas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

class ExperimentProgressTest {
    private final List<TrialRecord> trials = ReportFixtures.trials();

    @Test
    void countsDoneRunningFailedAndBest() {
        ExperimentProgress p = ExperimentProgress.of(ExperimentStatus.RUNNING, trials, OptionalLong.of(40), Duration.ofSeconds(125), Direction.MAXIMIZE);
        assertEquals(18, p.done());
        assertEquals(OptionalLong.of(40), p.total());
        assertEquals(1, p.running());
        assertEquals(2, p.failed());
        TrialRecord best = trials.stream().filter(t -> t.metric().isPresent())
                .max((a, b) -> Double.compare(a.metric().getAsDouble(), b.metric().getAsDouble())).orElseThrow();
        assertEquals(best.metric().getAsDouble(), p.best().getAsDouble());
        assertEquals(best.id(), p.bestTrial().getAsLong());
        assertEquals(0.45, p.fraction(), 1e-12);
        ExperimentProgress min = ExperimentProgress.of(ExperimentStatus.RUNNING, trials, OptionalLong.empty(), Duration.ZERO,
                Direction.MINIMIZE);
        assertTrue(min.best().getAsDouble() < p.best().getAsDouble());
        assertTrue(min.total().isEmpty());
        assertTrue(Double.isNaN(min.fraction()));
        // a search DONE before its budget (a space smaller than maxTrials) has its bar full; one
        // without any limit still has none
        assertEquals(1.0, ExperimentProgress.of(ExperimentStatus.DONE, trials, OptionalLong.of(40), Duration.ZERO,
                Direction.MAXIMIZE).fraction());
        assertTrue(Double.isNaN(ExperimentProgress.of(ExperimentStatus.DONE, trials, OptionalLong.empty(), Duration.ZERO,
                Direction.MAXIMIZE).fraction()));
        assertEquals(0.45, ExperimentProgress.of(ExperimentStatus.STOPPED, trials, OptionalLong.of(40), Duration.ZERO,
                Direction.MAXIMIZE).fraction(), 1e-12, "a stopped search shows how far it got");
    }

    /**
     * A diverged trial (an infinite metric) is best nowhere: not in the progress line, not in the
     * table, not in the ranking the driver, the dashboard and exports use ({@link Direction#best}).
     */
    @Test
    void aTrialWithAnInfiniteMetricIsBestNowhere() throws Exception {
        Instant t0 = ReportFixtures.T0;
        List<TrialRecord> records = new ArrayList<>();
        double[] metrics = {0.6, Double.POSITIVE_INFINITY, 0.8, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < metrics.length; i++) {
            records.add(new TrialRecord(i + 1, Sample.of(Map.of("conv", i)), TrialStatus.SUCCEEDED, Optional.of("cpu()"), t0,
                    Optional.of(t0), Optional.of(t0.plusSeconds(1)), List.of(), Map.of("default", metrics[i]), Optional.empty(),
                    List.of()));
        }
        for (Direction direction : Direction.values()) {
            long expected = direction == Direction.MAXIMIZE ? 3 : 1;
            assertEquals(List.of(expected, direction == Direction.MAXIMIZE ? 1L : 3L),
                    direction.best(records, 5).stream().map(TrialRecord::id).toList());
            assertEquals(expected, ExperimentProgress.of(ExperimentStatus.DONE, records, OptionalLong.of(4), Duration.ZERO, direction)
                    .bestTrial().getAsLong());
            NodeList rows = Xml.parse(TrialTable.create(records, List.of(), direction).html()).getElementsByTagName("tr");
            assertEquals("best", rows.item(1).getAttributes().getNamedItem("class").getNodeValue());
            assertEquals(String.valueOf(expected), rows.item(1).getFirstChild().getTextContent());
        }
    }

    @Test
    void terminalLineHasABarAndTheFigures() {
        ExperimentProgress p = ExperimentProgress.of(ExperimentStatus.RUNNING, trials, OptionalLong.of(40), Duration.ofSeconds(125), Direction.MAXIMIZE);
        String line = p.line(20);
        assertTrue(line.startsWith("[#########...........] 18/40 trials  running 1  failed 2  best 0."), line);
        assertTrue(line.endsWith("(trial " + p.bestTrial().getAsLong() + ")  2:05  RUNNING"), line);
        assertFalse(line.contains("\n") || line.contains("\r"));
        String unbounded = ExperimentProgress.of(ExperimentStatus.CREATED, List.of(), OptionalLong.empty(), Duration.ofHours(2),
                Direction.MAXIMIZE).line();
        assertEquals("0 trials  running 0  failed 0  best -  2:00:00  CREATED", unbounded, "no limit, no bar to fill");
    }

    @Test
    void aSearchWithAMaximumDurationShowsTheTimeGone() throws Exception {
        ExperimentProgress timeOnly = ExperimentProgress.of(ExperimentStatus.RUNNING, trials, OptionalLong.empty(),
                Duration.ofSeconds(90), Direction.MAXIMIZE).withMaxDuration(Optional.of(Duration.ofMinutes(6)));
        assertEquals(0.25, timeOnly.fraction());
        assertTrue(timeOnly.line(20).startsWith("[#####...............] 18 trials  running 1"), timeOnly.line(20));
        assertTrue(timeOnly.line().endsWith("  1:30 of 6:00  RUNNING"), timeOnly.line());
        String html = timeOnly.html();
        Xml.parse(html.replace("&middot;", "&#183;"));
        assertTrue(html.contains("width:25.0%") && html.contains("elapsed 1:30 of 6:00"), html);
        // both limits: the search ends at whichever comes first, so the bar shows the nearer end
        ExperimentProgress trialsAhead = ExperimentProgress.of(ExperimentStatus.RUNNING, trials, OptionalLong.of(40),
                Duration.ofSeconds(90), Direction.MAXIMIZE).withMaxDuration(Optional.of(Duration.ofMinutes(6)));
        assertEquals(18 / 40.0, trialsAhead.fraction());
        assertEquals(1.0, trialsAhead.withMaxDuration(Optional.of(Duration.ofSeconds(80))).fraction(), "time is up");
        assertEquals(trialsAhead.fraction(), trialsAhead.withMaxDuration(Optional.empty()).fraction());
        assertFalse(trialsAhead.withMaxDuration(Optional.empty()).line().contains(" of "));
    }

    @Test
    void aOneShotSearchCountsItsSupernetEpochs() throws Exception {
        ExperimentProgress trialsOnly = ExperimentProgress.of(ExperimentStatus.RUNNING, List.of(), OptionalLong.empty(),
                Duration.ofSeconds(71), Direction.MAXIMIZE);
        assertFalse(trialsOnly.countsSupernetEpochs());
        assertEquals("[######..................] 3/12 supernet epochs  running 0  failed 0  best -  1:11  RUNNING",
                trialsOnly.withSupernetEpochs(3, 12, OptionalDouble.empty()).line());
        ExperimentProgress p = trialsOnly.withSupernetEpochs(3, 12, OptionalDouble.of(0.812));
        assertTrue(p.countsSupernetEpochs());
        assertEquals(0.25, p.fraction());
        assertEquals("[######..................] 3/12 supernet epochs  running 0  failed 0  best 0.8120 (epoch 3)  1:11  RUNNING",
                p.line(), "the supernet's latest epoch stands in for the final metric no trial has yet");
        String html = p.html();
        Xml.parse(html.replace("&middot;", "&#183;"));
        assertTrue(html.contains("width:25.0%") && html.contains("<b>3/12 supernet epochs</b>"), html);
        assertThrows(IllegalArgumentException.class, () -> trialsOnly.withSupernetEpochs(-1, 12, OptionalDouble.empty()));

        // within a long epoch the bar moves with its steps: 3 epochs and half the fourth of 12
        ExperimentProgress within = p.withEpochSteps(32, 64);
        assertEquals(3.5 / 12, within.fraction(), 1e-12);
        assertEquals("[#######.................] 3/12 supernet epochs (epoch 4: 32/64 steps)  running 0  failed 0"
                + "  best 0.8120 (epoch 3)  1:11  RUNNING", within.line());
        assertTrue(within.html().contains("<b>3/12 supernet epochs (epoch 4: 32/64 steps)</b>"), within.html());
        assertThrows(IllegalArgumentException.class, () -> p.withEpochSteps(65, 64));
        assertThrows(IllegalArgumentException.class, () -> new TrainingProgress(12, 0, 3, 2));
    }

    @Test
    void runningTrialsCountWithTheirShareOfTheirEpochsAndTheFirstThreeAreNamed() throws Exception {
        ExperimentProgress p = ExperimentProgress.of(ExperimentStatus.RUNNING, trials, OptionalLong.of(40), Duration.ofSeconds(125),
                Direction.MAXIMIZE);
        ExperimentProgress one = p.withTrialProgress(Map.of(19L, new TrainingProgress(4, 2, 16, 64)));
        assertEquals((18 + 2.25 / 4) / 40, one.fraction(), 1e-12);
        assertTrue(one.line(20).startsWith("[#########...........] 18/40 trials  running 1 (trial 19 epoch 3/4 25%)  failed 2  best 0."),
                one.line(20));
        assertTrue(one.html().contains(" &middot; running 1 (trial 19 epoch 3/4 25%) &middot; failed 2"), one.html());
        Xml.parse(one.html().replace("&middot;", "&#183;"));

        Map<Long, TrainingProgress> five = Map.of(23L, TrainingProgress.before(3), 21L, new TrainingProgress(3, 0, 1, 3),
                22L, new TrainingProgress(3, 2, 3, 3), 24L, new TrainingProgress(3, 1, 0, 3), 25L, new TrainingProgress(1, 0, 0, 9));
        String line = p.withTrialProgress(five).line();
        assertTrue(line.contains("running 1 (trial 21 epoch 1/3 33%, trial 22 epoch 3/3 100%, trial 23 epoch 1/3 0%, +2 more)"
                + "  failed 2"), "in id order, the first three: " + line);
        assertEquals(Math.min(1.0, (18 + (1 / 3.0 + 3 + 0 + 1 + 0) / 3) / 40), p.withTrialProgress(five).fraction(), 1e-12);
        assertEquals(p.line(), p.withTrialProgress(Map.of()).line());
        assertEquals(0, p.withTrialProgress(five).withSupernetEpochs(1, 4, OptionalDouble.empty()).trialProgress().size(),
                "a supernet's epochs are its progress");
    }

    @Test
    void aStoreProblemIsSaidAfterTheStatusInTheLineAndTheHtml() throws Exception {
        ExperimentProgress kept = ExperimentProgress.of(ExperimentStatus.RUNNING, trials, OptionalLong.of(40),
                Duration.ofSeconds(125), Direction.MAXIMIZE);
        assertEquals(Optional.empty(), kept.storeProblem());
        ExperimentProgress notKept = kept.withStoreProblem(Optional.of("database <locked>\nby another process"));
        assertEquals(kept.line() + "  results not kept: database <locked> by another process", notKept.line());
        String html = notKept.html();
        Xml.parse(html.replace("&middot;", "&#183;"));
        assertTrue(html.contains(">results not kept: database &lt;locked&gt; by another process</span>"), html);
        assertFalse(kept.html().contains("not kept"));
        assertEquals(kept, notKept.withStoreProblem(Optional.empty()));
    }

    @Test
    void htmlIsWellFormedAndShowsTheFigures() throws Exception {
        ExperimentProgress p = ExperimentProgress.of(ExperimentStatus.RUNNING, trials, OptionalLong.of(20), Duration.ofSeconds(61), Direction.MAXIMIZE);
        String html = p.html();
        Xml.parse(html.replace("&middot;", "&#183;"));
        assertTrue(html.contains("18/20 trials") && html.contains("failed 2") && html.contains("1:01")
                && html.contains("RUNNING") && html.contains("width:90.0%"), html);
    }

    @Test
    void skippedArchitecturesFollowTheFailedCountOnlyWhenThereAreSome() throws Exception {
        ExperimentProgress none = ExperimentProgress.of(ExperimentStatus.DONE, trials, OptionalLong.of(20), Duration.ofSeconds(61), Direction.MAXIMIZE);
        assertFalse(none.line().contains("skipped") || none.html().contains("skipped"), none.line());
        ExperimentProgress some = none.withSkipped(7);
        assertEquals(none.line().replace("  failed 2  ", "  failed 2  skipped 7  "), some.line());
        String html = some.html();
        Xml.parse(html.replace("&middot;", "&#183;"));
        assertTrue(html.contains("failed 2 &middot; <span class=\"jnas-skipped\"") && html.contains(">skipped 7</span>"), html);
        assertEquals(none, some.withSkipped(0));
        assertThrows(IllegalArgumentException.class, () -> none.withSkipped(-1));
    }
}
