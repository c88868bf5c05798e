package waybill.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * The rule vocabulary: the only types and members rule files may use. Checked on every load of a
 * rulebook (check-rules, start, reload, forced reload, dry run) before Drools compiles anything: each
 * file is read with Drools' own DRL parser, and the Java in its consequences, functions and conditions
 * with a Java parser ({@link JavaVocabulary}); every type a name resolves to, as Java would resolve it
 * (imports, {@code java.lang}, fully qualified names), must be allowed here. docs/operations.md lists
 * the same allowlist for operators: keep the two together.
 *
 * <p>Allowed: the model ({@code waybill.job}, {@code waybill.drive}), the facts ({@code waybill.fact}),
 * the outcomes ({@link #OUTCOMES}), the rule files' own functions and declared types, {@code java.time}
 * (not {@code Clock}), the collections of {@code java.util}, {@code java.util.function},
 * {@code String}, {@code Math}, boxed primitives and a few exceptions ({@link #CLASSES}). Refused:
 * everything else, which includes {@code System}, {@code Runtime}, {@code ProcessBuilder}, threads,
 * reflection and class loading ({@link #MEMBERS}, class literals), files, network, JNDI, scripting;
 * and loops other than for-each, so that every firing ends.
 */
public final class Vocabulary {
    static final Set<String> PACKAGES = Set.of(
            "waybill.job",
            "waybill.drive",
            "waybill.fact",
            "java.time",
            "java.time.format",
            "java.time.temporal",
            "java.util.function");

    static final Set<String> OUTCOMES = Set.of(
            "waybill.engine.Action",
            "waybill.engine.ActionType",
            "waybill.engine.Refusal",
            "waybill.engine.Deletion",
            "waybill.engine.Now");

    static final Set<String> CLASSES = Set.of(
            "java.lang.Object",
            "java.lang.String",
            "java.lang.StringBuilder",
            "java.lang.CharSequence",
            "java.lang.Math",
            "java.lang.StrictMath",
            "java.lang.Number",
            "java.lang.Integer",
            "java.lang.Long",
            "java.lang.Short",
            "java.lang.Byte",
            "java.lang.Double",
            "java.lang.Float",
            "java.lang.Boolean",
            "java.lang.Character",
            "java.lang.Comparable",
            "java.lang.Iterable",
            "java.lang.Exception",
            "java.lang.RuntimeException",
            "java.lang.IllegalArgumentException",
            "java.lang.IllegalStateException",
            "java.lang.UnsupportedOperationException",
            "java.lang.NullPointerException",
            "java.lang.ArithmeticException",
            "java.lang.NumberFormatException",
            "java.lang.IndexOutOfBoundsException",
            "java.math.BigDecimal",
            "java.math.BigInteger",
            "java.math.RoundingMode",
            "java.util.Collection",
            "java.util.List",
            "java.util.ArrayList",
            "java.util.LinkedList",
            "java.util.Set",
            "java.util.HashSet",
            "java.util.LinkedHashSet",
            "java.util.TreeSet",
            "java.util.SortedSet",
            "java.util.NavigableSet",
            "java.util.Map",
            "java.util.HashMap",
            "java.util.LinkedHashMap",
            "java.util.TreeMap",
            "java.util.SortedMap",
            "java.util.NavigableMap",
            "java.util.Collections",
            "java.util.Arrays",
            "java.util.Objects",
            "java.util.Optional",
            "java.util.Iterator",
            "java.util.ListIterator",
            "java.util.Comparator",
            "java.util.Deque",
            "java.util.ArrayDeque",
            "java.util.Queue",
            "java.util.StringJoiner",
            "java.util.Locale",
            "java.util.stream.Collectors",
            // the request bodies a CreateJob or UpdateJob fact carries: data only
            "waybill.azure.PutJobParameters",
            "waybill.azure.UpdateJobParameters",
            "waybill.azure.JobDetails",
            "waybill.azure.DriveStatus",
            "waybill.azure.Identity");

    /** Not even in the allowed packages: the wall clock is read through the {@code Now} fact. */
    static final Set<String> EXCEPT = Set.of("java.time.Clock", "java.time.InstantSource");

    /** Members refused on any receiver: reflection, class loading, the process, threads' monitors. */
    static final Set<String> MEMBERS = Set.of(
            "getClass",
            "getClassLoader",
            "getDeclaringClass",
            "forName",
            "loadClass",
            "newInstance",
            "invoke",
            "invokeExact",
            "getMethod",
            "getMethods",
            "getDeclaredMethod",
            "getDeclaredMethods",
            "getField",
            "getFields",
            "getDeclaredField",
            "getDeclaredFields",
            "getConstructor",
            "getConstructors",
            "getDeclaredConstructor",
            "getDeclaredConstructors",
            "setAccessible",
            "getRuntime",
            "exec",
            "exit",
            "halt",
            "wait",
            "notify",
            "notifyAll",
            "parallelStream",
            "parallel",
            "getModule",
            "getProtectionDomain",
            "lookup",
            "finalize",
            "setDefault", // Locale.setDefault changes the whole JVM
            // endless or huge sequences, which would keep one firing running past any budget
            "iterate",
            "generate",
            "nCopies");

    /** What a consequence may call without a receiver: Drools' working-memory verbs. */
    static final Set<String> VERBS = Set.of("insert", "insertLogical", "update", "modify", "delete", "retract");

    private Vocabulary() {}

    /** Every use outside the vocabulary in the files, as file:line: message; empty when all keep to it. */
    public static List<RuleError> check(Map<String, String> files) {
        Map<String, PackageDescr> parsed = new java.util.TreeMap<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            DrlParser parser = new DrlParser();
            try {
                PackageDescr pkg = parser.parse(false, f.getValue());
                if (!parser.hasErrors() && pkg != null) {
                    parsed.put(f.getKey(), pkg);
                }
                // a file that does not parse is left to the compiler, which says where
            } catch (DroolsParserException e) {
                // the same
            }
        }
        Set<String> functions = new HashSet<>();
        Set<String> declared = new HashSet<>();
        for (PackageDescr pkg : parsed.values()) {
            for (FunctionDescr fn : pkg.getFunctions()) {
                functions.add(fn.getName());
            }
            for (FunctionImportDescr fi : pkg.getFunctionImports()) {
                String t = fi.getTarget();
                functions.add(t.substring(t.lastIndexOf('.') + 1));
            }
            for (TypeDeclarationDescr t : pkg.getTypeDeclarations()) {
                declared.add(pkg.getName() + "." + t.getTypeName());
            }
        }
        List<RuleError> errors = new ArrayList<>();
        files.forEach((file, content) -> errors.addAll(SourceTraps.unicodeEscapes(file, content)));
        parsed.forEach((file, pkg) ->
                errors.addAll(new DrlVocabulary(file, files.get(file), pkg, functions, declared).check()));
        return errors;
    }

    /** Names already looked up: the class path does not change, and a name that is no class is slow to find out. */
    private static final java.util.concurrent.ConcurrentMap<String, Optional<Class<?>>> LOADED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The class a name in Java source stands for, looked up without initialising it. */
    static Optional<Class<?>> load(String name) {
        return LOADED.computeIfAbsent(name, Vocabulary::find);
    }

    private static Optional<Class<?>> find(String name) {
        String n = name;
        while (true) {
            try {
                return Optional.of(Class.forName(n, false, Vocabulary.class.getClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                int dot = n.lastIndexOf('.');
                if (dot < 0) {
                    return Optional.empty();
                }
                n = n.substring(0, dot) + "$" + n.substring(dot + 1); // Map.Entry is Map$Entry
            }
        }
    }

    /** True when rules may use the class. */
    static boolean allowed(Class<?> c, Set<String> declared) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return true;
        }
        Class<?> top = c;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        String name = top.getName();
        if (EXCEPT.contains(name)) {
            return false;
        }
        return PACKAGES.contains(top.getPackageName())
                || OUTCOMES.contains(name)
                || CLASSES.contains(name)
                || declared.contains(name);
    }

    /** Why a class is refused, for the error: the class and what the vocabulary holds. */
    static String refusal(String what, Class<?> c) {
        return what + " uses " + c.getName() + ", which is outside the rule vocabulary (the model, the facts, "
                + "the outcomes, java.time, java.util collections, String, Math, boxed numbers; see "
                + "docs/operations.md, Rule vocabulary)";
    }
}
