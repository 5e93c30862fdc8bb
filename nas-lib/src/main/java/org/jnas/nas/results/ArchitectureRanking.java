package org.jnas.nas.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a one-shot search has learned so far, read off its supernet trial: the architecture
 * probabilities per label after each epoch (its intermediate metrics {@code prob/<label>/<index>})
 * and the most likely architectures, ranked. For RandomOneShot (SPOS), which learns no
 * probabilities, the ranking is of the architectures scored with the supernet's inherited weights
 * (trials whose final metrics hold {@value #INHERITED_ACCURACY}), best first: {@link #scoreName()}
 * says which the scores are.
 *
 * <p>An architecture's probability is the product over the labels of its candidate's probability
 * (the labels are independent distributions); for an input choice that takes several inputs, a
 * candidate (a set of inputs) weighs the product of its inputs' probabilities, normalised over the
 * candidates. Labels that a conditional space does not meet in an architecture still count. A
 * search whose labels depend on each other (ENAS's LSTM) ranks its most likely architectures
 * itself, each epoch ({@link #RANKED}): those are the ranking. Empty for a multi-trial search.
 */
public final class ArchitectureRanking {
    /** The prefix of a probability among a supernet trial's intermediate metrics. */
    public static final String PROBABILITY = "prob/";
    /** The final metric of an architecture scored with a supernet's inherited weights, and the name of such a score. */
    public static final String INHERITED_ACCURACY = "inherited_accuracy";
    /** The prefix of a probability kept within an epoch: {@code prob@<step>/<label>/<index>}. */
    public static final String STEP_PROBABILITY = "prob@";
    /**
     * The prefix of an architecture that the search's policy ranked itself (ENAS's LSTM, whose
     * labels are not independent): {@code rank/<r>} its probability, {@code rank/<r>/<label>} its
     * candidate's index, r from 1.
     */
    public static final String RANKED = "rank/";
    /** An epoch's metric: the search's steps by its end. */
    static final String STEP = "step";
    /** An epoch's metric: the epochs the search is to train. */
    static final String MAX_EPOCHS = "max_epochs";
    /** The name of a score that is a probability. */
    static final String PROBABILITY_SCORE = "probability";

    /**
     * One architecture of the ranking.
     *
     * @param sample the architecture, a sample of the searched space
     * @param score what ranks it, named by {@link #scoreName()}: how likely the supernet finds it,
     *     or its accuracy with the supernet's inherited weights
     */
    public record Entry(Sample sample, double score) {
        public Entry {
            Objects.requireNonNull(sample, "sample");
        }
    }

    private final List<Choice> choices;
    private final List<Map<String, Double>> epochs;
    /** RandomOneShot's scored architectures, best first; null for a ranking by probabilities. */
    private final List<Entry> scored;

    private ArchitectureRanking(List<Choice> choices, List<Map<String, Double>> epochs, List<Entry> scored) {
        this.choices = choices;
        this.epochs = epochs;
        this.scored = scored;
    }

    /** The ranking of the latest supernet trial of {@code results}; empty when there is none. */
    public static ArchitectureRanking of(ExperimentResults results) {
        return of(results.trials(), results.choices());
    }

    static ArchitectureRanking of(List<TrialRecord> trials, List<Choice> choices) {
        List<Map<String, Double>> epochs = List.of();
        boolean probabilities = false;
        List<Entry> scored = new ArrayList<>();
        for (TrialRecord t : trials) {
            if (isSupernet(t)) {
                epochs = t.intermediates(); // trials are by id: the last supernet trial holds every epoch
                probabilities = t.intermediates().get(0).keySet().stream().anyMatch(k -> k.startsWith(PROBABILITY));
            }
            Double score = t.finalMetrics().get(INHERITED_ACCURACY);
            if (score != null && Double.isFinite(score) && t.sample().size() > 0) {
                scored.add(new Entry(t.sample(), score));
            }
        }
        if (probabilities) {
            return new ArchitectureRanking(choices, epochs, null);
        }
        if (epochs.isEmpty() && scored.isEmpty()) {
            return new ArchitectureRanking(choices, List.of(), null);
        }
        // stable: of two architectures scored alike, the one scored first
        scored.sort(Comparator.comparingDouble(Entry::score).reversed());
        return new ArchitectureRanking(choices, epochs, List.copyOf(scored));
    }

    /**
     * A one-shot strategy's supernet trial: it holds every architecture (its sample is empty) and
     * reports its epochs, with the probabilities, or, for RandomOneShot, with {@code train_loss}.
     */
    private static boolean isSupernet(TrialRecord t) {
        if (t.intermediates().isEmpty()) {
            return false;
        }
        Map<String, Double> first = t.intermediates().get(0);
        return first.keySet().stream().anyMatch(k -> k.startsWith(PROBABILITY))
                || t.sample().size() == 0 && first.containsKey("train_loss");
    }

    /** Whether there is no supernet epoch and no scored architecture to rank from. */
    public boolean isEmpty() {
        return epochs.isEmpty() && (scored == null || scored.isEmpty());
    }

    /**
     * What the entries' scores are: {@code "probability"}, or {@value #INHERITED_ACCURACY} for
     * RandomOneShot's architectures scored with the supernet's inherited weights.
     */
    public String scoreName() {
        return scored == null ? PROBABILITY_SCORE : INHERITED_ACCURACY;
    }

    /**
     * Each completed epoch's metrics, without the probabilities, oldest first; each in one order, the
     * same in every view: {@code step}, then by name.
     */
    public List<Map<String, Double>> epochs() {
        List<Map<String, Double>> out = new ArrayList<>();
        for (Map<String, Double> e : epochs) {
            // a stored record's metrics are an immutable copy whose order changes from JVM to JVM
            Map<String, Double> m = new TreeMap<>(Comparator.comparing((String k) -> !k.equals(STEP))
                    .thenComparing(Comparator.naturalOrder()));
            e.forEach((k, v) -> {
                if (!k.startsWith(PROBABILITY) && !k.startsWith(STEP_PROBABILITY) && !k.startsWith(RANKED)
                        && !k.equals(MAX_EPOCHS)) {
                    m.put(k, v);
                }
            });
            out.add(m);
        }
        return out;
    }

    /**
     * The epochs the search is to train, as its latest epoch reported them (a resumed search's are
     * those it was resumed with); empty before its first epoch ends, for a search stored before they
     * were reported, and for a multi-trial search.
     */
    public OptionalInt maxEpochs() {
        Double max = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1).get(MAX_EPOCHS);
        return max == null ? OptionalInt.empty() : OptionalInt.of(max.intValue());
    }

    /** The supernet's completed epochs. */
    int epochCount() {
        return epochs.size();
    }

    /** The supernet's default metric after its latest epoch; empty before its first. */
    OptionalDouble latestMetric() {
        Double latest = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1).get(TrialRecord.DEFAULT_METRIC);
        return latest == null ? OptionalDouble.empty() : OptionalDouble.of(latest);
    }

    /** "3 of 10", or "3" when the epochs it is to train are not known. */
    String epochsDone() {
        OptionalInt max = maxEpochs();
        return epochs.size() + (max.isPresent() ? " of " + max.getAsInt() : "");
    }

    /** Per label, the probability of each candidate after epoch {@code epoch} (from 0), in candidate order. */
    public Map<String, List<Double>> probabilities(int epoch) {
        return byLabel(epochs.get(epoch), PROBABILITY);
    }

    /**
     * The probabilities over the search's steps, by step: those kept within each epoch and each
     * epoch's own at its end. Empty for RandomOneShot, which learns none, and for a search recorded
     * before its steps were, which is charted over its epochs instead.
     */
    NavigableMap<Long, Map<String, List<Double>>> probabilitiesOverSteps() {
        NavigableMap<Long, Map<String, List<Double>>> steps = new TreeMap<>();
        for (int e = 0; e < epochs.size(); e++) {
            Map<String, Double> metrics = epochs.get(e);
            Map<String, List<Double>> atEnd = probabilities(e);
            if (!metrics.containsKey(STEP) || atEnd.isEmpty()) {
                return new TreeMap<>();
            }
            metrics.keySet().stream().filter(k -> k.startsWith(STEP_PROBABILITY))
                    .map(k -> k.substring(0, k.indexOf('/') + 1)).distinct()
                    .forEach(prefix -> steps.put(Long.parseLong(prefix.substring(STEP_PROBABILITY.length(), prefix.length() - 1)),
                            byLabel(metrics, prefix)));
            steps.put(metrics.get(STEP).longValue(), atEnd);
        }
        return steps;
    }

    /** The metrics {@code <prefix><label>/<index>}, per label in the space's order, in candidate order. */
    private Map<String, List<Double>> byLabel(Map<String, Double> metrics, String prefix) {
        // by the index in each key, not the map's order: a trial record's metrics are an immutable
        // copy whose iteration order changes from JVM to JVM, which would permute the candidates
        Map<String, TreeMap<Integer, Double>> byIndex = new TreeMap<>();
        metrics.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                int slash = key.lastIndexOf('/');
                byIndex.computeIfAbsent(key.substring(prefix.length(), slash), l -> new TreeMap<>())
                        .put(Integer.parseInt(key.substring(slash + 1)), value);
            }
        });
        // labels in the order the space meets them, as the ranked table shows them; any others after
        Map<String, List<Double>> p = new LinkedHashMap<>();
        for (Choice c : choices) {
            TreeMap<Integer, Double> candidates = byIndex.remove(c.label());
            if (candidates != null) {
                p.put(c.label(), List.copyOf(candidates.values()));
            }
        }
        byIndex.forEach((label, candidates) -> p.put(label, List.copyOf(candidates.values())));
        return p;
    }

    /** The latest probabilities per label (empty when {@link #isEmpty()}, and for RandomOneShot). */
    public Map<String, List<Double>> probabilities() {
        return epochs.isEmpty() ? Map.of() : probabilities(epochs.size() - 1);
    }

    /**
     * The {@code k} best architectures, best first: the most likely by the latest probabilities, or
     * for RandomOneShot those with the highest inherited-weight accuracy of the ones scored so far.
     */
    public List<Entry> top(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (scored != null) {
            return scored.subList(0, Math.min(k, scored.size()));
        }
        List<Entry> ranked = rankedBySearch();
        if (!ranked.isEmpty()) {
            return ranked.subList(0, Math.min(k, ranked.size()));
        }
        Map<String, List<Double>> p = probabilities();
        List<Map.Entry<Map<String, Object>, Double>> beam = new ArrayList<>();
        if (p.isEmpty()) {
            return List.of();
        }
        beam.add(Map.entry(new LinkedHashMap<>(), 1.0));
        // keeping the k best partial products label by label is exact: the factors are independent
        for (Choice choice : choices) {
            List<Double> weights = candidateWeights(choice, p.get(choice.label()));
            if (weights == null) {
                continue;
            }
            List<Map.Entry<Map<String, Object>, Double>> next = new ArrayList<>();
            for (Map.Entry<Map<String, Object>, Double> partial : beam) {
                for (int i = 0; i < weights.size(); i++) {
                    Map<String, Object> values = new LinkedHashMap<>(partial.getKey());
                    values.put(choice.label(), choice.candidates().get(i));
                    next.add(Map.entry(values, partial.getValue() * weights.get(i)));
                }
            }
            next.sort(Map.Entry.<Map<String, Object>, Double>comparingByValue(Comparator.reverseOrder()));
            beam = new ArrayList<>(next.subList(0, Math.min(k, next.size())));
        }
        return beam.stream().map(e -> new Entry(Sample.of(e.getKey()), e.getValue())).toList();
    }

    /** The architectures the latest epoch ranked itself ({@link #RANKED}), most likely first; empty when it ranked none. */
    private List<Entry> rankedBySearch() {
        Map<String, Double> latest = epochs.isEmpty() ? Map.of() : epochs.get(epochs.size() - 1);
        List<Entry> ranked = new ArrayList<>();
        for (int r = 1; latest.containsKey(RANKED + r); r++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Choice c : choices) {
                Double index = latest.get(RANKED + r + "/" + c.label());
                if (index != null) {
                    values.put(c.label(), c.candidates().get(index.intValue()));
                }
            }
            ranked.add(new Entry(Sample.of(values), latest.get(RANKED + r)));
        }
        return ranked;
    }

    /** Each candidate's weight, or null for a label the supernet has no probabilities for. */
    private static List<Double> candidateWeights(Choice choice, List<Double> p) {
        if (p == null) {
            return null;
        }
        if (choice.kind() != ChoiceKind.INPUT) {
            return p.size() == choice.size() ? p : null;
        }
        List<Double> w = new ArrayList<>();
        double total = 0;
        for (Object candidate : choice.candidates()) {
            double product = 1;
            for (Object input : (List<?>) candidate) {
                int index = ((Number) input).intValue();
                product *= index < p.size() ? p.get(index) : 0;
            }
            w.add(product);
            total += product;
        }
        double sum = total;
        return sum > 0 ? w.stream().map(v -> v / sum).toList() : null;
    }

    /**
     * The {@code k} best architectures beside what {@code retrained} (e.g. the experiment
     * of {@code retrainTop(k, evaluator)}) measured training each from scratch: rank, one column
     * per label, the score ({@link #scoreName()}), and {@code retrained_metric}, the best finite final metric of
     * a trial of {@code retrained} with that architecture (missing where none has one).
     */
    public Table compare(ExperimentResults retrained, int k) {
        List<Entry> top = top(k);
        Table table = Table.create("one-shot ranking and retrained metric");
        IntColumn rank = IntColumn.create("rank");
        table.addColumns(rank);
        List<StringColumn> labels = new ArrayList<>();
        for (Choice c : choices) {
            StringColumn column = StringColumn.create(c.label());
            labels.add(column);
            table.addColumns(column);
        }
        DoubleColumn score = DoubleColumn.create(scoreName());
        DoubleColumn metric = DoubleColumn.create("retrained_metric");
        table.addColumns(score, metric);
        List<TrialRecord> trials = retrained.trials();
        for (int r = 0; r < top.size(); r++) {
            Sample sample = top.get(r).sample();
            rank.append(r + 1);
            for (int i = 0; i < choices.size(); i++) {
                String label = choices.get(i).label();
                labels.get(i).append(sample.has(label) ? choices.get(i).describe(sample.get(label)) : "");
            }
            score.append(top.get(r).score());
            List<TrialRecord> same = trials.stream().filter(t -> t.sample().equals(sample)).toList();
            List<TrialRecord> best = retrained.direction().best(same, 1);
            if (best.isEmpty()) {
                metric.appendMissing();
            } else {
                metric.append(best.get(0).metric().getAsDouble());
            }
        }
        return table;
    }

    /** The per-epoch table and the ranked architectures as script-free HTML. */
    public String html(int k) {
        return RankingHtml.html(this, k);
    }

    /** The ranked architectures as text lines. */
    public String text(int k) {
        return RankingHtml.text(this, k);
    }

    /** The ten most likely (or best scored) architectures as text, as the views show them (what jshell prints). */
    @Override
    public String toString() {
        return isEmpty() ? "No architecture ranking: not a one-shot search, or its supernet has completed no epoch"
                : text(Views.RANKED);
    }

    /** The per-epoch table and the ten most likely architectures as HTML, as the views show them (a cell's value). */
    public String html() {
        return isEmpty() ? "<p>" + Html.escape(toString()) + "</p>" : html(Views.RANKED);
    }

    /** The labels, in the order the space meets them. */
    List<Choice> choices() {
        return choices;
    }

    /** Whether the ranking is of architectures scored with inherited weights (RandomOneShot's), not of probabilities. */
    boolean isScored() {
        return scored != null;
    }

    /** How many architectures were scored with inherited weights; 0 for a ranking by probabilities. */
    int scoredCount() {
        return scored == null ? 0 : scored.size();
    }
}
