package dev.sandbench.engine.compat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The compatible APIs sit on top of the engine: they use its services, nothing in the engine
 * depends on them (but the composition root that starts them), and they form no package cycle,
 * so a fifth API is a new sub-package beside cage and sandkasten.
 */
class CompatArchitectureTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sandbench.engine");

    @Test
    void onlyTheEngineItselfReachesIntoTheCompatibleApis() {
        noClasses().that().resideOutsideOfPackage("dev.sandbench.engine.compat..")
                .and().doNotHaveFullyQualifiedName("dev.sandbench.engine.Engine")
                .should().dependOnClassesThat().resideInAPackage("dev.sandbench.engine.compat..")
                .because("the engine's features must not know which foreign SDKs are served over them")
                .check(ENGINE);
    }

    @Test
    void theCompatiblePackagesHaveNoCycles() {
        slices().matching("dev.sandbench.engine.compat.(**)").should().beFreeOfCycles().check(ENGINE);
        noClasses().that().resideInAPackage("dev.sandbench.engine.compat")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sandbench.engine.compat.*..")
                .because("the shared compat pieces are what each API builds on, not the other way round")
                .check(ENGINE);
    }
}
