package waybill.engine;

/** A rule that fired during a decision, where it is written, and in which phase. */
public record FiredRule(String name, String file, int line, String phase) {}
