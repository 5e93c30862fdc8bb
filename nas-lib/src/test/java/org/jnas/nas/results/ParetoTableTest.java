package org.jnas.nas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The trial tables mark the Pareto-optimal trials of a multi-objective search, in every view. */
class ParetoTableTest {
    private static final List<Objective> OBJECTIVES = List.of(Objective.maximize("default"), Objective.minimize("params"));

    private record Search(List<TrialRecord> trials, List<Objective> objectives) implements ExperimentResults {
        @Override public String id() { return "pareto"; }
        @Override public ExperimentStatus status() { return ExperimentStatus.DONE; }
        @Override public Direction direction() { return Direction.MAXIMIZE; }
        @Override public List<Choice> choices() { return List.of(); }
        @Override public OptionalLong maxTrials() { return OptionalLong.empty(); }
        @Override public Duration elapsed() { return Duration.ofMinutes(1); }
    }

    private static TrialRecord trial(long id, double accuracy, double params) {
        return new TrialRecord(id, Sample.of(Map.of("x", id)), TrialStatus.SUCCEEDED, Optional.of("cpu()"), Instant.EPOCH,
                Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH.plusSeconds(1)), List.of(),
                Map.of("default", accuracy, "params", params), Optional.empty(), List.of());
    }

    /** Trials 1..n; the front is every 10th (accuracy rises with size along it), the rest dominated. */
    private static List<TrialRecord> trials(int n) {
        List<TrialRecord> out = new ArrayList<>();
        for (int id = 1; id <= n; id++) {
            boolean front = id % 10 == 0;
            out.add(front ? trial(id, 0.5 + id / (2.0 * n), id * 100) : trial(id, 0.4 * id / n, n * 100 + id));
        }
        return out;
    }

    private static Set<Long> paretoRows(String html) {
        Set<Long> ids = new TreeSet<>();
        Matcher m = Pattern.compile("<tr class=\"(?:best )?pareto\"><td class=\"num\"[^>]*>(\\d+)</td>").matcher(html);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    @Test
    void everyTableMarksTheFront() {
        Search search = new Search(trials(30), OBJECTIVES);
        Set<Long> front = Set.of(10L, 20L, 30L);
        assertEquals(List.of(10L, 20L, 30L), search.paretoFront().stream().map(TrialRecord::id).toList());

        Table table = search.table();
        assertEquals(List.of("trial", "status", "x", "metric", "params", "pareto", "duration_s", "device"), table.columnNames());
        for (int row = 0; row < table.rowCount(); row++) {
            assertEquals(front.contains(table.longColumn("trial").getLong(row)), table.booleanColumn("pareto").get(row));
        }
        assertEquals(front, paretoRows(search.trialTable().html()));
        assertEquals(front, paretoRows(search.liveHtml()));
        assertEquals(front, paretoRows(search.fullHtml(true)));
        String text = search.text();
        assertTrue(text.contains("pareto"), text);
        for (String line : text.split("\n")) {
            if (line.matches("\\s*\\d+ .*")) {
                long id = Long.parseLong(line.strip().split("\\s+")[0]);
                assertEquals(front.contains(id), line.contains("yes"), line);
            }
        }
    }

    @Test
    void aSingleObjectiveSearchHasNoParetoColumn() {
        Search search = new Search(trials(30), List.of());
        assertFalse(search.table().columnNames().contains("pareto"));
        assertEquals(Set.of(), paretoRows(search.liveHtml()));
        assertFalse(search.text().contains("pareto"));
    }

    @Test
    void theDigestOfALargeSearchShowsAndMarksTheFrontBeyondTheBest() {
        // 1,000 trials, 100 on the front: the 20 best are the top of the front, then 20 more of it
        Search search = new Search(trials(1000), OBJECTIVES);
        String live = search.liveHtml();
        Set<Long> marked = paretoRows(live);
        assertEquals(40, marked.size(), live);
        assertTrue(marked.stream().allMatch(id -> id % 10 == 0), marked.toString());
        assertTrue(live.contains("then 20 more of the 100 on the Pareto front"), live);
        assertEquals(marked, paretoRows(search.fullHtml(false)));
        assertTrue(search.text().contains("then 20 more of the 100 on the Pareto front"));
    }
}
