package org.jnas.nas.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jnas.nas.results.ExperimentResults;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;

/**
 * A dashboard source as results, read once: the trial table and the charts of the notebook come
 * from one snapshot of its trials, so that the dashboard draws and exports them the way the notebook
 * does (aggregated charts past 100 trials included).
 */
final class SourceResults implements ExperimentResults {
    private final DashboardSource source;
    private final List<TrialRecord> trials;

    SourceResults(DashboardSource source) {
        this.source = source;
        this.trials = source.trials();
    }

    @Override public String id() { return source.id(); }
    @Override public ExperimentStatus status() { return source.status(); }
    @Override public Direction direction() { return source.direction(); }
    @Override public List<Choice> choices() { return source.choices(); }
    @Override public List<Objective> objectives() { return source.objectives(); }
    @Override public List<TrialRecord> trials() { return trials; }
    @Override public OptionalLong maxTrials() { return source.maxTrials(); }
    @Override public Optional<TrainingProgress> supernetProgress() { return source.supernetProgress(); }
    @Override public Map<Long, TrainingProgress> trainingProgress() { return source.trainingProgress(); }

    @Override
    public Duration elapsed() {
        return source.startTime().map(s -> Duration.between(s, source.endTime().orElseGet(Instant::now))).orElse(Duration.ZERO);
    }
}
