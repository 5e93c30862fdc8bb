package org.jnas.nas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class TrialChartsTest {
    private final List<TrialRecord> trials = ReportFixtures.trials();

    private static List<String> texts(Document doc) {
        List<String> out = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void metricPerTrialIsSelfContainedSvgWithTitleAxesAndLegend() throws Exception {
        Chart chart = TrialCharts.metricPerTrial(trials, Direction.MAXIMIZE);
        String svg = chart.svg();
        Document doc = Xml.parse(svg);
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals(640, Double.parseDouble(doc.getDocumentElement().getAttribute("width")));
        List<String> texts = texts(doc);
        assertTrue(texts.contains("Final metric per trial"), texts.toString());
        assertTrue(texts.contains("trial") && texts.contains("final metric"), texts.toString());
        assertTrue(texts.contains("best so far") && texts.contains("trial metric"), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("16 succeeded, 2 failed")), texts.toString());
        assertFalse(svg.contains("href=\"http") || svg.contains("xlink:href=\"file") || svg.contains("<image"),
                "no external references");
        Xml.parse(chart.svgDocument());
    }

    @Test
    void chartsOnOnePageHaveDistinctClipIds() {
        Chart chart = TrialCharts.intermediateCurves(trials, Direction.MAXIMIZE);
        String a = chart.svg();
        String b = chart.svg();
        java.util.regex.Pattern clip = java.util.regex.Pattern.compile("<clipPath id=['\"]([^'\"]+)['\"]");
        java.util.regex.Matcher ma = clip.matcher(a);
        java.util.regex.Matcher mb = clip.matcher(b);
        assertTrue(ma.find() && mb.find(), "charts clip their plot area");
        String idA = ma.group(1);
        String idB = mb.group(1);
        assertFalse(idA.equals(idB), idA);
    }

    @Test
    void intermediateCurvesHaveOneLinePerTrialWithIntermediates() throws Exception {
        Chart chart = TrialCharts.intermediateCurves(trials, Direction.MAXIMIZE);
        var data = chart.jfreeChart().getXYPlot().getDataset();
        assertEquals(19, data.getSeriesCount(), "every trial but the waiting one reported");
        assertEquals(3, data.getItemCount(0));
        List<String> texts = texts(Xml.parse(chart.svg()));
        assertTrue(texts.contains("Intermediate results") && texts.contains("step"), texts.toString());
    }

    @Test
    void metricByChoiceHasOnePanelPerLabelWithItsValues() throws Exception {
        Chart chart = TrialCharts.metricByChoice(trials, ReportFixtures.CHOICES, Direction.MAXIMIZE);
        var plot = (org.jfree.chart.plot.CombinedRangeXYPlot) chart.jfreeChart().getPlot();
        assertEquals(3, plot.getSubplots().size());
        List<String> texts = texts(Xml.parse(chart.svg()));
        for (String s : List.of("conv2", "dropout1", "feature", "0.25", "0.75", "256", "mean")) {
            assertTrue(texts.contains(s), s + " in " + texts);
        }
        int points = 0;
        for (Object sub : plot.getSubplots()) {
            points += ((org.jfree.chart.plot.XYPlot) sub).getDataset().getItemCount(0);
        }
        assertEquals(3 * 16, points, "each succeeded trial once per label");
    }

    @Test
    void metricByChoiceNamesLayerCandidates() throws Exception {
        List<org.jnas.nas.space.Choice> named = List.of(new org.jnas.nas.space.Choice("conv2",
                org.jnas.nas.space.ChoiceKind.LAYER, List.of(0, 1), List.of("conv3x3", "Sequential(Conv2d, Conv2d)")));
        for (List<TrialRecord> records : List.of(trials, ReportFixtures.manyTrials(500, 0))) {
            List<String> texts = texts(Xml.parse(TrialCharts.metricByChoice(records, named, Direction.MAXIMIZE).svg()));
            assertTrue(texts.contains("0 conv3x3") && texts.contains("1 Sequential(Conv\u2026"), texts.toString());
        }
    }

    @Test
    void pngDecodesAtTheAskedScale() throws Exception {
        Chart chart = TrialCharts.metricByChoice(trials, ReportFixtures.CHOICES, Direction.MINIMIZE);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.png(2)));
        assertNotNull(image);
        assertEquals(chart.width() * 2, image.getWidth());
        assertEquals(chart.height() * 2, image.getHeight());
    }

    /** One succeeded trial (or one metric every trial shares) is spread over a readable axis, not ten ticks of one value. */
    @Test
    void aSingleMetricGetsAnAxisOfDistinctTicks() throws Exception {
        TrialRecord one = trials.stream().filter(t -> t.metric().isPresent()).findFirst().orElseThrow();
        for (Chart chart : List.of(TrialCharts.metricPerTrial(List.of(one), Direction.MAXIMIZE),
                TrialCharts.metricByChoice(List.of(one), ReportFixtures.CHOICES, Direction.MAXIMIZE))) {
            List<String> ticks = texts(Xml.parse(chart.svg())).stream().filter(t -> t.matches("-?\\d*\\.\\d+(E-?\\d+)?")).toList();
            assertTrue(ticks.size() >= 3 && ticks.stream().distinct().count() == ticks.size()
                    && ticks.stream().noneMatch(t -> t.contains("E")), chart.title() + ": " + ticks);
        }
    }

    @Test
    void emptySearchStillDraws() throws Exception {
        Xml.parse(TrialCharts.metricPerTrial(List.of(), Direction.MAXIMIZE).svg());
        Xml.parse(TrialCharts.intermediateCurves(List.of(), Direction.MAXIMIZE).svg());
        Xml.parse(TrialCharts.metricByChoice(List.of(), ReportFixtures.CHOICES, Direction.MAXIMIZE).svg());
    }
}
