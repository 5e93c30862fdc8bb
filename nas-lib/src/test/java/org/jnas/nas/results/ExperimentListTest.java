package org.jnas.nas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.internal.store.ExperimentInfo;
import org.jnas.nas.internal.store.ExperimentJournal;
import org.jnas.nas.internal.store.ExperimentStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ExperimentListTest {
    @Test
    void listsStoredExperimentsNewestFirst(@TempDir Path home) throws Exception {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal old = store.create(new ExperimentInfo("old1", "first <try>", null, "mnist",
                    ReportFixtures.CHOICES, "Random", Direction.MAXIMIZE), e -> { throw e; });
            for (TrialRecord t : ReportFixtures.trials()) {
                if (t.status().isDone()) {
                    old.trialEnded(t, List.of());
                }
            }
            old.experimentEnded(ExperimentStatus.DONE);
            store.create(new ExperimentInfo("new2", "second", null, "mnist", ReportFixtures.CHOICES, "TPE",
                    Direction.MINIMIZE), e -> { throw e; });
            ExperimentList list = ExperimentList.create(store.list());
            String[] lines = list.text().split("\n");
            assertEquals(3, lines.length, list.text());
            assertTrue(lines[0].startsWith("id    name"), lines[0]);
            assertTrue(lines[1].startsWith("new2  second") && lines[1].contains("RUNNING"), lines[1]);
            assertTrue(lines[2].startsWith("old1  first <try>") && lines[2].contains("DONE")
                    && lines[2].contains("0.9585 (max)"), lines[2]);
            Document doc = Xml.parse(list.html());
            assertEquals(3, doc.getElementsByTagName("tr").getLength());
            assertTrue(list.html().contains("first &lt;try&gt;"));
        }
    }
}
