package org.jnas.nas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;

/** What a supernet trial's stored probabilities read back as. */
class ArchitectureRankingTest {

    @Test
    void probabilitiesFollowTheCandidateIndexNotTheMapOrder() {
        // a trial record holds its metrics as Map.copyOf, whose iteration order is random per JVM:
        // with 12 candidates, reading them in that order would almost never give index order
        Map<String, Double> epoch = new LinkedHashMap<>();
        epoch.put("train_loss", 1.0);
        for (int i = 0; i < 12; i++) {
            epoch.put("prob/op/" + i, i / 66.0);
        }
        epoch.put("prob/width/0", 0.25);
        epoch.put("prob/width/1", 0.75);
        TrialRecord supernet = new TrialRecord(0, Sample.empty(), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH), List.of(epoch), Map.of(),
                Optional.empty(), List.of());

        List<Choice> space = List.of(new Choice("width", ChoiceKind.VALUE, List.of(16, 32)),
                new Choice("op", ChoiceKind.LAYER, List.copyOf(java.util.Collections.nCopies(12, "candidate"))));
        Map<String, List<Double>> p = ArchitectureRanking.of(List.of(supernet), space).probabilities();

        assertEquals(List.of("width", "op"), List.copyOf(p.keySet()), "labels in the space's order");

        assertEquals(List.of(0.25, 0.75), p.get("width"));
        for (int i = 0; i < 12; i++) {
            assertEquals(i / 66.0, p.get("op").get(i), "candidate " + i + " of " + p.get("op"));
        }
    }

    @Test
    void theTextRankingNamesEachCandidateBesideItsIndex() {
        Map<String, Double> epoch = Map.of("prob/op/0", 0.2, "prob/op/1", 0.8, "prob/width/0", 0.4, "prob/width/1", 0.6);
        TrialRecord supernet = new TrialRecord(0, Sample.empty(), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH), List.of(epoch), Map.of(),
                Optional.empty(), List.of());
        List<Choice> space = List.of(new Choice("op", ChoiceKind.LAYER, List.of(0, 1), List.of("max_pool_3x3", "sep_conv_3x3")),
                new Choice("width", ChoiceKind.VALUE, List.of(16, 32)));
        String text = ArchitectureRanking.of(List.of(supernet), space).text(1);
        assertTrue(text.contains("{op=1 sep_conv_3x3, width=32}"), text);
    }

    @Test
    void theEpochTableShowsStepsAsWholeNumbersAndLossesToFourDigits() {
        List<Map<String, Double>> epochs = List.of(
                Map.of("step", 16.0, "max_epochs", 2.0, "train_loss", 1.4361, "prob/op/0", 0.5, "prob/op/1", 0.5),
                Map.of("step", 112.0, "max_epochs", 2.0, "train_loss", 0.7044, "prob/op/0", 0.25, "prob/op/1", 0.75));
        TrialRecord supernet = new TrialRecord(0, Sample.empty(), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH), epochs, Map.of(),
                Optional.empty(), List.of());
        String html = ArchitectureRanking.of(List.of(supernet), List.of(new Choice("op", ChoiceKind.LAYER, List.of(0, 1))))
                .html(1);
        assertTrue(html.contains("<td>16</td>") && html.contains("<td>112</td>"), "a count, not 16.00 or 112.0: " + html);
        assertTrue(html.contains("<td>1.436</td>") && html.contains("<td>0.7044</td>"), html);
    }

    /**
     * ENAS's LSTM ranks its architectures itself (its labels depend on each other): the ranking is
     * what its latest epoch reported, not products of the per-label probabilities, and those
     * numbers are no epoch metric to show.
     */
    @Test
    void aSearchThatRanksItsArchitecturesItselfIsReadAsRanked() {
        Map<String, Double> first = Map.of("train_loss", 2.0, "prob/op/0", 0.5, "prob/op/1", 0.5,
                "prob/width/0", 0.5, "prob/width/1", 0.5, "rank/1", 0.25, "rank/1/op", 0.0, "rank/1/width", 0.0);
        Map<String, Double> latest = new LinkedHashMap<>(Map.of("train_loss", 1.0,
                // along the greedy path: op=1 (0.55), then width 32 given op=1 (0.7): 0.385
                "prob/op/0", 0.45, "prob/op/1", 0.55, "prob/width/0", 0.3, "prob/width/1", 0.7));
        // given op=0 the policy is all but sure of width 16 (0.95): 0.45 x 0.95, more likely than the greedy path
        putRanked(latest, 1, 0.4275, 0, 0);
        putRanked(latest, 2, 0.385, 1, 1);
        putRanked(latest, 3, 0.165, 1, 0);
        TrialRecord supernet = new TrialRecord(0, Sample.empty(), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH), List.of(first, latest), Map.of(),
                Optional.empty(), List.of());
        List<Choice> space = List.of(new Choice("op", ChoiceKind.LAYER, List.of(0, 1)),
                new Choice("width", ChoiceKind.VALUE, List.of(16, 32)));
        ArchitectureRanking ranking = ArchitectureRanking.of(List.of(supernet), space);

        List<ArchitectureRanking.Entry> top = ranking.top(5);
        assertEquals(List.of(Sample.of(Map.of("op", 0, "width", 16)), Sample.of(Map.of("op", 1, "width", 32)),
                Sample.of(Map.of("op", 1, "width", 16))), top.stream().map(ArchitectureRanking.Entry::sample).toList(),
                "the three the search reported, in its order; no more than it reported");
        assertEquals(List.of(0.4275, 0.385, 0.165), top.stream().map(ArchitectureRanking.Entry::score).toList());
        assertEquals(1, ranking.top(1).size());
        assertEquals(Map.of("op", List.of(0.45, 0.55), "width", List.of(0.3, 0.7)), ranking.probabilities(),
                "the chart still shows the policy along its greedy path");
        ranking.epochs().forEach(e -> assertTrue(e.keySet().stream().noneMatch(k -> k.startsWith("rank/")), e.toString()));
        assertTrue(ranking.text(3).contains("0.4275"), ranking.text(3));
        assertEquals(ranking.text(10), ranking.toString(), "jshell prints the ranking the views show");
        assertEquals(ranking.html(10), ranking.html(), "a cell shows the ranking the views show");
    }

    private static void putRanked(Map<String, Double> epoch, int rank, double probability, int op, int width) {
        epoch.put("rank/" + rank, probability);
        epoch.put("rank/" + rank + "/op", (double) op);
        epoch.put("rank/" + rank + "/width", (double) width);
    }
}
