package org.jnas.nas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The views every experiment's results share: live, full (charts) and text. */
class ExperimentResultsTest {

    /** Results as a record: what the views are drawn from. */
    private record Fixture(ExperimentStatus status, List<TrialRecord> trials, OptionalLong maxTrials, Duration elapsed,
            Optional<String> storeProblem) implements ExperimentResults {
        @Override
        public String id() {
            return "fixture";
        }

        @Override
        public Direction direction() {
            return Direction.MAXIMIZE;
        }

        @Override
        public List<Choice> choices() {
            return ReportFixtures.CHOICES;
        }
    }

    private final ExperimentResults results = new Fixture(ExperimentStatus.RUNNING, ReportFixtures.trials(),
            OptionalLong.of(20), Duration.ofSeconds(90), Optional.empty());

    @Test
    void liveViewIsProgressAndAScriptFreeTable() throws Exception {
        String html = results.liveHtml();
        assertFalse(html.contains("<script") || html.contains("<svg"));
        Document doc = Xml.parse(html.replace("&middot;", "&#183;"));
        assertEquals(21, doc.getElementsByTagName("tr").getLength());
        assertTrue(html.contains("18/20 trials"));
    }

    @Test
    void fullViewAddsTheThreeChartsAsInlineSvg() throws Exception {
        String html = results.fullHtml();
        Document doc = Xml.parse(html.replace("&middot;", "&#183;"));
        assertEquals(3, doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength());
        assertFalse(html.contains("<script"));
        assertTrue(results.fullHtml(true).contains("<script>"));
        String empty = new Fixture(ExperimentStatus.CREATED, List.of(), OptionalLong.of(5), Duration.ZERO,
                Optional.empty()).fullHtml();
        assertFalse(empty.contains("<svg"), "no charts without data");
    }

    @Test
    void textViewStartsWithTheProgressLine() {
        String text = results.text();
        assertTrue(text.startsWith(results.progress().line() + "\n\ntrial  status"), text);
    }

    @Test
    void everyViewSaysWhenTheResultsAreNotKept() {
        assertFalse(results.text().contains("not kept") || results.fullHtml().contains("not kept"));
        ExperimentResults notKept = new Fixture(ExperimentStatus.DONE, ReportFixtures.trials(), OptionalLong.of(20),
                Duration.ofSeconds(90), Optional.of("database locked by another process"));
        String said = "results not kept: database locked by another process";
        assertEquals(Optional.of("database locked by another process"), notKept.progress().storeProblem());
        assertTrue(notKept.progress().line().endsWith("DONE  " + said), notKept.progress().line());
        assertTrue(notKept.text().contains(said), notKept.text());
        assertTrue(notKept.liveHtml().contains(said), notKept.liveHtml());
        assertTrue(notKept.fullHtml().contains(said), notKept.fullHtml());
    }

    @Test
    void bestTrialIsTheDirectionsBest() {
        assertEquals(Direction.MAXIMIZE.best(results.trials(), 1).get(0), results.bestTrial().orElseThrow());
        assertEquals(results.bestTrial().orElseThrow().id(), results.progress().bestTrial().getAsLong());
    }
}
