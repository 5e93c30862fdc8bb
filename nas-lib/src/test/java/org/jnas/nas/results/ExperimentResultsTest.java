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
    void everyViewSaysWhyTrialsFailedOnceAReason() throws Exception {
        assertTrue(results.text().contains("\nWhy trials failed (each failed trial's error() holds its stack trace):\n"
                + "  trials 5, 13: java.lang.OutOfMemoryError: <too big> & more\n"), results.text());
        for (String html : List.of(results.liveHtml(), results.fullHtml())) {
            assertTrue(html.contains("trials 5, 13: <code style=\"color:#c62828\">java.lang.OutOfMemoryError: &lt;too big&gt;"
                    + " &amp; more</code>"), html);
            Xml.parse(html.replace("&middot;", "&#183;"));
        }
        ExperimentResults none = new Fixture(ExperimentStatus.DONE, List.of(), OptionalLong.of(5), Duration.ZERO,
                Optional.empty());
        assertFalse(none.text().contains("Why trials failed") || none.fullHtml().contains("jnas-failures"));
    }

    @Test
    void theReasonsWhyTrialsFailedStaySmallInALongSearch() {
        List<TrialRecord> trials = new java.util.ArrayList<>();
        for (long id = 1; id <= 9; id++) { // 9 trials of one reason, then 6 of their own
            trials.add(failed(id, "java.lang.IllegalArgumentException: the model scores 5 classes\n\tat Some.frame(X.java:1)"));
        }
        for (long id = 10; id <= 15; id++) {
            trials.add(failed(id, "java.lang.IllegalStateException: reason " + id + " " + "x".repeat(400)));
        }
        String text = new Fixture(ExperimentStatus.DONE, trials, OptionalLong.of(15), Duration.ZERO, Optional.empty()).text();
        String why = text.substring(text.indexOf("Why trials failed"));
        assertTrue(why.contains("\n  trials 1, 2, 3, 4, 5 and 4 more: java.lang.IllegalArgumentException: the model scores 5"
                + " classes\n  trial 10: java.lang.IllegalStateException: reason 10 x"), why);
        assertFalse(why.contains("Some.frame"), "the first line only");
        assertTrue(why.contains("\u2026\n  trial 11: "), "a long line is cut: " + why);
        assertTrue(why.endsWith("\n  and 4 other reasons\n"), why);
    }

    private static TrialRecord failed(long id, String error) {
        return new TrialRecord(id, org.jnas.nas.space.Sample.of(java.util.Map.of("conv2", 0, "dropout1", 0.25, "feature", 64)),
                org.jnas.nas.trial.TrialStatus.FAILED, Optional.of("cpu()"), ReportFixtures.T0, Optional.of(ReportFixtures.T0),
                Optional.of(ReportFixtures.T0.plusSeconds(1)), List.of(), java.util.Map.of(), Optional.of(error), List.of());
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
