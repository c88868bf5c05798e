package waybill.engine;

/** A problem in a rule file, where it is: {@code file:line: message}. */
public record RuleError(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
