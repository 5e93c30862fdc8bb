package org.jnas.nas;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layers of nas-lib and the one way their dependencies point. A space knows nothing of
 * search, a strategy nothing of execution, the engine nothing of experiments, notebooks or
 * storage; the experiment facade in the root package ties them together. A new edge that points
 * back fails here: change the design on purpose, not by accident.
 *
 * <pre>
 *   space, data                      what to search, what to train on
 *   profile                          what an architecture costs, without training it
 *   trial                            a trial: evaluator, context, record, direction
 *   strategy, evaluator, export      how to explore; built-in training; a model as code
 *   oneshot                          weight-sharing search: the space as a supernet, DARTS
 *   internal.engine                  runs trials (behind a backend seam)
 *   results                          what a search leaves: status, progress, tables, charts
 *   internal.store, ui               the database; the dashboard
 *   org.jnas.nas                     the experiment facade
 * </pre>
 */
class ArchitectureTest {
    private static final JavaClasses NAS_LIB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.jnas.nas");

    @Test
    void layersPointOneWay() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Space").definedBy("org.jnas.nas.space..")
                .layer("Data").definedBy("org.jnas.nas.data..")
                .layer("Profile").definedBy("org.jnas.nas.profile..")
                .layer("Trial").definedBy("org.jnas.nas.trial..")
                .layer("Strategy").definedBy("org.jnas.nas.strategy..")
                .layer("Evaluator").definedBy("org.jnas.nas.evaluator..")
                .layer("Export").definedBy("org.jnas.nas.export..")
                .layer("OneShot").definedBy("org.jnas.nas.oneshot..")
                .layer("Threads").definedBy("org.jnas.nas.internal")
                .layer("Engine").definedBy("org.jnas.nas.internal.engine..")
                .layer("Results").definedBy("org.jnas.nas.results..")
                .layer("Store").definedBy("org.jnas.nas.internal.store..")
                .layer("Ui").definedBy("org.jnas.nas.ui..")
                .layer("Cluster").definedBy("org.jnas.nas.cluster..")
                .layer("Facade").definedBy("org.jnas.nas")

                .whereLayer("Space").mayNotAccessAnyLayer()
                // downloads run on JNAS's background threads, never in a notebook cell's thread group
                .whereLayer("Data").mayOnlyAccessLayers("Threads")
                // profiles read a space's blocks; strategies, the engine and results may read profiles
                .whereLayer("Profile").mayOnlyAccessLayers("Space")
                .whereLayer("Threads").mayNotAccessAnyLayer()
                .whereLayer("Trial").mayOnlyAccessLayers("Space")
                .whereLayer("Strategy").mayOnlyAccessLayers("Trial", "Space", "Profile")
                .whereLayer("Evaluator").mayOnlyAccessLayers("Trial", "Data", "Space")
                .whereLayer("Export").mayOnlyAccessLayers("Space")
                // a one-shot search trains a supernet of a space on data with the trial's model; only
                // the facade may use it (when experiments run one-shot searches); it reads profiles to
                // weigh candidates by their cost
                .whereLayer("OneShot").mayOnlyAccessLayers("Space", "Trial", "Strategy", "Evaluator", "Data", "Profile")
                .whereLayer("OneShot").mayOnlyBeAccessedByLayers("Facade")
                .whereLayer("Engine").mayOnlyAccessLayers("Strategy", "Trial", "Space", "Threads", "Profile")
                .whereLayer("Results").mayOnlyAccessLayers("Trial", "Space", "Profile")
                .whereLayer("Store").mayOnlyAccessLayers("Results", "Strategy", "Trial", "Space")
                .whereLayer("Ui").mayOnlyAccessLayers("Results", "Trial", "Space", "Threads")
                // trials as cluster jobs: a trial backend (the engine's seam) whose workers build the
                // space's blocks and run the trial; only the facade chooses a backend
                .whereLayer("Cluster").mayOnlyAccessLayers("Engine", "Trial", "Space", "Threads")
                .whereLayer("Cluster").mayOnlyBeAccessedByLayers("Facade")
                .whereLayer("Facade").mayNotBeAccessedByAnyLayer()
                .check(NAS_LIB);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.jnas.nas.(**)").should().beFreeOfCycles().check(NAS_LIB);
    }
}
