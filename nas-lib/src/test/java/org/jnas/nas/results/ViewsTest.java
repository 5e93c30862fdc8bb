package org.jnas.nas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.internal.store.ExperimentInfo;
import org.jnas.nas.internal.store.ExperimentJournal;
import org.jnas.nas.internal.store.ExperimentStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ViewsTest {
    private final List<TrialRecord> trials = ReportFixtures.trials();
    private final Progress progress = Progress.of(ExperimentStatus.RUNNING, trials, 20, Duration.ofSeconds(90), Direction.MAXIMIZE);

    @Test
    void liveViewIsProgressAndAScriptFreeTable() throws Exception {
        String html = Views.live(progress, trials, ReportFixtures.CHOICES, Direction.MAXIMIZE);
        assertFalse(html.contains("<script") || html.contains("<svg"));
        Document doc = Xml.parse(html.replace("&middot;", "&#183;"));
        assertEquals(21, doc.getElementsByTagName("tr").getLength());
        assertTrue(html.contains("18/20 trials"));
    }

    @Test
    void fullViewAddsTheThreeChartsAsInlineSvg() throws Exception {
        String html = Views.full(progress, trials, ReportFixtures.CHOICES, Direction.MAXIMIZE, false);
        Document doc = Xml.parse(html.replace("&middot;", "&#183;"));
        assertEquals(3, doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength());
        assertFalse(html.contains("<script"));
        assertTrue(Views.full(progress, trials, ReportFixtures.CHOICES, Direction.MAXIMIZE, true).contains("<script>"));
        String empty = Views.full(Progress.of(null, List.of(), 5, Duration.ZERO, Direction.MAXIMIZE), List.of(),
                ReportFixtures.CHOICES, Direction.MAXIMIZE, false);
        assertFalse(empty.contains("<svg"), "no charts without data");
    }

    @Test
    void textViewStartsWithTheProgressLine() {
        String text = Views.text(progress, trials, ReportFixtures.CHOICES, Direction.MAXIMIZE);
        assertTrue(text.startsWith(progress.line() + "\n\ntrial  status"), text);
    }

    @Test
    void viewsAStoredExperiment(@TempDir Path home) {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal journal = store.create(new ExperimentInfo("view1", "quick", null, "mnist",
                    ReportFixtures.CHOICES, "Random", Direction.MAXIMIZE), e -> { throw e; });
            for (TrialRecord t : trials) {
                if (t.status().isDone()) {
                    journal.trialEnded(t, null);
                } else {
                    journal.trialStarted(t);
                }
            }
            journal.experimentEnded(ExperimentStatus.STOPPED);
            String html = Views.full(store.load("view1"), 20);
            assertTrue(html.contains("18/20 trials") && html.contains("STOPPED"), html.substring(0, 600));
            assertEquals(3, html.split("<svg", -1).length - 1);
        }
    }
}
