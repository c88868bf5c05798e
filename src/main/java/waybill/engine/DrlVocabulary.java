package waybill.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;
import waybill.engine.JavaVocabulary.Kind;

/**
 * The {@link Vocabulary} check of one parsed rule file: its imports, globals, declared types, functions,
 * and each rule's attributes, conditions and consequence. Drools' parser gives the structure; the Java
 * in it goes to {@link JavaVocabulary}; conditions are walked by {@link DrlConditions}.
 */
final class DrlVocabulary {
    /** Rule attributes that change only how rules are ordered and grouped. */
    private static final Set<String> ATTRIBUTES = Set.of(
            "ruleflow-group",
            "agenda-group",
            "activation-group",
            "no-loop",
            "lock-on-active",
            "auto-focus",
            "salience",
            "enabled",
            "dialect",
            "date-effective",
            "date-expires");

    private final String file;
    private final String content;
    private final PackageDescr pkg;
    private final Set<String> declared;
    private final List<RuleError> errors = new ArrayList<>();
    private final Map<String, String> imports = new HashMap<>();
    private final List<String> wildcards = new ArrayList<>();
    private final Set<String> globals = new HashSet<>();
    private final JavaVocabulary java;
    private final DrlConditions conditions;

    DrlVocabulary(String file, String content, PackageDescr pkg, Set<String> functions, Set<String> declared) {
        this.file = file;
        this.content = content;
        this.pkg = pkg;
        this.declared = declared;
        this.java = new JavaVocabulary(file, this::resolve, declared, functions, errors);
        this.conditions = new DrlConditions(file, java, errors, this::typeName);
    }

    List<RuleError> check() {
        if (pkg.getAttributes().stream().anyMatch(a -> "dialect".equals(a.getName()) && !"java".equals(a.getValue()))) {
            errors.add(new RuleError(
                    file,
                    pkg.getLine(),
                    "the package's dialect must be java: only Java rule code is "
                            + "checked against the rule vocabulary"));
        }
        for (ImportDescr i : pkg.getImports()) {
            String t = i.getTarget();
            if (t.endsWith(".*")) {
                wildcards.add(t.substring(0, t.length() - 2));
            } else {
                imports.put(t.substring(t.lastIndexOf('.') + 1), t);
                Vocabulary.load(t)
                        .filter(c -> !Vocabulary.allowed(c, declared))
                        .ifPresent(c ->
                                errors.add(new RuleError(file, i.getLine(), Vocabulary.refusal("import " + t, c))));
            }
        }
        for (FunctionImportDescr fi : pkg.getFunctionImports()) {
            String owner = fi.getTarget().substring(0, Math.max(fi.getTarget().lastIndexOf('.'), 0));
            Optional<Class<?>> c = Vocabulary.load(owner);
            if (c.isEmpty() || !Vocabulary.allowed(c.get(), declared)) {
                errors.add(new RuleError(
                        file, fi.getLine(), "import function " + fi.getTarget() + " is outside the rule vocabulary"));
            }
        }
        pkg.getAccumulateImports()
                .forEach(a -> errors.add(new RuleError(
                        file,
                        a.getLine(),
                        "import accumulate " + a.getTarget()
                                + ": accumulate functions of your own are outside the rule vocabulary")));
        pkg.getWindowDeclarations()
                .forEach(w -> errors.add(
                        new RuleError(file, w.getLine(), "window declarations are outside the rule vocabulary")));
        pkg.getEnumDeclarations()
                .forEach(e -> errors.add(new RuleError(
                        file, e.getLine(), "declared enums are outside the rule vocabulary: use the model's")));
        for (GlobalDescr g : pkg.getGlobals()) {
            globals.add(g.getIdentifier());
            typeName(g.getType(), g.getLine(), "global " + g.getIdentifier());
        }
        for (TypeDeclarationDescr t : pkg.getTypeDeclarations()) {
            t.getSuperTypes().forEach(s -> typeName(s.getFullName(), t.getLine(), "declare " + t.getTypeName()));
            for (TypeFieldDescr f : t.getFields().values()) {
                typeName(f.getPattern().getObjectType(), f.getLine(), "field " + f.getFieldName());
                if (f.getInitExpr() != null) {
                    java.expression(Kind.FUNCTION, f.getInitExpr(), f.getLine(), Set.of(), "field " + f.getFieldName());
                }
            }
        }
        for (FunctionDescr fn : pkg.getFunctions()) {
            function(fn);
        }
        for (RuleDescr rule : pkg.getRules()) {
            rule(rule);
        }
        return errors;
    }

    private void function(FunctionDescr fn) {
        String what = "function " + fn.getName();
        typeName(fn.getReturnType(), fn.getLine(), what);
        fn.getParameterTypes().forEach(t -> typeName(t, fn.getLine(), what));
        java.block(
                Kind.FUNCTION,
                fn.getBody(),
                lineOf(fn.getBody(), fn, fn.getLine()),
                new HashSet<>(fn.getParameterNames()),
                what);
    }

    private void rule(RuleDescr rule) {
        String what = "rule \"" + rule.getName() + "\"";
        for (AttributeDescr a : rule.getAttributes().values()) {
            if (!ATTRIBUTES.contains(a.getName())) {
                errors.add(
                        new RuleError(
                                file,
                                a.getLine() > 0 ? a.getLine() : rule.getLine(),
                                what + ": the attribute " + a.getName()
                                        + " is outside the rule vocabulary (deadlines live in the store, not in Drools timers)"));
            } else if (a.getName().equals("dialect") && !"java".equals(a.getValue())) {
                errors.add(new RuleError(file, a.getLine(), what + ": the dialect must be java"));
            } else if (a.getName().equals("salience") && !a.getValue().strip().matches("-?\\d+")
                    || a.getName().equals("enabled") && !a.getValue().strip().matches("true|false")) {
                errors.add(new RuleError(file, a.getLine(), what + ": " + a.getName() + " must be a literal"));
            }
        }
        Set<String> bound = new HashSet<>(globals);
        conditions.lhs(rule.getLhs(), bound, what, rule.getLine());
        if (rule.getConsequence() instanceof String code) {
            consequence(code, lineOf(code, rule, rule.getConsequenceLine()), bound, what);
        }
        rule.getNamedConsequences()
                .forEach((name, code) -> consequence(
                        String.valueOf(code), rule.getConsequenceLine(), bound, what + " then[" + name + "]"));
    }

    /**
     * A consequence: Drools' own Java analyser finds its {@code modify(x) { ... }} blocks, which are
     * turned into the calls they stand for, so the Java parser reads plain Java.
     */
    private void consequence(String code, int line, Set<String> bound, String what) {
        String plain;
        try {
            plain = ModifyBlocks.plain(code);
        } catch (Exception e) {
            errors.add(new RuleError(file, line, what + ": the consequence cannot be read (" + e.getMessage() + ")"));
            return;
        }
        // drools and kcontext stay out of the variables: JavaVocabulary lets only getRule() be called on them
        java.block(Kind.CONSEQUENCE, plain, line, bound, what);
    }

    /**
     * The line where a piece of code starts: Drools gives the code trimmed, so it is found in the file
     * after the start of its rule or function; {@code fallback} when it is not found there.
     */
    private int lineOf(String code, BaseDescr owner, int fallback) {
        int at = code.isEmpty() ? -1 : content.indexOf(code, Math.max(owner.getStartCharacter(), 0));
        if (at < 0) {
            return fallback;
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (content.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    void typeName(String name, int line, String what) {
        if (name == null || name.isBlank() || name.equals("void")) {
            return;
        }
        String base = name.replaceAll("\\[\\s*]", "").strip();
        java.expression(Kind.FUNCTION, "(" + base + ") null", line, Set.of(), what);
    }

    /** A type name as Java resolves it in this file. */
    private Optional<Class<?>> resolve(String name) {
        int dot = name.indexOf('.');
        String head = dot < 0 ? name : name.substring(0, dot);
        String rest = dot < 0 ? "" : name.substring(dot);
        if (imports.containsKey(head)) {
            return Vocabulary.load(imports.get(head) + rest);
        }
        for (String candidate : new String[] {pkg.getName() + "." + name, "java.lang." + name}) {
            Optional<Class<?>> c = Vocabulary.load(candidate);
            if (c.isPresent()) {
                return c;
            }
        }
        for (String w : wildcards) {
            Optional<Class<?>> c = Vocabulary.load(w + "." + name);
            if (c.isPresent()) {
                return c;
            }
        }
        return dot < 0 ? Optional.empty() : Vocabulary.load(name);
    }
}
