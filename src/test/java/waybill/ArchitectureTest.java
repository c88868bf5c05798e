package waybill;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The package table of docs/design.md, enforced on the main code: which Waybill packages each package
 * may use, what the engine must never touch (HTTP, the store, the Azure wire shapes), that nothing but
 * the command line uses the HTTP layer, and that no two packages depend on each other.
 */
class ArchitectureTest {
    /** Each package and the Waybill packages it may use (besides itself); the table in docs/design.md. */
    static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("json", List.of());
        MAY_USE.put("timers", List.of("job"));
        MAY_USE.put("drive", List.of());
        MAY_USE.put("job", List.of("drive"));
        MAY_USE.put("azure", List.of("job", "drive", "json"));
        MAY_USE.put("fact", List.of("job", "drive", "azure"));
        MAY_USE.put("engine", List.of("job", "drive", "fact"));
        MAY_USE.put("store", List.of("engine", "fact", "job", "drive", "json", "timers", "rulesops.history"));
        MAY_USE.put(
                "store.mongo",
                List.of("store", "engine", "fact", "job", "drive", "json", "timers", "rulesops.history"));
        MAY_USE.put("backup", List.of("store", "store.mongo"));
        MAY_USE.put("decision", List.of("engine", "fact", "job", "drive", "timers", "store"));
        MAY_USE.put(
                "scenario", List.of("engine", "fact", "job", "drive", "azure", "timers", "json", "decision", "store"));
        MAY_USE.put("rulesops.history", List.of("json"));
        MAY_USE.put(
                "rulesops",
                List.of("json", "engine", "fact", "job", "drive", "decision", "scenario", "store", "rulesops.history"));
        MAY_USE.put("delivery", List.of("engine", "fact", "job", "drive", "json", "timers", "store"));
        MAY_USE.put("access", List.of("json"));
        MAY_USE.put("ops", List.of("drive", "engine", "fact", "job", "scenario", "store"));
        MAY_USE.put("config", List.of("access", "json", "engine"));
        MAY_USE.put(
                "api",
                List.of(
                        "access",
                        "azure",
                        "backup",
                        "config",
                        "decision",
                        "delivery",
                        "drive",
                        "engine",
                        "fact",
                        "job",
                        "json",
                        "ops",
                        "rulesops",
                        "rulesops.history",
                        "scenario",
                        "store",
                        "timers"));
        MAY_USE.put(
                "cli",
                List.copyOf(new TreeSet<>(Set.of(
                        "access",
                        "api",
                        "azure",
                        "backup",
                        "config",
                        "decision",
                        "delivery",
                        "drive",
                        "engine",
                        "fact",
                        "job",
                        "json",
                        "ops",
                        "rulesops",
                        "rulesops.history",
                        "scenario",
                        "store",
                        "store.mongo",
                        "timers"))));
    }

    static JavaClasses main;

    /** A row's package: itself, and its sub-packages unless they have rows of their own. */
    static String pattern(String pkg) {
        boolean ownRows = MAY_USE.keySet().stream().anyMatch(other -> other.startsWith(pkg + "."));
        return "waybill." + pkg + (ownRows ? "" : "..");
    }

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("waybill");
    }

    @TestFactory
    List<DynamicTest> eachPackageUsesOnlyThePackagesItsRowNames() {
        return MAY_USE.keySet().stream()
                .map(pkg -> DynamicTest.dynamicTest(pkg, () -> {
                    String[] forbidden = MAY_USE.keySet().stream()
                            .filter(other ->
                                    !other.equals(pkg) && !MAY_USE.get(pkg).contains(other))
                            .map(ArchitectureTest::pattern)
                            .toArray(String[]::new);
                    if (forbidden.length > 0) {
                        noClasses()
                                .that()
                                .resideInAPackage(pattern(pkg))
                                .should()
                                .dependOnClassesThat()
                                .resideInAnyPackage(forbidden)
                                .because("docs/design.md: " + pkg + " uses only " + MAY_USE.get(pkg))
                                .check(main);
                    }
                }))
                .toList();
    }

    @Test
    void everyPackageHasARow() {
        Set<String> packages = new TreeSet<>();
        main.forEach(c -> {
            String pkg = c.getPackageName().replaceFirst("^waybill\\.?", "");
            if (!pkg.isEmpty()
                    && MAY_USE.keySet().stream()
                            .noneMatch(row -> pkg.equals(row)
                                    || pkg.startsWith(row + ".")
                                            && !pattern(row).endsWith(row))) {
                packages.add(pkg);
            }
        });
        org.junit.jupiter.api.Assertions.assertTrue(packages.isEmpty(), "packages missing from the table: " + packages);
    }

    @Test
    void theEngineTouchesNoHttpNoStoreAndNoAzureWireShapes() {
        noClasses()
                .that()
                .resideInAPackage("waybill.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.javalin..",
                        "com.mongodb..",
                        "de.bwaldvogel..",
                        "org.bson..",
                        "waybill.store..",
                        "waybill.azure..",
                        "waybill.api..")
                .check(main);
    }

    @Test
    void onlyTheCommandLineUsesTheHttpLayer() {
        noClasses()
                .that()
                .resideOutsideOfPackages("waybill.api..", "waybill.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("waybill.api..")
                .check(main);
    }

    @Test
    void onlyTheHttpLayerUsesJavalinAndOnlyTheMongoDbStoreAndItsBackupUseMongoDb() {
        noClasses()
                .that()
                .resideOutsideOfPackage("waybill.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.javalin..")
                .check(main);
        noClasses()
                .that()
                .resideOutsideOfPackages("waybill.store.mongo..", "waybill.backup..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.mongodb..", "de.bwaldvogel..", "org.bson..")
                .check(main);
    }

    @Test
    void onlyTheCompositionRootAndTheStoreMakeThreads() {
        // the service's threads are cli.Service's to make, name and stop (docs/store.md, runtime map); the
        // store's writers are the store's own, ended by its close
        noClasses()
                .that()
                .resideOutsideOfPackages("waybill.cli..", "waybill.store.mongo..")
                .should()
                .callConstructorWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(Thread.class))))
                .orShould()
                .dependOnClassesThat()
                .belongToAnyOf(java.util.concurrent.Executors.class, java.util.concurrent.ForkJoinPool.class)
                .check(main);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("waybill.(**)").should().beFreeOfCycles().check(main);
    }
}
