package org.jnas.nas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.jnas.nas.Direction;
import org.jnas.nas.ExperimentStatus;
import org.jnas.nas.TrialRecord;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final List<TrialRecord> trials = ReportFixtures.trials();

    @Test
    void countsDoneRunningFailedAndBest() {
        Progress p = Progress.of(ExperimentStatus.RUNNING, trials, 40, Duration.ofSeconds(125), Direction.MAXIMIZE);
        assertEquals(18, p.done());
        assertEquals(40, p.total());
        assertEquals(1, p.running());
        assertEquals(2, p.failed());
        TrialRecord best = trials.stream().filter(t -> t.metric().isPresent())
                .max((a, b) -> Double.compare(a.metric().getAsDouble(), b.metric().getAsDouble())).orElseThrow();
        assertEquals(best.metric().getAsDouble(), p.best().getAsDouble());
        assertEquals(best.id(), p.bestTrial().getAsLong());
        assertEquals(0.45, p.fraction(), 1e-12);
        Progress min = Progress.of(null, trials, Long.MAX_VALUE, Duration.ZERO, Direction.MINIMIZE);
        assertTrue(min.best().getAsDouble() < p.best().getAsDouble());
        assertEquals(-1, min.total());
    }

    @Test
    void terminalLineHasABarAndTheFigures() {
        Progress p = Progress.of(ExperimentStatus.RUNNING, trials, 40, Duration.ofSeconds(125), Direction.MAXIMIZE);
        String line = p.line(20);
        assertTrue(line.startsWith("[#########...........] 18/40 trials  running 1  failed 2  best 0."), line);
        assertTrue(line.endsWith("(trial " + p.bestTrial().getAsLong() + ")  2:05  RUNNING"), line);
        assertFalse(line.contains("\n") || line.contains("\r"));
        String unbounded = Progress.of(null, List.of(), Long.MAX_VALUE, Duration.ofHours(2), Direction.MAXIMIZE).line();
        assertEquals("[........................] 0 trials  running 0  failed 0  best -  2:00:00", unbounded);
    }

    @Test
    void htmlIsWellFormedAndShowsTheFigures() throws Exception {
        Progress p = Progress.of(ExperimentStatus.DONE, trials, 20, Duration.ofSeconds(61), Direction.MAXIMIZE);
        String html = p.html();
        Xml.parse(html.replace("&middot;", "&#183;"));
        assertTrue(html.contains("18/20 trials") && html.contains("failed 2") && html.contains("1:01")
                && html.contains("DONE") && html.contains("width:90.0%"), html);
    }
}
