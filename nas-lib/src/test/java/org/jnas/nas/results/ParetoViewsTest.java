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
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import tech.tablesaw.api.Table;

/** The trial tables mark the Pareto-optimal trials of a multi-objective search, in every view, and the Pareto chart draws them. */
class ParetoViewsTest {
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
        String[] lines = text.split("\n");
        for (String line : List.of(lines).subList(1, lines.length)) { // after the progress line, "30 trials ..."
            if (line.matches("\\s*\\d+ .*")) {
                long id = Long.parseLong(line.strip().split("\\s+")[0]);
                assertEquals(front.contains(id), line.contains("yes"), line);
            }
        }
    }

    @Test
    void anObjectiveNoTrialReportsIsNamedRatherThanLeavingTheFrontEmptyWithoutAWord() {
        Search typo = new Search(trials(3), List.of(Objective.maximize("default"), Objective.minimize("param")));
        assertEquals(List.of(), typo.paretoFront());
        String note = "No succeeded trial reports the objective's metric 'param', so no trial is on the Pareto front;"
                + " they report default, params";
        assertEquals(note, typo.text().lines().skip(1).findFirst().orElseThrow(), typo.text());
        assertTrue(typo.fullHtml().contains(Html.escape(note)) && typo.liveHtml().contains(Html.escape(note)), typo.liveHtml());
        assertFalse(new Search(trials(3), OBJECTIVES).text().contains("No succeeded trial reports"));
        assertFalse(new Search(List.of(), OBJECTIVES).text().contains("No succeeded trial reports"), "nothing to tell yet");
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

    private static List<String> texts(String svg) throws Exception {
        Document doc = Xml.parse(svg);
        List<String> out = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void theParetoChartDrawsTheFrontAsAStepLineOverEveryTrialWithALogAxisForWideRanges() throws Exception {
        Search search = new Search(trials(30), OBJECTIVES);
        Chart chart = Chart.pareto(search, "default", "params");
        XYPlot plot = chart.jfreeChart().getXYPlot();
        XYDataset front = plot.getDataset(0);
        assertTrue(plot.getRenderer(0) instanceof XYStepRenderer);
        assertEquals(3, front.getItemCount(0), "trials 10, 20, 30");
        for (int i = 0; i < 3; i++) {
            assertEquals(1000.0 * (i + 1), front.getXValue(0, i), "along params, smallest first");
        }
        assertEquals(27, plot.getDataset(1).getItemCount(0));
        assertTrue(plot.getDomainAxis() instanceof NumberAxis, "params from 1,000 to 3,029: a factor of 3 stays linear");
        List<TrialRecord> wide = List.of(trial(1, 0.7, 1e4), trial(2, 0.8, 1e5), trial(3, 0.9, 1e6), trial(4, 0.6, 2e5));
        XYPlot widePlot = Chart.pareto(new Search(wide, OBJECTIVES), "default", "params").jfreeChart().getXYPlot();
        assertTrue(widePlot.getDomainAxis() instanceof LogAxis, "params from 10,000 to a million: a log axis");
        assertTrue(widePlot.getRangeAxis() instanceof NumberAxis);
        List<String> texts = texts(chart.svg());
        assertTrue(texts.contains("Pareto front: final metric against params"), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("30 trials, 3 on the Pareto front")), texts.toString());
        assertTrue(search.fullHtml().contains("Pareto front: final metric against params"));
        assertFalse(new Search(trials(30), List.of()).fullHtml().contains("Pareto front"));
    }

    @Test
    void aMetricOutsideTheObjectivesCountsAsACostAndANarrowRangeStaysLinear() {
        List<TrialRecord> few = List.of(trial(1, 0.9, 120), trial(2, 0.8, 100), trial(3, 0.85, 130));
        Chart chart = Chart.pareto(new Search(few, List.of()), "default", "params");
        XYPlot plot = chart.jfreeChart().getXYPlot();
        assertTrue(plot.getDomainAxis() instanceof NumberAxis);
        assertEquals(2, plot.getDataset(0).getItemCount(0), "1 and 2: 3 is larger and less accurate than 1");
    }
}
