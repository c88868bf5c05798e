package waybill.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

/**
 * One compiled set of rule files, immutable: the KieBase, its revision (a hash of the files), the
 * files, when it was loaded, where each rule is written and the budget of each decision. A reload builds a new one beside it.
 */
public final class Rulebook {
    public static final List<String> PHASES = List.of("validate", "decide", "settle");

    private final KieBase kieBase;
    private final ReleaseId releaseId;
    private final String revision;
    private final Map<String, String> files;
    private final Map<String, String> texts;
    private final Map<String, RuleSource> rules;
    private final Instant loadedAt;
    private final Budget budget;
    /** Sessions for decisions: disposing one resets it (facts, agenda, listeners) and returns it here. */
    private final KieSessionsPool sessions;

    Rulebook(
            KieBase kieBase,
            ReleaseId releaseId,
            String revision,
            Map<String, String> files,
            Map<String, String> texts,
            Map<String, RuleSource> rules,
            Instant loadedAt,
            Budget budget) {
        this.kieBase = kieBase;
        this.releaseId = releaseId;
        this.revision = revision;
        this.files = Map.copyOf(files);
        this.texts = Map.copyOf(texts);
        this.rules = Map.copyOf(rules);
        this.loadedAt = loadedAt;
        this.budget = budget;
        this.sessions = kieBase.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
    }

    KieBase kieBase() {
        return kieBase;
    }

    /**
     * A session of its own for one decision, from the pool: {@code dispose()} hands it back, reset. The
     * pool grows when more callers decide at once than it holds; each caller has a session to itself.
     */
    KieSession newSession() {
        return sessions.newKieSession();
    }

    ReleaseId releaseId() {
        return releaseId;
    }

    /** A hash of the rule files' names and contents. */
    public String revision() {
        return revision;
    }

    /** The rule files, by path relative to the rules folder, with their content hashes. */
    public Map<String, String> files() {
        return files;
    }

    /** The rule files, by path relative to the rules folder, with their text (what it was compiled from). */
    public Map<String, String> texts() {
        return texts;
    }

    /** Every rule, by name. */
    public Map<String, RuleSource> rules() {
        return rules;
    }

    public RuleSource source(String ruleName) {
        return rules.get(ruleName);
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** What each decision under this rulebook may spend in firings and time. */
    public Budget budget() {
        return budget;
    }
}
