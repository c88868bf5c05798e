package waybill.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.TypeDeclaration;
import org.drools.core.rule.JavaDialectRuntimeData;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * The guard where rule code runs: after Drools compiled a rulebook, every class it generated from the
 * rule files (consequences, functions, evals, inline accumulate code, their invokers) is read
 * ({@link BytecodeGuard}) and every type, method and field it refers to must be in the {@link
 * Vocabulary}, or be one of the few members of Drools' own plumbing its generated code calls ({@link
 * DroolsPlumbing}). A rulebook with a class that reaches further is refused at load, naming the rule's
 * file:line (or the function's), else the class and member. Whatever the source check missed (unicode
 * escapes, shadowed names, reflection without a class literal) ends here: the bytecode is what runs.
 */
final class RuleGuard {
    private static final Pattern FUNCTION =
            Pattern.compile("^\\s*function\\s+[\\w.<>\\[\\], ]+?\\s+(\\w+)\\s*\\(", Pattern.MULTILINE);

    private RuleGuard() {}

    /** Every reference outside the vocabulary in the generated classes, as file:line: message. */
    static List<RuleError> check(KieBase kieBase, Map<String, String> files, Map<String, RuleSource> rules) {
        Set<String> declared = declared(kieBase);
        Map<String, RuleSource> byPrefix = prefixes(kieBase, rules);
        Map<String, RuleError> functions = functions(files);
        List<RuleError> errors = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            InternalKnowledgePackage ip = (InternalKnowledgePackage) pkg;
            if (!(ip.getDialectRuntimeRegistry().getDialectData("java") instanceof JavaDialectRuntimeData java)) {
                continue;
            }
            Set<String> own = new java.util.HashSet<>();
            java.getStore().keySet().forEach(k -> own.add(k.replaceFirst("\\.class$", "")));
            for (Map.Entry<String, byte[]> c : new java.util.TreeMap<>(java.getStore()).entrySet()) {
                String className = c.getKey().replaceFirst("\\.class$", "");
                boolean invoker = invoker(className, byPrefix);
                for (BytecodeGuard.Ref ref : BytecodeGuard.references(c.getValue())) {
                    why(ref, own, declared, invoker)
                            .ifPresent(why -> errors.add(at(className, ref, why, byPrefix, functions)));
                }
            }
        }
        return dedupe(errors);
    }

    /** Why a reference is refused, or empty when it is allowed. */
    static Optional<String> why(BytecodeGuard.Ref ref, Set<String> own, Set<String> declared, boolean invoker) {
        return why(ref, own, declared, key -> DroolsPlumbing.allows(key, invoker));
    }

    /** Why a reference is refused, with {@code plumbing} saying which of Drools' own members pass. */
    static Optional<String> why(
            BytecodeGuard.Ref ref,
            Set<String> own,
            Set<String> declared,
            java.util.function.Predicate<String> plumbing) {
        String owner = ref.owner();
        while (owner.startsWith("[")) {
            owner = owner.substring(1);
        }
        if (owner.startsWith("L") && owner.endsWith(";")) {
            owner = owner.substring(1, owner.length() - 1);
        }
        if (owner.length() == 1) {
            return Optional.empty(); // an array of a primitive
        }
        String key = ref.member() == null ? owner : owner + "." + ref.member();
        if (plumbing.test(key)) {
            return Optional.empty();
        }
        if (ref.member() != null && Vocabulary.MEMBERS.contains(ref.member())) {
            return Optional.of("calls " + ref.show() + ", which is outside the rule vocabulary");
        }
        if (ref.member() != null && yieldsClass(ref.descriptor())) {
            return Optional.of("uses " + ref.show() + ", which yields a class object: reflection is outside the "
                    + "rule vocabulary");
        }
        if (own.contains(owner)) {
            return Optional.empty();
        }
        String dotted = owner.replace('/', '.');
        Optional<Class<?>> c = Vocabulary.load(dotted);
        if (c.isPresent() && Vocabulary.allowed(c.get(), declared)) {
            return Optional.empty();
        }
        if (c.isEmpty() && (declared.contains(dotted) || declared.contains(dotted.replaceFirst("\\$.*", "")))) {
            return Optional.empty();
        }
        return Optional.of("uses " + ref.show() + ", which is outside the rule vocabulary");
    }

    /** True for a class Drools wrote to call one rule's code: the rule's class-name prefix, then an invoker kind. */
    private static boolean invoker(String className, Map<String, RuleSource> byPrefix) {
        String simple = className.substring(className.lastIndexOf('/') + 1);
        for (String prefix : byPrefix.keySet()) {
            if (simple.startsWith(prefix)
                    && DroolsPlumbing.INVOKER_NAME
                            .matcher(simple.substring(prefix.length()))
                            .matches()) {
                return true;
            }
        }
        return false;
    }

    /** A member whose value is a Class (or an array of them): Integer.TYPE, Object.getClass(). */
    private static boolean yieldsClass(String descriptor) {
        if (descriptor == null) {
            return false;
        }
        org.objectweb.asm.Type t = org.objectweb.asm.Type.getType(descriptor);
        if (t.getSort() == org.objectweb.asm.Type.METHOD) {
            t = t.getReturnType();
        }
        if (t.getSort() == org.objectweb.asm.Type.ARRAY) {
            t = t.getElementType();
        }
        return t.getSort() == org.objectweb.asm.Type.OBJECT
                && (t.getInternalName().equals("java/lang/Class")
                        || t.getInternalName().startsWith("java/lang/reflect/")
                        || t.getInternalName().startsWith("java/lang/invoke/")
                        || t.getInternalName().equals("java/lang/ClassLoader"));
    }

    private static RuleError at(
            String className,
            BytecodeGuard.Ref ref,
            String why,
            Map<String, RuleSource> byPrefix,
            Map<String, RuleError> functions) {
        String simple = className.substring(className.lastIndexOf('/') + 1);
        for (Map.Entry<String, RuleSource> p : byPrefix.entrySet()) {
            if (simple.startsWith(p.getKey())) {
                RuleSource s = p.getValue();
                return new RuleError(s.file(), s.line(), "rule \"" + s.name() + "\" " + why);
            }
        }
        String fn =
                Character.toLowerCase(simple.charAt(0)) + simple.substring(1).replaceFirst("\\$.*", "");
        RuleError f = functions.get(fn);
        if (f != null) {
            return new RuleError(f.file(), f.line(), "function " + fn + " " + why);
        }
        return new RuleError(
                "(generated class " + className.replace('/', '.') + ")",
                ref.line(),
                (ref.method() == null ? "" : "method " + ref.method() + " ") + why);
    }

    /** The generated class names' prefix of each rule (Rule_<name><hash>), from its consequence's class. */
    private static Map<String, RuleSource> prefixes(KieBase kieBase, Map<String, RuleSource> rules) {
        Map<String, RuleSource> out = new LinkedHashMap<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                RuleImpl impl = (RuleImpl) rule;
                String cls = impl.getConsequence() == null
                        ? null
                        : impl.getConsequence().getClass().getSimpleName();
                RuleSource s = rules.get(rule.getName());
                if (cls != null && s != null && cls.startsWith("Rule_")) {
                    out.put(cls.replaceFirst("DefaultConsequenceInvoker$", ""), s);
                }
            }
        }
        return out;
    }

    /** Types the rule files declare (Drools generated them): not types of the class path re-declared. */
    static Set<String> declared(KieBase kieBase) {
        Set<String> out = new java.util.HashSet<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (TypeDeclaration td :
                    ((InternalKnowledgePackage) pkg).getTypeDeclarations().values()) {
                if (td.getNature() == TypeDeclaration.Nature.DEFINITION && td.isNovel()) {
                    out.add(td.getTypeClassName());
                }
            }
        }
        return out;
    }

    static Map<String, RuleError> functions(Map<String, String> files) {
        Map<String, RuleError> out = new LinkedHashMap<>();
        files.forEach((file, content) -> {
            Matcher m = FUNCTION.matcher(content);
            while (m.find()) {
                int line = (int) content.substring(0, m.start())
                                .chars()
                                .filter(ch -> ch == '\n')
                                .count()
                        + 1;
                out.putIfAbsent(m.group(1), new RuleError(file, line, ""));
            }
        });
        return out;
    }

    private static List<RuleError> dedupe(List<RuleError> errors) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(errors));
    }
}
