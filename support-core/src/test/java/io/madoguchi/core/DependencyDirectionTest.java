package io.madoguchi.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies that {@code io.madoguchi.core}'s package documentation promises, checked on the
 * compiled classes: the desk depends on no component built on it nor on the integrations, and the components depend
 * neither on the desk nor on the integrations; only {@code io.madoguchi.core.integration} joins the two.
 */
class DependencyDirectionTest {

    private static final String[] DESK = {"io.madoguchi.core", "io.madoguchi.core.ticket..",
        "io.madoguchi.core.customer..", "io.madoguchi.core.store", "io.madoguchi.core.store.memory..",
        "io.madoguchi.core.inbound..", "io.madoguchi.core.agent..", "io.madoguchi.core.macro..",
        "io.madoguchi.core.event.."};
    private static final String[] COMPONENTS = {"io.madoguchi.core.sla..", "io.madoguchi.core.feedback..",
        "io.madoguchi.core.bot..", "io.madoguchi.core.automation..", "io.madoguchi.core.faq.."};
    private static final String INTEGRATION = "io.madoguchi.core.integration..";
    /** The one JSON codec of every area's events: it names them all, as the sealed event hierarchy does. */
    private static final String EVENT_CODEC = "io.madoguchi.core.event.EventJson";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.madoguchi.core");
    }

    private static DescribedPredicate<JavaClass> partOf(Set<String> topLevelNames, String description) {
        return DescribedPredicate.describe(description,
            c -> topLevelNames.contains(c.getName().split("\\$", 2)[0]));
    }

    @Test
    void theDeskDependsOnNoComponentBuiltOnIt() {
        noClasses().that().resideInAnyPackage(DESK)
            .and(DescribedPredicate.not(partOf(Set.of(EVENT_CODEC), "the event codec")))
            .should().dependOnClassesThat().resideInAnyPackage(COMPONENTS)
            .check(classes);
    }

    @Test
    void nothingButTheHostDependsOnTheIntegrations() {
        noClasses().that().resideInAnyPackage(DESK).or().resideInAnyPackage(COMPONENTS)
            .should().dependOnClassesThat().resideInAPackage(INTEGRATION)
            .check(classes);
    }

    @Test
    void noComponentDependsOnTheDesk() {
        noClasses().that().resideInAnyPackage(COMPONENTS)
            .should().dependOnClassesThat().belongToAnyOf(SupportDesk.class, SupportDesk.Builder.class)
            .check(classes);
    }

    @Test
    void theIntegrationsAreWhereTheDeskAndTheComponentsMeet() {
        // not vacuous: the package exists and its classes use both sides
        assertThat(classes.stream().filter(c -> c.getPackageName().equals("io.madoguchi.core.integration"))
            .filter(c -> c.getDirectDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().isEquivalentTo(SupportDesk.class)))
            .map(JavaClass::getSimpleName))
            .contains("DeskBridge", "DeskSurveys", "DeskEscalation", "SelfServiceBot", "Automations");
    }
}
