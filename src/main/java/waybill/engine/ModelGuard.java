package waybill.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.drools.compiler.kie.builder.impl.InternalKieModule;

/**
 * The guard over a rulebook compiled by Drools' executable model: every class the build wrote into the
 * KieModule is read ({@link BytecodeGuard}) — the rule classes whose methods declare each rule with the
 * model DSL, the lambda classes holding each condition, extractor and consequence, the class holding the
 * functions, the domain metadata and the project model — and each type, method and field it refers to
 * must be in the {@link Vocabulary}, or be one of Drools' own members its generated code needs ({@link
 * ModelPlumbing}: the model DSL only in the methods that declare rules, never in a lambda body or a
 * function). A refusal names the rule's file:line (the lambda
 * classes are traced to the rule whose declaration uses them), the function's, or else the class.
 */
final class ModelGuard {
    /** The methods of a lambda class that hold the rule's code. */
    private static final Set<String> LAMBDA_BODY = Set.of("test", "apply", "execute");

    private ModelGuard() {}

    /**
     * Over classes none of which has loaded yet: the executable model runs the code declaring its rules as
     * the KieBase is built, so the guard comes before that. Types the rule files declare are classes of the
     * module itself; a refusal names the rule's file and header line ({@code rules}: each rule's header).
     */
    static List<RuleError> check(InternalKieModule module, Map<String, String> files, Map<String, RuleSource> rules) {
        Set<String> declared = Set.of(); // declared types are the module's own classes
        Map<String, byte[]> classes = new TreeMap<>();
        for (String f : module.getFileNames()) {
            if (f.endsWith(".class")) {
                classes.put(f.substring(0, f.length() - ".class".length()), module.getBytes(f));
            }
        }
        Map<String, RuleError> functions = RuleGuard.functions(files);
        Map<String, RuleSource> owners = owners(classes, rules);
        List<RuleError> errors = new ArrayList<>();
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            String className = c.getKey();
            for (BytecodeGuard.Ref ref : BytecodeGuard.references(c.getValue())) {
                ModelPlumbing.Place place = place(className, ref.method(), functions.keySet());
                RuleGuard.why(ref, classes.keySet(), declared, key -> ModelPlumbing.allows(key, place))
                        .ifPresent(why -> errors.add(at(className, ref, why, owners, functions)));
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(errors));
    }

    /**
     * Where a reference sits: the project model and domain metadata; a method declaring rules ({@code
     * rule_*} of a rule methods class, the rules class's own methods but its functions); a lambda class's
     * frame; or rule code (a lambda's body, in a lambda class or a {@code lambda$} method, a function).
     */
    static ModelPlumbing.Place place(String className, String method, java.util.Collection<String> functions) {
        String simple = className.substring(className.lastIndexOf('/') + 1);
        if (simple.startsWith("DomainClassesMetadata") || simple.startsWith("ProjectModel_")) {
            return ModelPlumbing.Place.PROJECT;
        }
        if (simple.startsWith("Lambda")) {
            return method != null && LAMBDA_BODY.contains(method)
                    ? ModelPlumbing.Place.CODE
                    : ModelPlumbing.Place.FRAME;
        }
        if (method == null) {
            return simple.startsWith("Rules") ? ModelPlumbing.Place.STRUCTURE : ModelPlumbing.Place.CODE;
        }
        if (method.startsWith("lambda$") || functions.contains(method) || !simple.startsWith("Rules")) {
            return ModelPlumbing.Place.CODE;
        }
        return simple.matches("Rules\\w*RuleMethods\\d+") && !method.startsWith("rule_")
                ? ModelPlumbing.Place.CODE
                : ModelPlumbing.Place.STRUCTURE;
    }

    /**
     * Which rule each method that declares a rule, each of its lambdas and each lambda class it uses
     * belongs to: a {@code rule_*} method names its rule by a string constant.
     */
    private static Map<String, RuleSource> owners(Map<String, byte[]> classes, Map<String, RuleSource> rules) {
        Map<String, RuleSource> out = new HashMap<>();
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            if (!c.getKey().matches(".*/Rules\\w*RuleMethods\\d+")) {
                continue;
            }
            Map<String, RuleSource> byMethod = new HashMap<>();
            BytecodeGuard.strings(c.getValue())
                    .forEach((method, strings) -> strings.stream()
                            .filter(rules::containsKey)
                            .findFirst()
                            .ifPresent(name -> byMethod.put(method, rules.get(name))));
            for (BytecodeGuard.Ref ref : BytecodeGuard.references(c.getValue())) {
                RuleSource rule = ref.method() == null ? null : byMethod.get(ref.method());
                if (rule != null && classes.containsKey(ref.owner())) {
                    out.putIfAbsent(ref.owner(), rule);
                }
            }
            byMethod.forEach((method, rule) -> {
                out.put(c.getKey() + "." + method, rule);
                out.put(c.getKey() + ".lambda$" + method, rule);
            });
        }
        return out;
    }

    private static RuleError at(
            String className,
            BytecodeGuard.Ref ref,
            String why,
            Map<String, RuleSource> owners,
            Map<String, RuleError> functions) {
        String method = ref.method() == null ? "" : ref.method().replaceFirst("\\$\\d+$", "");
        RuleSource rule = owners.getOrDefault(className, owners.get(className + "." + method));
        if (rule != null) {
            return new RuleError(rule.file(), rule.line(), "rule \"" + rule.name() + "\" " + why);
        }
        String simple = className.substring(className.lastIndexOf('/') + 1);
        RuleError f = simple.startsWith("Rules") && ref.method() != null ? functions.get(ref.method()) : null;
        if (f != null) {
            return new RuleError(f.file(), f.line(), "function " + ref.method() + " " + why);
        }
        return new RuleError(
                "(generated class " + className.replace('/', '.') + ")",
                ref.line(),
                (ref.method() == null ? "" : "method " + ref.method() + " ") + why);
    }
}
