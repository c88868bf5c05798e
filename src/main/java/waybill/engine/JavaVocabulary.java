package waybill.engine;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks one piece of Java from a rule file (a consequence, a function body, a condition's expression)
 * against the {@link Vocabulary}, on its syntax tree: every type named (declared, cast to, created,
 * called statically, written fully qualified) must be allowed, no refused member is called, no class
 * literal, no loop but for-each. Names resolve as Java resolves them: a declared variable first, then a
 * type by import, {@code java.lang} or its full name.
 */
final class JavaVocabulary {
    /** What a piece of Java is: statements of a consequence or function, or an expression in a condition. */
    enum Kind {
        CONSEQUENCE,
        FUNCTION,
        CONDITION
    }

    /** A parser of its own: JavaParser instances are not safe to share between threads (reloads run beside dry runs). */
    private final JavaParser parser =
            new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));

    private final String file;
    private final Function<String, Optional<Class<?>>> types;
    private final Set<String> declared;
    private final Set<String> functions;
    private final List<RuleError> errors;

    JavaVocabulary(
            String file,
            Function<String, Optional<Class<?>>> types,
            Set<String> declared,
            Set<String> functions,
            List<RuleError> errors) {
        this.file = file;
        this.types = types;
        this.declared = declared;
        this.functions = functions;
        this.errors = errors;
    }

    /** Checks a block of statements whose first line is {@code line} of the file. */
    void block(Kind kind, String code, int line, Set<String> variables, String what) {
        ParseResult<BlockStmt> r = parser.parseBlock("{" + code + "\n}");
        if (!r.isSuccessful() || r.getResult().isEmpty()) {
            errors.add(new RuleError(
                    file,
                    line,
                    what + " cannot be read as Java to check it against the rule "
                            + "vocabulary: "
                            + r.getProblems().stream()
                                    .findFirst()
                                    .map(p -> p.getMessage().lines().findFirst().orElse(""))
                                    .orElse("")));
            return;
        }
        walk(kind, r.getResult().get(), line, variables, what);
    }

    /** Checks an expression (a condition's, an eval's, a from's) on {@code line} of the file. */
    void expression(Kind kind, String code, int line, Set<String> variables, String what) {
        ParseResult<Expression> r = parser.parseExpression(code);
        if (!r.isSuccessful() || r.getResult().isEmpty()) {
            errors.add(new RuleError(
                    file,
                    line,
                    what + " '" + code.strip() + "' cannot be read as a Java expression "
                            + "to check it against the rule vocabulary: write it with Java operators, DRL's ==, in, "
                            + "memberOf, matches"));
            return;
        }
        walk(kind, r.getResult().get(), line, variables, what);
    }

    private void walk(Kind kind, Node root, int line, Set<String> bound, String what) {
        Set<String> variables = new HashSet<>(bound);
        root.walk(VariableDeclarator.class, v -> declare(v.getNameAsString(), v, line, what, variables));
        root.walk(Parameter.class, p -> declare(p.getNameAsString(), p, line, what, variables));
        root.walk(node -> visit(kind, node, line, variables, what));
    }

    /**
     * Names are one flat set per piece of code, so a name that could also be read as a type or a package
     * ({@code String System}, {@code int java}) is refused: declared in one scope, it would hide the type
     * from this check in another, where Java still reads the type.
     */
    private void declare(String name, Node node, int line, String what, Set<String> variables) {
        if (SourceTraps.PACKAGE_ROOTS.contains(name) || types.apply(name).isPresent()) {
            errors.add(new RuleError(
                    file,
                    line + node.getBegin().map(p -> p.line - 1).orElse(0),
                    what + " declares a variable named " + name
                            + ", which is also the name of a type or package: rename it (names that hide types "
                            + "are outside the rule vocabulary)"));
        }
        variables.add(name);
    }

    private void visit(Kind kind, Node node, int line, Set<String> variables, String what) {
        int at = line + node.getBegin().map(p -> p.line - 1).orElse(0);
        if (node instanceof ClassOrInterfaceType t) {
            if (!(t.getParentNode().orElse(null) instanceof ClassOrInterfaceType)) {
                type(t.getNameWithScope(), at, what);
            }
        } else if (node instanceof NameExpr n) {
            if (!variables.contains(n.getNameAsString())) {
                typeIfAny(n.getNameAsString(), at, what);
            }
        } else if (node instanceof FieldAccessExpr f) {
            if (SourceTraps.reflective(f.getNameAsString())) {
                errors.add(new RuleError(
                        file,
                        at,
                        what + " reads ." + f.getNameAsString()
                                + ": classes and reflection are outside the rule vocabulary"));
            } else if (f.getScope() instanceof com.github.javaparser.ast.expr.LiteralExpr) {
                errors.add(new RuleError(
                        file,
                        at,
                        what + " reads ." + f.getNameAsString() + " of a literal, which is outside the rule "
                                + "vocabulary"));
            }
            chain(f).filter(c -> !variables.contains(c.get(0)))
                    .ifPresent(c -> typeIfAny(String.join(".", c), at, what));
        } else if (node instanceof MethodCallExpr m) {
            call(kind, m, at, variables, what);
        } else if (node instanceof MethodReferenceExpr r && Vocabulary.MEMBERS.contains(r.getIdentifier())) {
            errors.add(new RuleError(
                    file, at, what + " refers to " + r.getIdentifier() + ", which is outside the rule vocabulary"));
        } else if (node instanceof ObjectCreationExpr o
                && o.getAnonymousClassBody().isPresent()) {
            errors.add(new RuleError(
                    file, at, what + " declares an anonymous class: classes are outside the rule vocabulary"));
        } else if (node instanceof ClassExpr c) {
            errors.add(new RuleError(
                    file, at, what + " uses " + c + ": classes and reflection are outside the rule vocabulary"));
        } else if (node instanceof ThisExpr && kind != Kind.CONDITION || node instanceof SuperExpr) {
            errors.add(new RuleError(file, at, what + " uses " + node + ", which is outside the rule vocabulary"));
        } else if (node instanceof WhileStmt || node instanceof DoStmt || node instanceof ForStmt) {
            errors.add(new RuleError(
                    file,
                    at,
                    what + " has a loop that is not a for-each over a collection: rule code "
                            + "must end, so only for (X x : collection) is in the rule vocabulary"));
        } else if (node instanceof SynchronizedStmt
                || node instanceof LocalClassDeclarationStmt
                || node instanceof LocalRecordDeclarationStmt) {
            errors.add(new RuleError(
                    file,
                    at,
                    what + " uses a "
                            + node.getClass()
                                    .getSimpleName()
                                    .replace("Stmt", "")
                                    .replaceAll("([a-z])([A-Z])", "$1 $2")
                                    .toLowerCase()
                            + " statement, which is outside the rule vocabulary"));
        }
    }

    private void call(Kind kind, MethodCallExpr m, int at, Set<String> variables, String what) {
        String name = m.getNameAsString();
        if (Vocabulary.MEMBERS.contains(name)) {
            errors.add(new RuleError(
                    file,
                    at,
                    what + " calls " + name + "(), which is outside the rule vocabulary "
                            + "(reflection, class loading, the process)"));
            return;
        }
        Optional<Expression> scope = m.getScope();
        if (scope.isEmpty()) {
            boolean known = functions.contains(name)
                    || kind == Kind.CONSEQUENCE && Vocabulary.VERBS.contains(name)
                    || kind == Kind.CONDITION; // a condition calls the pattern's own methods unqualified
            if (!known) {
                errors.add(new RuleError(
                        file,
                        at,
                        what + " calls " + name + "(), which is neither a function of the "
                                + "rule files nor insert, update, modify or delete"));
            }
            return;
        }
        if (scope.get() instanceof NameExpr n
                && !variables.contains(n.getNameAsString())
                && (n.getNameAsString().equals("drools") || n.getNameAsString().equals("kcontext"))
                && !name.equals("getRule")) {
            errors.add(new RuleError(
                    file,
                    at,
                    what + " calls " + n + "." + name + "(): of Drools' context only "
                            + "getRule() is in the rule vocabulary (use insert, update, modify, delete)"));
        }
    }

    /** a.b.C as [a, b, C] when the expression is only names and field accesses. */
    private static Optional<List<String>> chain(FieldAccessExpr f) {
        java.util.LinkedList<String> parts = new java.util.LinkedList<>();
        Expression e = f;
        while (e instanceof FieldAccessExpr fa) {
            parts.addFirst(fa.getNameAsString());
            e = fa.getScope();
        }
        if (!(e instanceof NameExpr n)) {
            return Optional.empty();
        }
        parts.addFirst(n.getNameAsString());
        return Optional.of(parts);
    }

    /** A name that must be a type (declared, cast to, created). */
    private void type(String name, int at, String what) {
        Optional<Class<?>> c = types.apply(name);
        if (c.isEmpty()) {
            if (!declared.contains(name) && declared.stream().noneMatch(d -> d.endsWith("." + name))) {
                errors.add(new RuleError(
                        file,
                        at,
                        what + " names the type " + name + ", which is not imported "
                                + "and is not in the rule vocabulary"));
            }
        } else if (!Vocabulary.allowed(c.get(), declared)) {
            errors.add(new RuleError(file, at, Vocabulary.refusal(what, c.get())));
        }
    }

    /** A name that may be a type (static access: {@code JobState.Creating}, {@code java.lang.System}). */
    private void typeIfAny(String name, int at, String what) {
        types.apply(name)
                .filter(c -> !Vocabulary.allowed(c, declared))
                .ifPresent(c -> errors.add(new RuleError(file, at, Vocabulary.refusal(what, c))));
    }
}
