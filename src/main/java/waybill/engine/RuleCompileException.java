package waybill.engine;

import java.util.List;
import java.util.stream.Collectors;

/** The rules folder did not compile; nothing of it was loaded. */
public class RuleCompileException extends Exception {
    private final List<RuleError> errors;

    public RuleCompileException(List<RuleError> errors) {
        super(errors.stream().map(RuleError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
