package waybill.engine;

import java.util.List;
import java.util.Set;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.NamedConsequenceDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.drools.drl.parser.DrlParser;
import waybill.engine.JavaVocabulary.Kind;

/**
 * The {@link Vocabulary} check of one rule's conditions: patterns and their types, constraints (read by
 * Drools' expression parser, each operand Java), {@code eval}, {@code from}, accumulate and collect. What
 * the Java in them uses goes to {@link JavaVocabulary}; names of types to the file's own type check.
 */
final class DrlConditions {
    /** Drools' built-in accumulate functions. */
    private static final Set<String> ACCUMULATE =
            Set.of("count", "sum", "average", "min", "max", "collectList", "collectSet", "countDistinct");

    /** Checks a type name written in the file. */
    interface TypeCheck {
        void typeName(String name, int line, String what);
    }

    private final String file;
    private final JavaVocabulary java;
    private final List<RuleError> errors;
    private final TypeCheck types;

    DrlConditions(String file, JavaVocabulary java, List<RuleError> errors, TypeCheck types) {
        this.file = file;
        this.java = java;
        this.errors = errors;
        this.types = types;
    }

    void lhs(BaseDescr d, Set<String> bound, String what, int line) {
        int at = d.getLine() > 0 ? d.getLine() : line;
        if (d instanceof PatternDescr p) {
            pattern(p, bound, what, at);
        } else if (d instanceof EvalDescr e) {
            java.expression(Kind.CONDITION, String.valueOf(e.getContent()), at, bound, what + " eval");
        } else if (d instanceof NamedConsequenceDescr) {
            // refers to a named consequence, checked with the rule
        } else if (d instanceof ConditionalElementDescr ce) {
            // and, or, not, exists, forall
            for (BaseDescr child : ce.getDescrs()) {
                lhs(child, bound, what, at);
            }
        } else {
            errors.add(new RuleError(
                    file,
                    at,
                    what + ": the condition element "
                            + d.getClass().getSimpleName().replace("Descr", "") + " is outside the rule vocabulary"));
        }
    }

    private void pattern(PatternDescr p, Set<String> bound, String what, int at) {
        if (p.getIdentifier() != null) {
            bound.add(p.getIdentifier());
        }
        if (p.getSource() instanceof FromDescr from) {
            java.expression(Kind.CONDITION, from.getExpression(), at, bound, what + " from");
        } else if (p.getSource() instanceof AccumulateDescr acc) {
            accumulate(acc, bound, what, at);
        } else if (p.getSource() instanceof CollectDescr collect) {
            lhs(collect.getInputPattern(), bound, what, at);
        } else if (p.getSource() != null && !(p.getSource() instanceof EntryPointDescr)) {
            errors.add(new RuleError(
                    file,
                    at,
                    what + ": the pattern source "
                            + p.getSource().getClass().getSimpleName().replace("Descr", "")
                            + " is outside the rule vocabulary"));
        }
        if (!p.isQuery()) {
            types.typeName(p.getObjectType(), at, what);
        }
        for (BaseDescr c : p.getDescrs()) {
            int line = c.getLine() > 0 ? c.getLine() : at;
            if (c instanceof ExprConstraintDescr e) {
                constraint(e.getExpression(), line, bound, what);
            } else if (c instanceof BindingDescr b) {
                bound.add(b.getVariable());
                java.expression(Kind.CONDITION, b.getExpression(), line, bound, what);
            } else {
                errors.add(
                        new RuleError(file, line, what + ": the constraint " + c + " is outside the rule vocabulary"));
            }
        }
    }

    private void accumulate(AccumulateDescr acc, Set<String> bound, String what, int at) {
        for (BaseDescr input : acc.getDescrs()) {
            lhs(input, bound, what, at);
        }
        if (acc.isExternalFunction()) {
            for (AccumulateDescr.AccumulateFunctionCallDescr f : acc.getFunctions()) {
                if (!ACCUMULATE.contains(f.getFunction())) {
                    errors.add(new RuleError(
                            file,
                            at,
                            what + ": the accumulate function " + f.getFunction() + " is not one of Drools' own ("
                                    + String.join(", ", ACCUMULATE) + ")"));
                }
                for (String param : f.getParams()) {
                    java.expression(Kind.CONDITION, param, at, bound, what + " accumulate");
                }
                if (f.getBind() != null) {
                    bound.add(f.getBind());
                }
            }
        } else {
            for (String code : new String[] {acc.getInitCode(), acc.getActionCode(), acc.getReverseCode()}) {
                if (code != null) {
                    java.block(Kind.FUNCTION, code, at, bound, what + " accumulate");
                }
            }
            if (acc.getResultCode() != null) {
                java.expression(Kind.FUNCTION, acc.getResultCode(), at, bound, what + " accumulate");
            }
        }
    }

    /** A pattern's constraint, read by Drools' expression parser; each operand is Java. */
    private void constraint(String expression, int line, Set<String> bound, String what) {
        DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(DrlParser.DEFAULT_LANGUAGE_LEVEL);
        ConstraintConnectiveDescr tree = parser.parse(expression);
        if (parser.hasErrors() || tree == null) {
            return; // the compiler reports it, with the line
        }
        operands(tree, line, bound, what);
    }

    private void operands(BaseDescr d, int line, Set<String> bound, String what) {
        if (d instanceof ConstraintConnectiveDescr c) {
            c.getDescrs().forEach(child -> operands(child, line, bound, what));
        } else if (d instanceof RelationalExprDescr r) {
            operands(r.getLeft(), line, bound, what);
            operands(r.getRight(), line, bound, what);
        } else if (d instanceof BindingDescr b) {
            bound.add(b.getVariable());
            java.expression(Kind.CONDITION, b.getExpression(), line, bound, what);
        } else if (d instanceof AtomicExprDescr a) {
            if (!a.isLiteral()) {
                java.expression(Kind.CONDITION, a.getExpression(), line, bound, what);
            }
        } else if (d != null) {
            errors.add(
                    new RuleError(file, line, what + ": the constraint part " + d + " is outside the rule vocabulary"));
        }
    }
}
