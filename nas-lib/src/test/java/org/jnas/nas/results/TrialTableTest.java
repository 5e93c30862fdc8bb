package org.jnas.nas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

class TrialTableTest {
    private final List<TrialRecord> trials = ReportFixtures.trials();

    @Test
    void hasOneRowPerTrialAndTheDocumentedColumns() {
        Table t = TrialTable.create(trials, ReportFixtures.CHOICES, Direction.MAXIMIZE).table();
        assertEquals(List.of("trial", "status", "conv2", "dropout1", "feature", "metric", "loss", "duration_s", "device"),
                t.columnNames());
        assertEquals(20, t.rowCount());
        assertEquals(ColumnType.LONG, t.column("conv2").type());
        assertEquals(ColumnType.DOUBLE, t.column("dropout1").type());
        assertEquals(ColumnType.LONG, t.column("feature").type());
        TrialRecord first = trials.get(0);
        assertEquals(1L, t.longColumn("trial").getLong(0));
        assertEquals(first.metric().getAsDouble(), t.doubleColumn("metric").getDouble(0), 0);
        assertEquals(1 - first.metric().getAsDouble(), t.doubleColumn("loss").getDouble(0), 1e-12);
        assertEquals(8.1, t.doubleColumn("duration_s").getDouble(0), 1e-9);
        assertEquals("cpu()", t.stringColumn("device").get(0));
        assertTrue(t.doubleColumn("metric").isMissing(4), "failed trial 5 has no metric");
        assertTrue(t.doubleColumn("duration_s").isMissing(19), "waiting trial 20 has no duration");
        assertEquals("FAILED", t.stringColumn("status").get(4));
    }

    @Test
    void sortsBestFirstInEitherDirectionWithMissingMetricsLast() {
        Table max = TrialTable.create(trials, ReportFixtures.CHOICES, Direction.MAXIMIZE).bestFirst();
        Table min = TrialTable.create(trials, ReportFixtures.CHOICES, Direction.MINIMIZE).bestFirst();
        double best = trials.stream().filter(r -> r.metric().isPresent()).mapToDouble(r -> r.metric().getAsDouble()).max().orElseThrow();
        double worst = trials.stream().filter(r -> r.metric().isPresent()).mapToDouble(r -> r.metric().getAsDouble()).min().orElseThrow();
        assertEquals(best, max.doubleColumn("metric").getDouble(0));
        assertEquals(worst, min.doubleColumn("metric").getDouble(0));
        for (int i = 1; i < 16; i++) {
            assertTrue(max.doubleColumn("metric").getDouble(i - 1) >= max.doubleColumn("metric").getDouble(i));
            assertTrue(min.doubleColumn("metric").getDouble(i - 1) <= min.doubleColumn("metric").getDouble(i));
        }
        // trials without a metric come last, by id: 5, 13, 19, 20
        assertEquals(List.of(5L, 13L, 19L, 20L), max.longColumn("trial").asList().subList(16, 20));
    }

    @Test
    void htmlEscapesUserTextAndMarksTheBestRow() throws Exception {
        Choice odd = new Choice("act<script>", ChoiceKind.LAYER, List.of("relu & co", "\"gelu\""));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<TrialRecord> records = List.of(
                new TrialRecord(1, Sample.of(Map.of("act<script>", "relu & co")), TrialStatus.SUCCEEDED, Optional.of("cpu()"), t0,
                        Optional.of(t0), Optional.of(t0.plusSeconds(2)), List.of(), Map.of("default", 0.5), Optional.empty(), List.of()),
                new TrialRecord(2, Sample.of(Map.of("act<script>", "\"gelu\"")), TrialStatus.SUCCEEDED, Optional.of("<gpu>"), t0,
                        Optional.of(t0), Optional.of(t0.plusSeconds(2)), List.of(), Map.of("default", 0.7), Optional.empty(), List.of()));
        String html = TrialTable.create(records, List.of(odd), Direction.MAXIMIZE).html();
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("act&lt;script&gt;"), html);
        assertTrue(html.contains("relu &amp; co") && html.contains("&quot;gelu&quot;") && html.contains("&lt;gpu&gt;"), html);
        Document doc = Xml.parse(html);
        NodeList rows = doc.getElementsByTagName("tr");
        assertEquals(3, rows.getLength());
        assertEquals("best", rows.item(1).getAttributes().getNamedItem("class").getNodeValue());
        assertEquals("2", rows.item(1).getFirstChild().getTextContent(), "best first: trial 2");
        assertEquals("0.7000", doc.getElementsByTagName("tr").item(1).getChildNodes().item(3).getTextContent());
    }

    @Test
    void sortableHtmlHasItsOwnInlineScriptAndNoExternalReferences() throws Exception {
        TrialTable table = TrialTable.create(trials, ReportFixtures.CHOICES, Direction.MAXIMIZE);
        String html = table.sortableHtml();
        assertEquals(1, html.split("<script>", -1).length - 1);
        assertFalse(html.contains("src=") || html.contains("http"), "no CDN or external file");
        assertTrue(html.contains("data-v=\""));
        String script = html.substring(html.indexOf("<script>") + "<script>".length(), html.indexOf("</script>"));
        assertFalse(script.contains("<") || script.contains("&"), "the script must keep the fragment well-formed XML: " + script);
        Document doc = Xml.parse(html); // well formed, script included
        assertEquals(21, doc.getElementsByTagName("tr").getLength());
        String id = doc.getElementsByTagName("table").item(0).getAttributes().getNamedItem("id").getNodeValue();
        assertTrue(html.contains("getElementById('" + id + "')"));
        assertFalse(id.equals(Xml.parse(table.sortableHtml()).getElementsByTagName("table").item(0)
                .getAttributes().getNamedItem("id").getNodeValue()), "each rendering has its own id");
    }

    @Test
    void textAlignsColumns() {
        String text = TrialTable.create(trials, ReportFixtures.CHOICES, Direction.MAXIMIZE).text();
        String[] lines = text.split("\n");
        assertEquals(22, lines.length, text);
        assertTrue(lines[0].startsWith("trial  status"), lines[0]);
        assertTrue(lines[1].matches("-+"), lines[1]);
        int metricEnd = lines[0].indexOf("metric") + "metric".length();
        for (int i = 2; i < lines.length; i++) {
            if (!trials.get(i - 2).metric().isPresent()) {
                continue;
            }
            String cell = Html.number(trials.get(i - 2).metric().getAsDouble());
            assertEquals(metricEnd, lines[i].indexOf(cell) + cell.length(), "metric right-aligned in line " + i + ":\n" + text);
        }
        assertTrue(lines[2].startsWith("    1  SUCCEEDED"), lines[2]);
    }

    /** A stored trial's metrics come back in an order that changes from JVM to JVM: the columns did too. */
    @Test
    void theOtherMetricsColumnsAreInNameOrder() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Choice rate = new Choice("rate", ChoiceKind.VALUE, List.of(0.1f, 0.3f));
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String key : List.of("train_loss", "params", "default", "macs", "accuracy", "loss", "latency_ms")) {
            metrics.put(key, 1.0);
        }
        TrialRecord trial = new TrialRecord(1, Sample.of(Map.of("rate", 0.1f)), TrialStatus.SUCCEEDED, Optional.of("cpu()"), t0,
                Optional.of(t0), Optional.of(t0.plusSeconds(2)), List.of(), metrics, Optional.empty(), List.of());
        assertEquals(List.of("trial", "status", "rate", "metric", "accuracy", "latency_ms", "loss", "macs", "params",
                "train_loss", "duration_s", "device"),
                TrialTable.create(List.of(trial), List.of(rate), Direction.MAXIMIZE).table().columnNames());
    }

    @Test
    void metricsShowFourSignificantDigitsWhileTheTableAndCsvKeepEveryDigit() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Choice rate = new Choice("rate", ChoiceKind.VALUE, List.of(0.1f, 0.3f));
        TrialRecord trial = new TrialRecord(1, Sample.of(Map.of("rate", 0.1f)), TrialStatus.SUCCEEDED, Optional.of("cpu()"), t0,
                Optional.of(t0), Optional.of(t0.plusSeconds(2)), List.of(),
                Map.of("default", 0.7733333333333333, "loss", 0.012345678, "mse", 123.456789, "steps", 12345.678),
                Optional.empty(), List.of());
        TrialTable table = TrialTable.create(List.of(trial), List.of(rate), Direction.MAXIMIZE);
        for (String shown : List.of(table.html(), table.text())) {
            for (String cell : List.of("0.7733", "0.01235", "123.5", "12346")) {
                assertTrue(shown.contains(cell), cell + " in " + shown);
            }
            assertFalse(shown.contains("0.77333") || shown.contains("123.45"), shown);
            assertTrue(shown.contains("0.1") && !shown.contains("0.1000000"), "a float choice as written: " + shown);
        }
        assertEquals(0.7733333333333333, table.table().doubleColumn("metric").getDouble(0));
        assertTrue(table.csv().contains("0.7733333333333333") && table.csv().contains("123.456789"), table.csv());
        assertEquals("1.235e-05", Html.number(0.0000123456));
        assertEquals("0.000", Html.number(0));
    }

    @Test
    void aColumnOfWholeNumbersShowsThemAsCounts() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<TrialRecord> two = List.of(1, 2).stream().map(id -> new TrialRecord(id, Sample.of(Map.of("rate", 0.1f)),
                TrialStatus.SUCCEEDED, Optional.of("cpu()"), t0, Optional.of(t0), Optional.of(t0.plusSeconds(2)), List.of(),
                Map.of("default", id == 1 ? 0.83 : 1.0, "epochs", 12.0, "step", id * 96.0, "loss", id == 1 ? 0.5 : 2.0,
                        "params", 1199882.0),
                Optional.empty(), List.<String>of())).toList();
        TrialTable table = TrialTable.create(two, List.of(new Choice("rate", ChoiceKind.VALUE, List.of(0.1f))), Direction.MAXIMIZE);
        for (String shown : List.of(table.html(), table.text())) {
            assertTrue(shown.contains("192") && shown.contains("96") && shown.contains("12") && shown.contains("1,199,882"), shown);
            assertFalse(shown.contains("192.0") || shown.contains("96.00") || shown.contains("12.00"), "counts without decimals: " + shown);
            assertTrue(shown.contains("0.8300") && shown.contains("1.000") && shown.contains("0.5000") && shown.contains("2.000"),
                    "a column with one fraction keeps 4 digits for all: " + shown);
        }
    }

    @Test
    void namedCandidatesShowBesideTheirIndexWhileTheTableAndCsvKeepIndices() {
        List<Choice> choices = List.of(new Choice("conv2", ChoiceKind.LAYER, List.of(0, 1), List.of("conv3x3", "dwsep")),
                ReportFixtures.CHOICES.get(1), ReportFixtures.CHOICES.get(2));
        TrialTable table = TrialTable.create(trials, choices, Direction.MAXIMIZE);
        for (String shown : List.of(table.html(), table.text())) {
            assertTrue(shown.contains("0 conv3x3") && shown.contains("1 dwsep"), shown);
        }
        assertTrue(table.html().contains("<td>1 dwsep</td>") || table.html().contains("<td>0 conv3x3</td>"),
                "a named column reads as text, not as a number: " + table.html());
        assertEquals(ColumnType.LONG, table.table().column("conv2").type(), "the table keeps the indices");
        assertTrue(table.csv().lines().skip(1).allMatch(line -> line.split(",")[2].matches("[01]")), table.csv());
    }

    @Test
    void csvReadsBackIntoTheSameTable(@TempDir Path dir) throws Exception {
        TrialTable table = TrialTable.create(trials, ReportFixtures.CHOICES, Direction.MAXIMIZE);
        String csv = table.csv();
        assertTrue(csv.startsWith("trial,status,conv2,dropout1,feature,metric,loss,duration_s,device"), csv);
        Table back = Table.read().usingOptions(CsvReadOptions.builder(new StringReader(csv)));
        assertEquals(20, back.rowCount());
        for (int i = 0; i < 20; i++) {
            if (trials.get(i).metric().isPresent()) {
                assertEquals(trials.get(i).metric().getAsDouble(), ((Number) back.column("metric").get(i)).doubleValue(), 1e-12);
            }
        }
        Path file = dir.resolve("trials.csv");
        table.writeCsv(file);
        assertEquals(csv, Files.readString(file));
    }

    @Test
    void inputChoicesAndUnreachedLabelsBecomeTextAndMissingCells() {
        Choice skip = new Choice("skip", ChoiceKind.INPUT, List.of(List.of(0), List.of(0, 1)));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<TrialRecord> records = List.of(
                new TrialRecord(1, Sample.of(Map.of("skip", List.of(0L, 1L), "extra", 3L)), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                        t0, Optional.of(t0), Optional.of(t0), List.of(), Map.of("default", 1.0), Optional.empty(), List.of()),
                new TrialRecord(2, Sample.of(Map.of("skip", List.of(0L))), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                        t0, Optional.of(t0), Optional.of(t0), List.of(), Map.of("default", 2.0), Optional.empty(), List.of()));
        Table t = TrialTable.create(records, List.of(skip), Direction.MINIMIZE).table();
        assertEquals(ColumnType.STRING, t.column("skip").type());
        assertEquals("[0, 1]", t.stringColumn("skip").get(0));
        assertEquals(3L, t.longColumn("extra").getLong(0));
        assertTrue(t.longColumn("extra").isMissing(1));
    }

    @Test
    void aSupernetTrialWhichHoldsNoArchitectureGetsNoChoiceColumns() {
        List<Choice> cell = List.of(new Choice("normal/node0/input0", ChoiceKind.INPUT, List.of(List.of(0), List.of(1))),
                new Choice("normal/node0/op0", ChoiceKind.LAYER, List.of(0, 1), List.of("max_pool_3x3", "skip_connect")));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        TrialRecord supernet = new TrialRecord(1, Sample.empty(), TrialStatus.SUCCEEDED, Optional.of("cpu()"), t0,
                Optional.of(t0), Optional.of(t0), List.of(), Map.of("default", 0.8, "epochs", 12.0), Optional.empty(), List.of());
        Table oneShot = TrialTable.create(List.of(supernet), cell, Direction.MAXIMIZE).table();
        assertEquals(List.of("trial", "status", "metric", "epochs", "duration_s", "device"), oneShot.columnNames());

        TrialRecord architecture = new TrialRecord(2, Sample.of(Map.of("normal/node0/input0", List.of(1L), "normal/node0/op0", 1L)),
                TrialStatus.SUCCEEDED, Optional.of("cpu()"), t0, Optional.of(t0), Optional.of(t0), List.of(),
                Map.of("default", 0.7), Optional.empty(), List.of());
        Table both = TrialTable.create(List.of(supernet, architecture), cell, Direction.MAXIMIZE).table();
        assertTrue(both.columnNames().containsAll(List.of("normal/node0/input0", "normal/node0/op0")),
                "a search with an architecture's trial keeps them: " + both.columnNames());
        assertEquals(List.of("normal/node0/input0", "normal/node0/op0"),
                TrialTable.create(List.of(), cell, Direction.MAXIMIZE).table().columnNames().subList(2, 4),
                "and so does a search that has no trial yet");
    }
}
