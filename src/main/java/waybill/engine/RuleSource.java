package waybill.engine;

/** Where a rule is written: its file (relative to the rules folder), line and phase. */
public record RuleSource(String name, String file, int line, String phase) {}
