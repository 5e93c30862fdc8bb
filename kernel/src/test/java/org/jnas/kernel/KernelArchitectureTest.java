package org.jnas.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The kernel's layers: what a message is (protocol), how bytes move (transport, the only ZeroMQ
 * user), the language behind four hooks (repl, the only JShell and javac user), what is shown
 * (display, nas), magics, and the session that routes requests to them. The kernel uses nas-lib
 * through its API, never through the engine or the store.
 */
class KernelArchitectureTest {
    private static final JavaClasses KERNEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.jnas.kernel");

    @Test
    void layersPointOneWay() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Protocol").definedBy("org.jnas.kernel.protocol..")
                .layer("Transport").definedBy("org.jnas.kernel.transport..")
                .layer("Repl").definedBy("org.jnas.kernel.repl..")
                .layer("Display").definedBy("org.jnas.kernel.display..")
                .layer("Magic").definedBy("org.jnas.kernel.magic..")
                .layer("Nas").definedBy("org.jnas.kernel.nas..")
                .layer("Session").definedBy("org.jnas.kernel.session..")
                .layer("Main").definedBy("org.jnas.kernel")

                .whereLayer("Protocol").mayNotAccessAnyLayer()
                .whereLayer("Repl").mayNotAccessAnyLayer()
                .whereLayer("Display").mayNotAccessAnyLayer()
                .whereLayer("Transport").mayOnlyAccessLayers("Protocol")
                .whereLayer("Magic").mayOnlyAccessLayers("Repl")
                .whereLayer("Nas").mayOnlyAccessLayers("Display")
                .whereLayer("Session").mayOnlyAccessLayers("Protocol", "Repl", "Display", "Magic", "Nas")
                .whereLayer("Main").mayOnlyAccessLayers("Protocol", "Transport", "Repl", "Session")
                .check(KERNEL);
    }

    @Test
    void onlyTheTransportUsesZeroMq() {
        noClasses().that().resideOutsideOfPackage("org.jnas.kernel.transport..")
                .should().dependOnClassesThat().resideInAPackage("org.zeromq..")
                .check(KERNEL);
    }

    @Test
    void onlyTheReplUsesJShellAndJavac() {
        noClasses().that().resideOutsideOfPackage("org.jnas.kernel.repl..")
                .should().dependOnClassesThat().resideInAnyPackage("jdk.jshell..", "com.sun.tools.javac..")
                .check(KERNEL);
    }

    @Test
    void nasLibIsUsedThroughItsApi() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.jnas.nas.internal.engine..", "org.jnas.nas.internal.store..")
                .check(KERNEL);
    }
}
