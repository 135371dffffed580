package kcbx;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.micronaut.http.annotation.Controller;

/**
 * The rooms of the service and the arrows between them (README, "Folders"), kept by the build:
 * publishing -> decision -> ruleset -> engine -> facts, no cycle between any two packages under
 * kcbx, and an engine that knows nothing of HTTP or SQL, so it can be driven from a plain unit
 * test or a command line. Only the service's own classes are analysed, not the tests.
 */
@AnalyzeClasses(packages = "kcbx", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    @ArchTest
    static final ArchRule noPackageCycle = slices().matching("kcbx.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule engineKnowsNoHttpOrSql = noClasses().that().resideInAPackage("kcbx.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micronaut.http..", "java.sql..", "javax.sql..",
                    "io.micronaut.data..", "io.micronaut.jdbc..", "io.micronaut.transaction..", "java.net.http..")
            .orShould().dependOnClassesThat().areAnnotatedWith(Controller.class)
            .because("the engine compiles and evaluates rules from plain files and facts; only controllers know"
                    + " HTTP and only stores know SQL");

    /** What the engine is made of: the facts rules see, the school calendar, Drools and the parsers it checks rule code with. */
    @ArchTest
    static final ArchRule engineImportsFactsCalendarAndKieOnly = classes().that().resideInAPackage("kcbx.engine..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("kcbx.engine..", "kcbx.facts..", "kcbx.calendar..",
                    // the codes of the public contract (generated enums) a rule file may name
                    "kcbx.api.model..",
                    "java..", "org.kie..", "org.drools..", "com.github.javaparser..", "org.yaml.snakeyaml..",
                    "org.slf4j..");

    @ArchTest
    static final ArchRule engineDependsOnNoRoomAboveIt = noClasses().that().resideInAPackage("kcbx.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("kcbx.ruleset..", "kcbx.decision..",
                    "kcbx.publishing..", "kcbx.audit..", "kcbx.system..", "kcbx.security..");

    @ArchTest
    static final ArchRule rulesetDependsOnNoRoomAboveIt = noClasses().that().resideInAPackage("kcbx.ruleset..")
            .should().dependOnClassesThat().resideInAnyPackage("kcbx.decision..", "kcbx.publishing..");

    @ArchTest
    static final ArchRule decisionDependsNotOnPublishing = noClasses().that().resideInAPackage("kcbx.decision..")
            .should().dependOnClassesThat().resideInAPackage("kcbx.publishing..");

    @ArchTest
    static final ArchRule factsDependOnNoRoomAboveThem = noClasses().that().resideInAPackage("kcbx.facts..")
            .should().dependOnClassesThat().resideInAnyPackage("kcbx.engine..", "kcbx.ruleset..", "kcbx.decision..",
                    "kcbx.publishing..");
}
