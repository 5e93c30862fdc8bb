package org.jnas.nas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * What a notebook receives from a long search: the live view sent every second and the final view
 * it keeps must not grow with the number of trials, while the whole table stays one call away.
 * Sizes are asserted in bytes (deterministic), never times.
 */
class ExperimentResultsAtScaleTest {
    private static final int TRIALS = 10_000;

    private record Search(ExperimentStatus status, List<TrialRecord> trials) implements ExperimentResults {
        @Override
        public String id() {
            return "long-search";
        }

        @Override
        public Direction direction() {
            return Direction.MAXIMIZE;
        }

        @Override
        public List<Choice> choices() {
            return ReportFixtures.CHOICES;
        }

        @Override
        public OptionalLong maxTrials() {
            return OptionalLong.of(TRIALS);
        }

        @Override
        public Duration elapsed() {
            return Duration.ofHours(3);
        }
    }

    private static final Search RUNNING = new Search(ExperimentStatus.RUNNING, ReportFixtures.manyTrials(TRIALS, 8));
    private static final Search DONE = new Search(ExperimentStatus.DONE, ReportFixtures.manyTrials(TRIALS, 0));

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int tableRows(String html) throws Exception {
        Document doc = Xml.parse(html.replace("&middot;", "&#183;"));
        return doc.getElementsByTagName("tbody").item(0).getChildNodes().getLength();
    }

    @Test
    void liveUpdateOfTenThousandTrialsIsAtMost100KB() throws Exception {
        String html = RUNNING.liveHtml();
        String text = RUNNING.text();
        assertTrue(bytes(html) + bytes(text) <= 100_000, "live update " + (bytes(html) + bytes(text)) + " bytes");
        assertEquals(20 + 8, tableRows(html), "the 20 best trials, then the 8 running");
        assertTrue(html.contains("The 20 best of 10,000 trials, then the 8 running"), html);
        assertTrue(html.contains("All 10,000 trials: table() (a Tablesaw Table), trialTable().writeCsv(path)"), html);
        assertTrue(text.contains("9,692 succeeded, 200 failed, 100 early stopped, 8 running"), text);
        assertTrue(text.contains("All 10,000 trials: table()"), text);
        assertFalse(html.contains("<script") || html.contains("<svg"));
    }

    @Test
    void finalOutputOfTenThousandTrialsIsAtMost1MB() throws Exception {
        for (boolean sortable : new boolean[] {false, true}) {
            String html = DONE.fullHtml(sortable);
            long size = bytes(html) + bytes(DONE.text());
            assertTrue(size <= 1_000_000, "final output " + size + " bytes");
        }
        String html = DONE.fullHtml();
        Document doc = Xml.parse(html.replace("&middot;", "&#183;"));
        assertEquals(3, doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength(), "the three charts");
        assertEquals(20, tableRows(html), "the 20 best trials");
        assertTrue(html.contains("median of each 100 trials"), "the final metric by bins of trials");
        assertTrue(html.contains("boxes: quartiles and median"), "box plots by choice");
    }

    @Test
    void theWholeTableStaysOneCallAway() {
        assertEquals(TRIALS, DONE.table().rowCount());
        assertEquals(TRIALS + 1, DONE.trialTable().csv().split("\n").length);
    }

    @Test
    void aHundredTrialsStillShowEveryTrialAndTheirPoints() throws Exception {
        Search hundred = new Search(ExperimentStatus.DONE, ReportFixtures.manyTrials(100, 0));
        assertEquals(100, tableRows(hundred.liveHtml()));
        assertFalse(hundred.text().contains("best of"), "no digest in the text either");
        assertTrue(hundred.fullHtml().contains("trial metric"), "a point per trial");
        Search more = new Search(ExperimentStatus.DONE, ReportFixtures.manyTrials(101, 0));
        assertEquals(20, tableRows(more.liveHtml()));
    }
}
