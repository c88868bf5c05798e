package waybill.api;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import waybill.engine.Decision;
import waybill.engine.Refusal;

/** A refused decision as an error: the first refusal's kind sets the status (no such job, then bad request, then conflict). */
final class Refusals {
    private static final List<Refusal.Kind> PRIORITY =
            List.of(Refusal.Kind.NotFound, Refusal.Kind.Invalid, Refusal.Kind.Conflict);

    private Refusals() {}

    static ApiException of(Decision d) {
        List<Refusal> refusals = d.rejections().stream()
                .sorted(Comparator.comparingInt(
                        r -> r.getKind() == null ? PRIORITY.size() : PRIORITY.indexOf(r.getKind())))
                .toList();
        Refusal first = refusals.isEmpty() ? Refusal.invalid("refused") : refusals.get(0);
        String message = refusals.stream().map(Refusal::getReason).distinct().collect(Collectors.joining("; "));
        List<ApiException.Detail> details = refusals.stream()
                .map(r -> new ApiException.Detail(ErrorCode.of(r.getKind()).name(), r.getReason(), r.getRule()))
                .toList();
        return new ApiException(ErrorCode.of(first.getKind()), message, first.getRule(), details);
    }
}
