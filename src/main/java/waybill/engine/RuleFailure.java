package waybill.engine;

import java.util.List;

/**
 * A decision the rules could not make: a rule threw ({@link Kind#Failed}), or the decision went past its
 * {@link Budget} ({@link Kind#BudgetExceeded}: a rule fired over and over, or the rules took too long).
 * Says which rule, where it is written and what happened. Nothing was changed: the engine works on a
 * copy of the job and the caller commits only a decision that was made.
 *
 * @param rule    the rule at fault (the one that threw, or the one that fired most)
 * @param file    its file in the rules folder; null when unknown
 * @param line    its line; 0 when unknown
 * @param mostFired for a budget hit, the rules that fired most in the decision, most first
 */
public final class RuleFailure extends RuntimeException {
    public enum Kind {
        Failed,
        BudgetExceeded
    }

    /** A rule and how often it fired in the decision. */
    public record Count(String rule, String at, int firings) {}

    private final Kind kind;
    private final String rule;
    private final String file;
    private final int line;
    private final String revision;
    private final transient List<Count> mostFired;

    RuleFailure(
            Kind kind,
            String rule,
            RuleSource src,
            String message,
            String revision,
            List<Count> mostFired,
            Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.rule = rule;
        this.file = src == null ? null : src.file();
        this.line = src == null ? 0 : src.line();
        this.revision = revision;
        this.mostFired = List.copyOf(mostFired);
    }

    /**
     * The refusal of a decision in which a rule threw. {@code firing}: the rule whose consequence was
     * running (null when a condition threw: the rule is then read from Drools' message, which names it).
     */
    static RuleFailure thrown(Rulebook rulebook, String firing, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rule = firing != null ? firing : named(rulebook, e);
        RuleSource src = rule == null ? null : rulebook.source(rule);
        String what = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        String message = rule == null
                ? "a condition of the rules failed: " + what
                : "rule \"" + rule + "\"" + (src == null ? "" : " at " + src.file() + ":" + src.line())
                        + (firing != null ? " failed: " : " failed in a condition: ") + what;
        return new RuleFailure(
                Kind.Failed, rule == null ? "(unknown rule)" : rule, src, message, rulebook.revision(), List.of(), e);
    }

    /** The rule Drools' exception names (a condition's error says {@code [Rule "name" in file]}). */
    private static String named(Rulebook rulebook, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            for (String name : rulebook.rules().keySet()) {
                if (m.contains("\"" + name + "\"")) {
                    return name;
                }
            }
        }
        return null;
    }

    public Kind kind() {
        return kind;
    }

    public String rule() {
        return rule;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The revision of the rulebook that failed. */
    public String revision() {
        return revision;
    }

    public List<Count> mostFired() {
        return mostFired;
    }

    /** {@code file:line}, or the rule's name when its place is unknown. */
    public String at() {
        return file == null ? "rule \"" + rule + "\"" : file + ":" + line;
    }

    /** The failure as a rule file problem, for reload refusals and replays: file:line: message. */
    public RuleError asRuleError() {
        return new RuleError(file == null ? "(rules)" : file, line, getMessage());
    }
}
