package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public types of nas-lib, listed: growing the API (or letting machinery become public to
 * compile) is a deliberate act that changes this list, in the same commit as the reason.
 */
class PublicApiTest {
    private static final List<String> PUBLIC_TYPES = List.of(
            // org.jnas.nas: the experiment facade: what a notebook user writes to run and keep a search
            "DevicePolicy",
            "Experiment",
            "ExperimentConfig",
            "ExperimentView",
            "ExportFormat",
            // cluster: where trials run (exp.config().backend(...)): local threads or Slurm jobs, set up by the user
            "cluster.Backend",
            "cluster.Backends",
            "cluster.SlurmBackend",
            // space: model spaces: a DJL block with mutation points, its samples and choices
            "space.CellBlock",
            "space.CellBlock$Edge",
            "space.Choice",
            "space.ChoiceKind",
            "space.InputChoiceBlock",
            "space.Layers",
            "space.ModelSpace",
            "space.Reduction",
            "space.Sample",
            "space.Sampler",
            "space.SearchSpace",
            // the function that defines a model space: Serializable, so that a space ships to cluster jobs by value
            "space.SpaceFunction",
            // profile: what an architecture costs without training it (parameters, MACs, bytes)
            // measured inference latency of an architecture on a device, for users who time a block themselves
            "profile.Latency",
            "profile.Profile",
            // a parameter or MACs limit, for Middleware.constraint (skip architectures before training)
            "profile.ProfileLimit",
            // data: data sets for trials
            "data.ArrayData",
            "data.Datasets",
            "data.Normalization",
            "data.TrainTestData",
            // setData's loader: serializable, so that a built-in evaluator ships to Slurm jobs as code
            "data.TrainTestData$Loader",
            // trial: one trial: its evaluator, context, record, status and direction
            "trial.ConcurrentModel",
            "trial.Direction",
            "trial.Nas",
            // a metric and its direction: the objectives of a multi-objective search, and its Pareto front
            "trial.Objective",
            // where a one-shot search's supernet trial stands, step by step: the progress line's and the dashboard's
            "trial.TrainingProgress",
            "trial.TrialContext",
            "trial.TrialEvaluator",
            "trial.TrialRecord",
            "trial.TrialStatus",
            // strategy: exploration strategies, their protocol and middleware
            "strategy.Capacity",
            "strategy.GridSearch",
            "strategy.Middleware",
            // multi-objective evolution (NSGA-II style): its settings, as for the other strategies
            "strategy.Nsga2",
            "strategy.PolicyBasedRL",
            "strategy.Proposal",
            "strategy.RandomStrategy",
            "strategy.RegularizedEvolution",
            "strategy.Strategy",
            "strategy.StrategyCallJson",
            "strategy.StrategyState",
            "strategy.Tpe",
            "strategy.TrialOutcome",
            // evaluator: built-in evaluators and their settings
            "evaluator.ClassificationEvaluator",
            "evaluator.ClassificationEvaluator$Builder",
            // optLoss's factory: serializable, for the same reason
            "evaluator.LossFactory",
            "evaluator.OptimizerKind",
            "evaluator.PyTorchInit",
            "evaluator.RegressionEvaluator",
            "evaluator.RegressionEvaluator$Builder",
            "evaluator.RegressionMetric",
            // what both built-in evaluators are: data a one-shot strategy can split, its batch size and loss
            "evaluator.SupervisedEvaluator",
            // oneshot: a one-shot search as an experiment's strategy (Experiment.create(space, evaluator, OneShot.darts()),
            // and gumbelDarts, gdas, proxyless, enas, randomOneShot)
            "oneshot.OneShot",
            // oneshot: a weight-sharing search run in the caller's thread (DARTS, GumbelDARTS, RandomOneShot), and what it returns;
            // public so that a program or notebook can run it before experiments take one-shot strategies
            "oneshot.OneShotResult",
            // RandomOneShot's ranking of architectures by inherited weights: an entry of the result
            "oneshot.OneShotResult$Ranked",
            "oneshot.OneShotSearch",
            // what a one-shot cost penalty weighs (parameters or MACs): a setting of OneShotSearch.costPenalty
            "oneshot.OneShotSearch$Cost",
            // export: a model as Java code, and writers for custom blocks
            "export.BlockCodeWriter",
            "export.BlockCodeWriter$Context",
            "export.JavaCodeExporter",
            // results: what a search leaves: status, progress, summaries, tables, charts, diagrams
            "results.ArchitectureDiagram",
            // a one-shot search's probabilities and its ranked architectures (by probability, or for RandomOneShot by
            // inherited-weight accuracy: an entry's score and the ranking's scoreName), for the views, the dashboard and exports
            "results.ArchitectureRanking",
            "results.ArchitectureRanking$Entry",
            "results.ArchitectureDiagram$Row",
            "results.Chart",
            "results.ExperimentList",
            "results.ExperimentListener",
            "results.ExperimentProgress",
            "results.ExperimentResults",
            "results.ExperimentStatus",
            "results.ExperimentSummary",
            // why trials failed, each reason once with its trials: for the views and the dashboard (another package)
            "results.FailureReasons",
            "results.FailureReasons$Reason",
            "results.Html",
            "results.StoreException",
            "results.TrialTable",
            "results.UnknownExperimentException",
            // ui: the web dashboard and what it needs of an experiment and the store
            "ui.Dashboard",
            "ui.Dashboard$Builder",
            "ui.DashboardSource",
            "ui.StoredExperiments",
            // internal: machinery JNAS modules share, not an API
            "internal.BackgroundThreads",
            // the seam through which the notebook kernel stops a cancelled trial's cell code
            "internal.CodeStopper",
            "internal.CodeStopper$Host",
            // the seam through which the notebook kernel hands its cells' classes to a Slurm backend
            "internal.DefinedClasses",
            "internal.DefinedClasses$Source",
            "internal.DefinedClasses$Variable",
            "internal.LaunchContext",
            "internal.LaunchContext$Carrier",
            // internal.engine: the engine and its trial backend seam (internal; public for the facade and future backends)
            "internal.engine.EngineObserver",
            "internal.engine.EngineSettings",
            // how the facade's evaluator ends a trial it rules out before training (a latency limit)
            "internal.engine.NotTrained",
            "internal.engine.TrialBackend",
            "internal.engine.TrialBackend$Cancelled",
            "internal.engine.TrialEngine",
            "internal.engine.TrialEvents",
            // internal.store: the embedded database (internal; public for the facade)
            "internal.store.Durability",
            "internal.store.ExperimentInfo",
            "internal.store.ExperimentJournal",
            "internal.store.ExperimentStore",
            "internal.store.ExperimentStore$Builder",
            "internal.store.StoredExperiment");

    @Test
    void thePublicTypesAreTheListedOnes() {
        List<String> actual = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.jnas.nas")
                .stream()
                .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC) && !c.isAnonymousClass())
                .filter(c -> c.getEnclosingClass().map(e -> e.getModifiers().contains(JavaModifier.PUBLIC)).orElse(true))
                .map(JavaClass::getName)
                .map(name -> name.substring("org.jnas.nas.".length()))
                .sorted()
                .toList();
        assertEquals(PUBLIC_TYPES.stream().sorted().toList(), actual,
                "nas-lib's public types changed: update PUBLIC_TYPES if that is meant");
    }
}
