package org.jnas.nas;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jnas.nas.export.JavaCodeExporter;
import org.jnas.nas.results.ArchitectureDiagram;
import org.jnas.nas.internal.store.StoredExperiment;
import org.jnas.nas.ui.Dashboard;
import org.jnas.nas.results.ExperimentResults;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;

/**
 * A stored experiment, read-only ({@code Experiment.view(id)}): its trials, table, views, exports
 * and dashboard as of the moment it was read. It cannot be started or stopped: use
 * {@code Experiment.resume(id, space, evaluator, strategy)} to continue it. Immutable.
 */
public final class ExperimentView implements ExperimentResults {
    private final StoredExperiment stored;
    private final ModelSpace space;
    private final Path home;

    ExperimentView(StoredExperiment stored, ModelSpace space, Path home) {
        this.stored = Objects.requireNonNull(stored, "stored");
        this.space = space;
        this.home = home;
    }

    /** Everything read from the store. */
    public StoredExperiment stored() {
        return stored;
    }

    @Override
    public String id() {
        return stored.id();
    }

    /** The name the experiment was given. */
    public String name() {
        return stored.info().name();
    }

    /** The stored configuration (name, strategy, trial concurrency, max trials, ...). */
    public JsonObject config() {
        return stored.info().config();
    }

    @Override
    public ExperimentStatus status() {
        return stored.status();
    }

    @Override
    public Direction direction() {
        return stored.direction();
    }

    @Override
    public List<Choice> choices() {
        return stored.choices();
    }

    @Override
    public List<TrialRecord> trials() {
        return stored.trials();
    }

    @Override
    public long maxTrials() {
        JsonObject config = stored.info().config();
        return config.has("maxTrials") ? config.get("maxTrials").getAsLong() : Long.MAX_VALUE;
    }

    @Override
    public Duration elapsed() {
        Instant from = stored.created();
        if (from == null) {
            return Duration.ZERO;
        }
        return Duration.between(from, stored.ended() != null ? stored.ended() : Instant.now());
    }

    @Override
    public Optional<TrialRecord> bestTrial() {
        return stored.bestTrial();
    }

    /**
     * The {@code k} best succeeded trials: DICT as {@code Map}s of choices and metrics; CODE as Java
     * source, which needs the space ({@code Experiment.view(id, space)}).
     */
    @Override
    public List<Object> exportTopModels(int k, ExportFormat format) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        Objects.requireNonNull(format, "format");
        if (format == ExportFormat.CODE && space == null) {
            throw new IllegalStateException("CODE export of stored experiment '" + id()
                    + "' needs its model space: view it with Experiment.view(id, space)");
        }
        List<Object> out = new ArrayList<>();
        for (TrialRecord trial : direction().best(trials(), k)) {
            if (format == ExportFormat.DICT) {
                out.add(TopModels.dict(trial));
            } else {
                out.add(JavaCodeExporter.export(space.instantiate(trial.sample()), JavaCodeExporter.className(name(), trial.id()),
                        "trial " + trial.id() + " of experiment " + id() + ": " + trial.sample()
                                + ", metric " + trial.metric().orElse(Double.NaN)));
            }
        }
        return out;
    }

    /** The dashboard of this stored experiment (read-only: its controls are disabled). */
    @Override
    public Dashboard dashboard(int port) {
        return Dashboard.builder()
                .optSource(DashboardAdapter.view(this))
                .optStoredExperiments(DashboardAdapter.stored(home))
                .optPort(port)
                .build();
    }

    /** A trial's architecture as SVG, when the view has the space and the stored config an input shape. */
    public Optional<String> architectureSvg(long trialId) {
        Shape shape = Experiment.inputShape(stored.info().config());
        if (space == null || shape == null) {
            return Optional.empty();
        }
        return trials().stream().filter(t -> t.id() == trialId).findFirst()
                .map(t -> ArchitectureDiagram.of(space.instantiate(t.sample()), shape, "trial " + t.id()).svg());
    }

    /** Refused: a viewed experiment is read-only. */
    public void start() {
        throw readOnly("started");
    }

    /** Refused: a viewed experiment is read-only. */
    public void run() {
        throw readOnly("run");
    }

    /** Refused: a viewed experiment is read-only. */
    public void stop() {
        throw readOnly("stopped");
    }

    private IllegalStateException readOnly(String what) {
        return new IllegalStateException("experiment '" + id() + "' is viewed read-only from the store and cannot be "
                + what + "; continue it with Experiment.resume(\"" + id() + "\", space, evaluator, strategy)");
    }

    /** The id, status, progress line and trial table as text. */
    @Override
    public String toString() {
        return "Experiment " + id() + " (stored, read-only)\n" + text();
    }
}
