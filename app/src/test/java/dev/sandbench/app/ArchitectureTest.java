package dev.sandbench.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The house rules that keep GUI out of logic and the engine out of the app. */
class ArchitectureTest {
    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sandbench.app");

    @Test
    void viewModelsDoNotTouchControls() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .or().haveSimpleNameEndingWith("Model")
                .or().haveSimpleNameEndingWith("Form")
                .or().resideInAnyPackage("..app.connection..", "..app.task..", "..app.settings..")
                .or().haveSimpleName("Notifier")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..")
                .because("view-models are plain Java with properties, tested without a robot")
                .check(APP);
    }

    @Test
    void onlyTheEmbeddedEngineLauncherTouchesEngineClasses() {
        noClasses().that().doNotHaveSimpleName("EmbeddedEngine").and().doNotHaveSimpleName("Main")
                .should().dependOnClassesThat().resideInAPackage("dev.sandbench.engine..")
                .because("the app talks to engines through the client over HTTP, the embedded one included")
                .check(APP);
    }
}
