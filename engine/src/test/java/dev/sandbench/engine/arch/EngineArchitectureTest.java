package dev.sandbench.engine.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine's packages form no cycle: features depend on the shared pieces below them
 * ({@code core}, {@code api}, {@code store}...), never on each other in both directions, and only
 * the composition root ({@code Engine}, {@code EngineMain}) sits in the top package.
 */
class EngineArchitectureTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sandbench.engine");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("dev.sandbench.engine.(*)..").should().beFreeOfCycles().check(ENGINE);
    }

    @Test
    void nothingDependsOnTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage("dev.sandbench.engine")
                .should().dependOnClassesThat().resideInAPackage("dev.sandbench.engine")
                .because("the top package holds only what starts the engine; shared pieces live in core")
                .check(ENGINE);
    }
}
