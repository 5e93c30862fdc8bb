package org.jnas.nas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;

/** The probabilities chart of a cell space: 8 labels, 42 lines, still readable; over the search's steps. */
class ProbabilityChartTest {
    private static final List<String> OPS = List.of("max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3",
            "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5");

    @Test
    void aCellSpaceGetsAPanelPerLabelAndOneLegendEntryPerCandidateName() {
        List<Choice> choices = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            for (int edge = 0; edge < 2; edge++) {
                String prefix = "normal/node" + node;
                List<Object> inputs = new ArrayList<>();
                for (int i = 0; i < 2 + node; i++) {
                    inputs.add(List.of(i));
                }
                choices.add(new Choice(prefix + "/input" + edge, ChoiceKind.INPUT, inputs));
                choices.add(new Choice(prefix + "/op" + edge, ChoiceKind.LAYER, List.of(0, 1, 2, 3, 4, 5, 6), OPS));
            }
        }
        List<Map<String, Double>> epochs = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Choice c : choices) {
                for (int i = 0; i < c.size(); i++) {
                    metrics.put("prob/" + c.label() + "/" + i, (i == 0 ? 1.0 + e : 1.0) / (c.size() + e));
                }
            }
            epochs.add(metrics);
        }
        TrialRecord supernet = new TrialRecord(1, Sample.empty(), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH), epochs, Map.of(),
                Optional.empty(), List.of());

        Chart chart = ProbabilityChart.of(ArchitectureRanking.of(List.of(supernet), choices), choices);

        CombinedDomainXYPlot panels = (CombinedDomainXYPlot) chart.jfreeChart().getXYPlot();
        List<XYPlot> subplots = panels.getSubplots();
        assertEquals(8, subplots.size(), "a panel per label");
        assertEquals(7, subplots.get(1).getDataset().getSeriesCount(), "a line per op of normal/node0/op0");
        assertEquals(3, subplots.get(4).getDataset().getSeriesCount(), "a line per state node 1 may read");
        LegendItemCollection legend = panels.getLegendItems();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < legend.getItemCount(); i++) {
            names.add(legend.get(i).getLabel());
        }
        assertEquals(List.of("input 0", "input 1", "0 max_pool_3x3", "1 avg_pool_3x3", "2 skip_connect", "3 sep_conv_3x3",
                "4 sep_conv_5x5", "5 dil_conv_3x3", "6 dil_conv_5x5", "input 2"), names, "each name once, not 42 entries");
        assertEquals(subplots.get(1).getRenderer().getSeriesPaint(3), subplots.get(7).getRenderer().getSeriesPaint(3),
                "sep_conv_3x3 has one colour in every panel");
        assertTrue(chart.height() >= 8 * 100, "tall enough for 8 panels: " + chart.height());
        assertEquals("epoch", panels.getDomainAxis().getLabel(), "a search stored before its steps were: over epochs");
        String svg = chart.svg();
        for (String label : List.of("normal/node0/input0", "normal/node1/op1", "3 sep_conv_3x3", "input 2")) {
            assertTrue(svg.contains(label), "the chart names " + label);
        }
    }

    /**
     * Two epochs of 4 steps each: the probabilities kept within each epoch and at its end make one
     * line of 8 points per candidate, over steps, in step order whatever the metrics' order; the
     * per-epoch table does not list them.
     */
    @Test
    void aSearchThatKeptItsStepsIsChartedOverThem() {
        List<Choice> choices = List.of(new Choice("op", ChoiceKind.LAYER, List.of(0, 1), List.of("zero", "linear")));
        List<Map<String, Double>> epochs = new ArrayList<>();
        for (int e = 0; e < 2; e++) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("step", 4.0 * (e + 1));
            metrics.put("accuracy", 0.5);
            for (int step = 4 * e + 3; step > 4 * e; step--) { // out of order, as a stored map may be
                metrics.put("prob@" + step + "/op/1", step / 10.0);
                metrics.put("prob@" + step + "/op/0", 1 - step / 10.0);
            }
            metrics.put("prob/op/0", 1 - (4 * e + 4) / 10.0);
            metrics.put("prob/op/1", (4 * e + 4) / 10.0);
            epochs.add(metrics);
        }
        TrialRecord supernet = new TrialRecord(1, Sample.empty(), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH), epochs, Map.of(),
                Optional.empty(), List.of());
        ArchitectureRanking ranking = ArchitectureRanking.of(List.of(supernet), choices);

        Chart chart = ProbabilityChart.of(ranking, choices);

        CombinedDomainXYPlot panels = (CombinedDomainXYPlot) chart.jfreeChart().getXYPlot();
        assertEquals("step", panels.getDomainAxis().getLabel());
        XYDataset linear = panels.getSubplots().get(0).getDataset();
        assertEquals(8, linear.getItemCount(1), "steps 1 to 8");
        for (int i = 0; i < 8; i++) {
            assertEquals(i + 1, linear.getXValue(1, i));
            assertEquals((i + 1) / 10.0, linear.getYValue(1, i), 1e-12);
        }
        assertTrue(chart.svg().contains("1 label after 2 epochs, 8 steps") || chart.svg().contains("labels after 2 epochs, 8 steps"),
                "the subtitle counts the steps");
        assertEquals(Set.of("step", "accuracy"), ranking.epochs().get(1).keySet(), "no probability in the table");
    }

    /** RandomOneShot counts its steps but learns no probabilities: an empty chart, not one of empty steps. */
    @Test
    void stepsWithoutProbabilitiesChartNothing() {
        List<Map<String, Double>> epochs = List.of(Map.of("step", 16.0, "train_loss", 1.0), Map.of("step", 32.0, "train_loss", 0.5));
        TrialRecord supernet = new TrialRecord(1, Sample.empty(), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH), epochs, Map.of(),
                Optional.empty(), List.of());
        ArchitectureRanking ranking = ArchitectureRanking.of(List.of(supernet), List.of());
        assertTrue(ranking.probabilitiesOverSteps().isEmpty());
        Chart chart = ProbabilityChart.of(ranking, List.of());
        assertEquals(0, ((CombinedDomainXYPlot) chart.jfreeChart().getXYPlot()).getSubplots().size());
    }
}
