package org.jnas.nas;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jnas.nas.trial.ConcurrentModel;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.evaluator.RegressionEvaluator;
import org.jnas.nas.internal.engine.TrialDriver;
import org.jnas.nas.export.JavaCodeExporter;
import org.jnas.nas.results.ArchitectureDiagram;
import org.jnas.nas.results.ExperimentList;
import org.jnas.nas.internal.store.ExperimentInfo;
import org.jnas.nas.internal.store.ExperimentJournal;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.internal.store.StoredExperiment;
import org.jnas.nas.ui.Dashboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentProgress;
import org.jnas.nas.results.ExperimentResults;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;

/**
 * A multi-trial search (NNI's {@code RetiariiExperiment}): a space, an evaluator and a strategy,
 * with a {@link #config()}. {@link #start()} returns at once and trials train concurrently in
 * background threads; {@link #run()} blocks until the search ends.
 *
 * <pre>{@code
 * Experiment exp = Experiment.create(space, evaluator, Strategy.random());
 * exp.config().name("mnist_search").trialConcurrency(2).maxTrials(20);
 * exp.run();
 * exp.exportTopModels(3, ExportFormat.DICT);
 * }</pre>
 *
 * <p>The search ends when the trial budget is spent, the strategy has nothing new to try, the
 * maximum duration has passed, or on {@link #stop()}. Thread-safe.
 */
public final class Experiment implements ExperimentResults, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Experiment.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final SearchSpace space;
    private final Function<Sample, Block> builder;
    private final ExperimentConfig config = new ExperimentConfig();
    private final List<ExperimentListener> listeners = TrialDriver.newListenerList();
    private final TrialDriver driver;
    private final String strategyName;
    private final List<Dashboard> dashboards = new CopyOnWriteArrayList<>();
    private volatile String id;
    private volatile BiConsumer<TrialRecord, JsonObject> userStateSink;
    private volatile boolean resumedFromStore;
    private volatile ExperimentJournal journal;

    private Experiment(SearchSpace space, Function<Sample, Block> builder, TrialEvaluator evaluator, Strategy strategy) {
        this.space = Objects.requireNonNull(space, "space");
        this.builder = Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(evaluator, "evaluator");
        Objects.requireNonNull(strategy, "strategy");
        this.strategyName = strategy.name();
        if (evaluator instanceof ClassificationEvaluator c) {
            config.defaultDirection(c.direction());
        } else if (evaluator instanceof RegressionEvaluator r) {
            config.defaultDirection(r.direction());
        }
        this.driver = new TrialDriver(space, builder, evaluator, strategy, config, listeners, TrialDriver::djlGpuCount);
        this.id = LocalDateTime.now().format(ID_TIME) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    /** A new experiment; configure it with {@link #config()}, then {@link #start()} or {@link #run()}. */
    public static Experiment create(ModelSpace space, TrialEvaluator evaluator, Strategy strategy) {
        Objects.requireNonNull(space, "space");
        return new Experiment(space, space::instantiate, evaluator, strategy);
    }

    /**
     * A new experiment over any {@link SearchSpace}, with {@code builder} turning a sample into a
     * fresh, uninitialised block (what {@code ModelSpace.instantiate} does for a model space).
     */
    public static Experiment create(SearchSpace space, Function<Sample, Block> builder, TrialEvaluator evaluator,
            Strategy strategy) {
        return new Experiment(space, builder, evaluator, strategy);
    }

    /** The configuration; its setters may be called until the experiment starts, and trial
     * concurrency and max trials also while it runs. */
    public ExperimentConfig config() {
        return config;
    }

    /** The experiment's id (unique, stable across restarts: the store's key). */
    @Override
    public String id() {
        return config.name() + "-" + id;
    }

    /**
     * Continues an earlier run of this experiment (what the store does after a restart): keeps its
     * id and trials (ended ones are not repeated, new ids continue after them; ones that had not
     * ended are recorded as CANCELLED) and restores the strategy from {@code strategyState} (null:
     * the strategy starts afresh). Call before {@link #start()}; {@link ExperimentConfig#maxTrials}
     * counts the earlier trials too.
     *
     * @param experimentId the earlier run's {@link #id()}
     */
    public Experiment resume(String experimentId, List<TrialRecord> earlierTrials, JsonObject strategyState) {
        Objects.requireNonNull(experimentId, "experimentId");
        String prefix = config.name() + "-";
        if (!experimentId.startsWith(prefix)) {
            throw new IllegalArgumentException("experiment id '" + experimentId + "' does not start with the name '"
                    + config.name() + "-': set config().name(...) to the earlier name first");
        }
        driver.restore(List.copyOf(earlierTrials), strategyState);
        this.id = experimentId.substring(prefix.length());
        return this;
    }

    /**
     * Receives, after each trial end, the ended trial and the strategy's state right after it
     * learnt the outcome: what a store persists so that {@link #resume} can continue. Called in the
     * trial's thread before the listeners' {@code onTrialEnded}; must be quick.
     */
    public void setStrategyStateSink(BiConsumer<TrialRecord, JsonObject> sink) {
        this.userStateSink = sink;
        driver.setStrategyStateSink(sink);
    }

    /** Starts the search in the background and returns at once. */
    public Experiment start() {
        if (driver.status() != ExperimentStatus.CREATED) {
            throw new IllegalStateException("experiment " + id() + " was started before; it is " + driver.status());
        }
        if (config.persist()) {
            openJournal();
        }
        config.freeze(this::configChanged);
        try {
            driver.start();
        } catch (RuntimeException e) {
            ExperimentJournal j = journal;
            if (j != null) {
                // the search never ran: record it as stopped rather than leave a RUNNING row behind
                j.experimentEnded(ExperimentStatus.STOPPED);
                j.store().close();
            }
            throw e;
        }
        return this;
    }

    /**
     * Starts the search (if not started) and blocks until it ends. With
     * {@link ExperimentConfig#progressOutput(PrintStream)} set, draws a progress line there about
     * once a second and the trial table at the end.
     */
    public void run() throws InterruptedException {
        if (driver.status() == ExperimentStatus.CREATED) {
            start();
        }
        PrintStream out = config.progressOutput();
        if (out == null) {
            driver.await();
            return;
        }
        while (!driver.await(Duration.ofSeconds(1))) {
            out.print("\r" + progressReport().line());
            out.flush();
        }
        out.println("\r" + progressReport().line());
        out.println();
        out.println(trialTable().text(true));
        out.flush();
    }

    private void configChanged() {
        driver.configChanged();
        ExperimentJournal j = journal;
        if (j != null) {
            j.configChanged(configJson());
        }
    }

    /**
     * Opens the store and hooks the journal in: trial starts and intermediates are written by a
     * listener that runs first, in the trial's thread, before {@code reportIntermediate} returns;
     * final results before {@code reportFinal} returns; trial ends go with the strategy's state through the state sink; the end of the experiment
     * closes the store. A store that cannot be opened is logged and the search runs unrecorded.
     */
    private void openJournal() {
        ExperimentStore store;
        try {
            store = openStore(config.home());
        } catch (RuntimeException e) {
            LOG.warn("JNAS store: could not open the store ({}); experiment {} runs without being recorded",
                    e.getMessage(), id(), e);
            return;
        }
        ExperimentJournal j;
        try {
            j = resumedFromStore ? store.reopen(id(), null)
                    : store.create(new ExperimentInfo(id(), config.name(), configJson(), spaceName(space), space.choices(),
                            strategyName, config.direction()), null);
        } catch (RuntimeException e) {
            LOG.warn("JNAS store: could not record experiment {} in {} ({}); it runs without being recorded",
                    id(), store.file(), e.getMessage(), e);
            store.close();
            return;
        }
        journal = j;
        // the whole row at submission and again with the final metrics: a kill keeps both
        driver.setRecordSink(j::trialStarted);
        driver.setStrategyStateSink((trial, state) -> {
            j.trialEnded(trial, state);
            BiConsumer<TrialRecord, JsonObject> user = userStateSink;
            if (user != null) {
                user.accept(trial, state);
            }
        });
        listeners.add(0, new ExperimentListener() {
            @Override
            public void onTrialStarted(TrialRecord trial) {
                j.trialStarted(trial);
            }

            @Override
            public void onIntermediate(TrialRecord trial) {
                j.intermediate(trial);
            }

            @Override
            public void onExperimentEnded(ExperimentStatus status) {
                try {
                    j.experimentEnded(status.isDone() ? status : ExperimentStatus.STOPPED);
                } finally {
                    store.close();
                }
            }
        });
    }

    static ExperimentStore openStore(Path home) {
        return home == null ? ExperimentStore.open() : ExperimentStore.open(home);
    }

    private static String spaceName(SearchSpace space) {
        return space instanceof ModelSpace m ? m.name() : space.getClass().getSimpleName();
    }

    /** The configuration as stored (and read back by {@link #resume(String, ModelSpace, TrialEvaluator, Strategy)}). */
    JsonObject configJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", config.name());
        o.addProperty("strategy", strategyName);
        o.addProperty("trialConcurrency", config.trialConcurrency());
        if (config.maxTrials() != Long.MAX_VALUE) {
            o.addProperty("maxTrials", config.maxTrials());
        }
        if (config.maxDuration() != null) {
            o.addProperty("maxDuration", config.maxDuration().toString());
        }
        if (config.maxTrialDuration() != null) {
            o.addProperty("maxTrialDuration", config.maxTrialDuration().toString());
        }
        o.addProperty("direction", config.direction().name());
        o.addProperty("seed", config.seed());
        o.addProperty("devicePolicy", config.devicePolicy().name());
        o.addProperty("keepTopWeights", config.keepTopWeights());
        if (config.directory() != null) {
            o.addProperty("directory", config.directory().toString());
        }
        if (config.inputShape() != null) {
            JsonArray shape = new JsonArray();
            for (long d : config.inputShape().getShape()) {
                shape.add(d);
            }
            o.add("inputShape", shape);
        }
        return o;
    }

    /** Applies a stored configuration (see {@link #configJson()}); unknown or missing keys are left alone. */
    static void applyConfig(ExperimentConfig config, JsonObject o) {
        if (o.has("name")) config.name(o.get("name").getAsString());
        if (o.has("trialConcurrency")) config.trialConcurrency(o.get("trialConcurrency").getAsInt());
        if (o.has("maxTrials")) config.maxTrials(o.get("maxTrials").getAsLong());
        if (o.has("maxDuration")) config.maxDuration(Duration.parse(o.get("maxDuration").getAsString()));
        if (o.has("maxTrialDuration")) config.maxTrialDuration(Duration.parse(o.get("maxTrialDuration").getAsString()));
        if (o.has("direction")) config.direction(Direction.valueOf(o.get("direction").getAsString()));
        if (o.has("seed")) config.seed(o.get("seed").getAsLong());
        if (o.has("devicePolicy")) config.devicePolicy(DevicePolicy.valueOf(o.get("devicePolicy").getAsString()));
        if (o.has("keepTopWeights")) config.keepTopWeights(o.get("keepTopWeights").getAsInt());
        if (o.has("directory")) config.directory(Path.of(o.get("directory").getAsString()));
        Shape shape = inputShape(o);
        if (shape != null) config.inputShape(shape);
    }

    static Shape inputShape(JsonObject config) {
        if (!config.has("inputShape") || !config.get("inputShape").isJsonArray()) {
            return null;
        }
        JsonArray a = config.getAsJsonArray("inputShape");
        long[] dims = new long[a.size()];
        int i = 0;
        for (JsonElement e : a) {
            dims[i++] = e.getAsLong();
        }
        return new Shape(dims);
    }

    // ---------------------------------------------------------------- stored experiments

    /** The experiments stored under the default JNAS home; print it for a text table, {@code html()} for HTML. */
    public static ExperimentList list() {
        return list(null);
    }

    /** The experiments stored under {@code home} (null: the default JNAS home). */
    public static ExperimentList list(Path home) {
        try (ExperimentStore store = openStore(home)) {
            return ExperimentList.create(store.list());
        }
    }

    /**
     * A stored experiment (finished, stopped or crashed, or one still running elsewhere, as of now),
     * read-only, with the same table, views, exports and dashboard.
     *
     * @throws org.jnas.nas.results.UnknownExperimentException naming the id and the latest stored ones
     */
    public static ExperimentView view(String id) {
        return view(null, id, null);
    }

    /**
     * Like {@link #view(String)}, with the model space the experiment searched: CODE export and
     * architecture diagrams then work too.
     */
    public static ExperimentView view(String id, ModelSpace space) {
        return view(null, id, space);
    }

    /** A stored experiment under {@code home} (null: the default home); {@code space} may be null. */
    public static ExperimentView view(Path home, String id, ModelSpace space) {
        Objects.requireNonNull(id, "id");
        try (ExperimentStore store = openStore(home)) {
            return new ExperimentView(store.load(id), space, home);
        }
    }

    /**
     * Continues a stored experiment (NNI's {@code resume}): the returned experiment has the stored
     * id, configuration and trials; ended trials are not repeated, new trial ids continue after the
     * stored ones, the strategy continues from its saved state, and results go to the same store
     * row. Change the configuration (e.g. a larger {@code maxTrials}) before {@link #run()}.
     *
     * @param space the same space as before (its choices must equal the stored ones)
     * @throws org.jnas.nas.results.UnknownExperimentException for an unknown id
     * @throws IllegalArgumentException when the space's choices differ from the stored ones, naming
     *     the first differing label
     * @throws IllegalStateException when the experiment is still running in a live process
     */
    public static Experiment resume(String id, ModelSpace space, TrialEvaluator evaluator, Strategy strategy) {
        return resume(null, id, space, evaluator, strategy);
    }

    /** {@link #resume(String, ModelSpace, TrialEvaluator, Strategy)} from the store under {@code home} (null: default). */
    public static Experiment resume(Path home, String id, ModelSpace space, TrialEvaluator evaluator, Strategy strategy) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(space, "space");
        StoredExperiment stored;
        try (ExperimentStore store = openStore(home)) {
            stored = store.load(id);
        }
        if (stored.status() == ExperimentStatus.RUNNING || stored.status() == ExperimentStatus.STOPPING) {
            throw new IllegalStateException("experiment '" + id + "' is still running in another live process;"
                    + " stop it there (or let it end) before resuming it here");
        }
        checkSameChoices(id, stored.choices(), space.choices());
        Experiment exp = create(space, evaluator, strategy);
        applyConfig(exp.config, stored.info().config());
        exp.config.name(stored.info().name().isEmpty() ? exp.config.name() : stored.info().name());
        exp.config.home(home);
        JsonObject state = stored.strategyState();
        exp.resume(id, stored.trials(), state.size() == 0 ? null : state);
        exp.resumedFromStore = true;
        return exp;
    }

    static void checkSameChoices(String id, List<Choice> stored, List<Choice> now) {
        for (int i = 0; i < Math.max(stored.size(), now.size()); i++) {
            Choice a = i < stored.size() ? stored.get(i) : null;
            Choice b = i < now.size() ? now.get(i) : null;
            if (a == null || b == null || !a.sameAs(b)) {
                String label = a != null ? a.label() : b.label();
                throw new IllegalArgumentException("the space does not match stored experiment '" + id
                        + "': choice '" + label + "' was " + (a == null ? "absent" : a.kind() + " " + a.candidates())
                        + " and is now " + (b == null ? "absent" : b.kind() + " " + b.candidates())
                        + "; resume with the space the experiment searched");
            }
        }
    }

    // ---------------------------------------------------------------- views and dashboard

    @Override
    public Direction direction() {
        return config.direction();
    }

    @Override
    public List<Choice> choices() {
        return space.choices();
    }

    @Override
    public long maxTrials() {
        return config.maxTrials();
    }

    @Override
    public Duration elapsed() {
        return driver.progress().elapsed();
    }

    /**
     * Serves the web dashboard of this experiment on 127.0.0.1:{@code port} (0: any free port),
     * live while it runs, with the list of stored experiments; closed with the experiment.
     *
     * @throws IllegalStateException naming the port when it is in use
     */
    @Override
    public Dashboard dashboard(int port) {
        Dashboard d = Dashboard.builder()
                .optSource(DashboardAdapter.live(this))
                .optStoredExperiments(DashboardAdapter.stored(config.home()))
                .optPort(port)
                .build();
        dashboards.add(d);
        return d;
    }

    /** The architecture of a trial as an SVG diagram, when {@link ExperimentConfig#inputShape} is set. */
    public Optional<String> architectureSvg(long trialId) {
        Shape shape = config.inputShape();
        if (shape == null) {
            return Optional.empty();
        }
        return trials().stream().filter(t -> t.id() == trialId).findFirst()
                .map(t -> ArchitectureDiagram.of(builder.apply(t.sample()), shape, "trial " + t.id()).svg());
    }

    Function<Sample, Block> builder() {
        return builder;
    }

    String strategyName() {
        return strategyName;
    }

    /** Waits up to {@code timeout} for the search to end; true if it has ended. */
    public boolean await(Duration timeout) throws InterruptedException {
        return driver.await(timeout);
    }

    /**
     * Stops the search: no new trials; running trials see their stop flag, and those still running
     * after {@link ExperimentConfig#stopGracePeriod()} are cancelled. Returns at once; the status is
     * STOPPING until the last trial has ended, then STOPPED (use {@link #await}).
     */
    public void stop() {
        driver.stop();
    }

    /** Where the experiment is in its life. */
    @Override
    public ExperimentStatus status() {
        return driver.status();
    }

    /** Why the search ended, e.g. "maxTrials 20 reached" ("" while it runs). */
    public String endReason() {
        return driver.endReason();
    }

    /** Done/total trials, running, failed, elapsed time and the best metric so far. */
    public ExperimentProgress progress() {
        return driver.progress();
    }

    /** Snapshots of all trials so far, by id. */
    @Override
    public List<TrialRecord> trials() {
        return driver.trials();
    }

    /** The best succeeded trial in the configured direction. */
    @Override
    public Optional<TrialRecord> bestTrial() {
        return driver.bestTrial();
    }

    /** Subscribes a listener; it first receives nothing of the past (read {@link #trials()}). */
    public void addListener(ExperimentListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ExperimentListener listener) {
        listeners.remove(listener);
    }

    /**
     * The {@code k} best trials: {@link ExportFormat#DICT} gives {@code Map<String, Object>}s
     * (choices plus metrics), {@link ExportFormat#CODE} gives Java source {@code String}s.
     */
    @Override
    public List<Object> exportTopModels(int k, ExportFormat format) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        Objects.requireNonNull(format, "format");
        List<Object> out = new ArrayList<>();
        for (TrialRecord trial : driver.topTrials(k)) {
            if (format == ExportFormat.DICT) {
                out.add(TopModels.dict(trial));
            } else {
                String className = JavaCodeExporter.className(config.name(), trial.id());
                out.add(JavaCodeExporter.export(builder.apply(trial.sample()), className,
                        "trial " + trial.id() + " of experiment " + id() + ": " + trial.sample()
                                + ", metric " + trial.metric().orElse(Double.NaN)));
            }
        }
        return out;
    }

    /**
     * A model of trial {@code trialId}'s architecture holding the trained weights kept by
     * {@link ExperimentConfig#keepTopWeights(int)}, on the CPU; close it when done.
     *
     * @throws IllegalArgumentException when there is no such trial or its weights were not kept
     */
    public Model loadModel(long trialId) {
        TrialRecord trial = trials().stream().filter(t -> t.id() == trialId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no trial " + trialId + " in experiment " + id()));
        byte[] weights = driver.keptWeights(trialId).orElseThrow(() -> new IllegalArgumentException(
                "the weights of trial " + trialId + " were not kept: keepTopWeights is " + config.keepTopWeights()
                        + " and only the best succeeded trials whose evaluator trained trial.model()/block() keep theirs"));
        Model model = ConcurrentModel.newInstance("trial-" + trialId, Device.cpu());
        try {
            Block block = builder.apply(trial.sample());
            block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(weights)));
            model.setBlock(block);
            return model;
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("could not load the weights of trial " + trialId, e);
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalStateException("could not load the weights of trial " + trialId + ": " + e.getMessage(), e);
        }
    }

    /** The search space. */
    public SearchSpace space() {
        return space;
    }

    /** Stops the search if it runs, waits up to the grace period for it, and releases its threads. */
    @Override
    public void close() {
        for (Dashboard d : dashboards) {
            d.close();
        }
        dashboards.clear();
        driver.stop();
        try {
            driver.await(config.stopGracePeriod().plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        driver.shutdown();
    }

    /** The experiment's id, its progress line and its trial table as text (what jshell prints). */
    @Override
    public String toString() {
        return "Experiment " + id() + "\n" + text();
    }
}
