package org.jnas.nas;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jnas.nas.export.JavaCodeExporter;
import org.jnas.nas.results.ArchitectureDiagram;
import org.jnas.nas.results.ArchitectureRanking;
import org.jnas.nas.results.ExperimentResults;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * {@code exportTopModels}, {@code exportParetoFront} and architecture diagrams, for running and
 * stored experiments alike. A one-shot search exports its most likely architectures (its one trial
 * is the supernet, no architecture), a multi-trial search its best trials.
 *
 * @param results the experiment
 * @param name the experiment's name (exported class names)
 * @param builder builds a trial's block; CODE export and diagrams need it
 * @param noBuilder why there is no builder, for the error of a CODE export without one
 */
record Exports(ExperimentResults results, String name, Optional<Function<Sample, Block>> builder, String noBuilder) {
    /** The {@code k} best trials by the default metric ({@link Direction#best}); for a one-shot search its {@code k} most likely architectures. */
    <T> List<T> topModels(int k, ExportFormat<T> format) {
        checkK(k);
        ArchitectureRanking ranking = ArchitectureRanking.of(results);
        if (ranking.isEmpty()) {
            requireNoSupernet();
            return models(results.direction().best(results.trials(), k), format);
        }
        checkFormat(format);
        List<T> out = new ArrayList<>();
        List<ArchitectureRanking.Entry> top = ranking.top(k);
        for (int r = 0; r < top.size(); r++) {
            out.add(format == ExportFormat.DICT ? cast(format, dict(top.get(r), ranking.scoreName(), r + 1))
                    : cast(format, code(top.get(r), ranking.scoreName(), r + 1)));
        }
        return out;
    }

    /**
     * Throws when the experiment is a one-shot search whose supernet has no epoch to rank from (it
     * failed, was stopped or has not finished one): its trial holds no architecture, so an empty
     * list would hide why there is nothing to export.
     */
    private void requireNoSupernet() {
        if (results.choices().isEmpty()) {
            return; // a space without choices: every trial's sample is empty
        }
        results.trials().stream().filter(t -> t.sample().size() == 0).reduce((a, b) -> b).ifPresent(supernet -> {
            throw new IllegalStateException("experiment " + results.id() + " is a one-shot search and its supernet (trial "
                    + supernet.id() + ", " + supernet.status() + supernet.error().map(e -> ": " + e.lines().findFirst().orElse(""))
                    .orElse("") + ") has completed no epoch: there is no ranking to export yet");
        });
    }

    /**
     * The {@code k} best succeeded trials by {@code objective}: those with a finite value of its
     * metric, best first, ties by lower id.
     */
    <T> List<T> topModels(int k, ExportFormat<T> format, Objective objective) {
        checkK(k);
        Objects.requireNonNull(objective, "objective");
        return models(results.trials().stream()
                .filter(t -> t.status() == TrialStatus.SUCCEEDED && !Double.isNaN(objective.score(t.finalMetrics())))
                .sorted(Comparator.<TrialRecord>comparingDouble(t -> -objective.score(t.finalMetrics())).thenComparingLong(TrialRecord::id))
                .limit(k)
                .toList(), format);
    }

    /** The Pareto-optimal trials, in trial id order. */
    <T> List<T> paretoFront(ExportFormat<T> format) {
        return models(results.paretoFront(), format);
    }

    /** A trial's architecture drawn for {@code shape}, when both the shape and a builder are there. */
    Optional<String> architectureSvg(long trialId, Optional<Shape> shape) {
        if (shape.isEmpty() || builder.isEmpty()) {
            return Optional.empty();
        }
        return results.trials().stream().filter(t -> t.id() == trialId).findFirst()
                .map(t -> ArchitectureDiagram.of(builder.get().apply(t.sample()), shape.get(), "trial " + t.id()).svg());
    }

    /** {@code trials} in {@code format}, in the order given. */
    private <T> List<T> models(List<TrialRecord> trials, ExportFormat<T> format) {
        checkFormat(format);
        List<T> out = new ArrayList<>();
        for (TrialRecord trial : trials) {
            out.add(format == ExportFormat.DICT ? cast(format, dict(trial)) : cast(format, code(trial)));
        }
        return out;
    }

    /** Refuses a CODE export without a builder, saying why there is none. */
    private void checkFormat(ExportFormat<?> format) {
        Objects.requireNonNull(format, "format");
        if (format == ExportFormat.CODE && builder.isEmpty()) {
            throw new IllegalStateException(noBuilder);
        }
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(ExportFormat<T> format, Object exported) {
        return (T) exported; // DICT exports maps and CODE strings: the format's own type
    }

    /**
     * The DICT form (see {@link ExportFormat#DICT}): a metric named like a label, or like the keys
     * JNAS writes ({@code metric}, {@code trial}), is prefixed {@code metric.}, so {@code trial} is
     * always the trial's id (unless a label takes it: then {@code trial.id}).
     */
    static Map<String, Object> dict(TrialRecord trial) {
        Map<String, Object> out = new LinkedHashMap<>(trial.sample().values());
        trial.finalMetrics().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    String key = e.getKey().equals(TrialRecord.DEFAULT_METRIC) ? "metric" : e.getKey();
                    out.put(out.containsKey(key) || key.equals("trial") ? "metric." + key : key, e.getValue());
                });
        out.put(out.containsKey("trial") ? "trial.id" : "trial", trial.id());
        return out;
    }

    /**
     * A one-shot search's architecture: its choices, then its score under the ranking's name for it
     * ({@code probability}, or RandomOneShot's {@code inherited_accuracy}) and {@code rank}.
     */
    static Map<String, Object> dict(ArchitectureRanking.Entry architecture, String scoreName, int rank) {
        Map<String, Object> out = new LinkedHashMap<>(architecture.sample().values());
        out.put(out.containsKey(scoreName) ? "metric." + scoreName : scoreName, architecture.score());
        out.put(out.containsKey("rank") ? "metric.rank" : "rank", rank);
        return out;
    }

    private String code(ArchitectureRanking.Entry architecture, String scoreName, int rank) {
        String className = JavaCodeExporter.className(name, rank).replaceFirst("_trial(\\d+)$", "_rank$1");
        return JavaCodeExporter.export(builder.orElseThrow().apply(architecture.sample()), className,
                "architecture ranked " + rank + " by the supernet of experiment " + results.id() + ": "
                        + architecture.sample().describe(results.choices()) + ", " + scoreName + " " + architecture.score());
    }

    private String code(TrialRecord trial) {
        return JavaCodeExporter.export(builder.orElseThrow().apply(trial.sample()), JavaCodeExporter.className(name, trial.id()),
                "trial " + trial.id() + " of experiment " + results.id() + ": " + trial.sample().describe(results.choices())
                        + ", metric " + trial.metric().orElse(Double.NaN));
    }
}
