package org.jnas.nas;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.jnas.nas.internal.store.StoredExperiment;
import org.jnas.nas.results.ExperimentResults;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.ui.Dashboard;

/**
 * A stored experiment, read-only ({@code Experiment.view(id)}): its trials, table, views, exports
 * and dashboard as of the moment it was read. To continue it, use
 * {@code Experiment.resume(id, space, evaluator, strategy)}. Immutable.
 */
public final class ExperimentView implements ExperimentResults {
    private final StoredExperiment stored;
    private final Optional<ModelSpace> space;
    private final Optional<Path> home;
    private final ExperimentConfig config;

    private ExperimentView(StoredExperiment stored, Optional<ModelSpace> space, Optional<Path> home) {
        this.stored = stored;
        this.space = space;
        this.home = home;
        this.config = ConfigJson.read(stored.info().config(), new ExperimentConfig()).readOnly(
                "cannot change: experiment '" + stored.id() + "' is viewed read-only from the store; continue it with"
                        + " Experiment.resume(\"" + stored.id() + "\", space, evaluator, strategy)");
    }

    static ExperimentView of(Optional<Path> home, String id, Optional<ModelSpace> space) {
        Objects.requireNonNull(id, "id");
        return new ExperimentView(Stores.load(home, id), space, home);
    }

    @Override
    public String id() {
        return stored.id();
    }

    /** The name the experiment was given. */
    public String name() {
        return stored.info().name();
    }

    /** The strategy it searched with, by name. */
    public String strategyName() {
        return stored.info().strategyName();
    }

    /** The stored configuration, read-only: its setters refuse. */
    public ExperimentConfig config() {
        return config;
    }

    @Override
    public ExperimentStatus status() {
        return stored.status();
    }

    @Override
    public Direction direction() {
        return stored.info().direction();
    }

    @Override
    public List<Objective> objectives() {
        return config.objectives();
    }

    @Override
    public List<Choice> choices() {
        return stored.info().choices();
    }

    @Override
    public List<TrialRecord> trials() {
        return stored.trials();
    }

    @Override
    public OptionalLong maxTrials() {
        return config.maxTrials();
    }

    /** When the experiment was created. */
    public Instant created() {
        return stored.created();
    }

    /** When it ended, if it did. */
    public Optional<Instant> ended() {
        return stored.ended();
    }

    /** From its creation to its end, or to the last it was heard of when it CRASHED, or to now while it runs. */
    @Override
    public Duration elapsed() {
        return Duration.between(stored.created(), endOrLastHeard().orElseGet(Instant::now));
    }

    /**
     * When it ended; for a CRASHED experiment, which never wrote its end, the last event of its
     * trials (else its creation), so that its clock stops where its process did; empty while it runs.
     */
    Optional<Instant> endOrLastHeard() {
        if (stored.ended().isPresent() || stored.status() != ExperimentStatus.CRASHED) {
            return stored.ended();
        }
        return Optional.of(stored.trials().stream()
                .flatMap(t -> Stream.of(Optional.of(t.submitted()), t.started(), t.ended()).flatMap(Optional::stream))
                .max(Comparator.naturalOrder()).orElse(stored.created()));
    }

    /**
     * The {@code k} best succeeded trials: DICT as maps of choices and metrics; CODE as Java
     * source, which needs the space ({@code Experiment.view(id, space)}).
     */
    public <T> List<T> exportTopModels(int k, ExportFormat<T> format) {
        return exports().topModels(k, format);
    }

    /** The {@code k} best succeeded trials by one objective (see {@code Experiment.exportTopModels}). */
    public <T> List<T> exportTopModels(int k, ExportFormat<T> format, Objective by) {
        return exports().topModels(k, format, by);
    }

    /** The Pareto-optimal trials of the stored objectives, in trial id order (see {@code Experiment.exportParetoFront}). */
    public <T> List<T> exportParetoFront(ExportFormat<T> format) {
        return exports().paretoFront(format);
    }

    private Exports exports() {
        return new Exports(this, name(), space.map(s -> s::instantiate),
                "CODE export of stored experiment '" + id() + "' needs its model space: view it with Experiment.view(id, space)");
    }

    /** The dashboard of this stored experiment (read-only: its controls are disabled). */
    public Dashboard dashboard(int port) {
        return DashboardAdapter.dashboard(DashboardAdapter.view(this), home, port);
    }

    /** A trial's architecture as SVG, when the view has the space and the stored config an input shape. */
    public Optional<String> architectureSvg(long trialId) {
        return exports().architectureSvg(trialId, config.inputShape());
    }

    /** The id, status, progress line and trial table as text. */
    @Override
    public String toString() {
        return "Experiment " + id() + " (stored, read-only)\n" + text();
    }
}
