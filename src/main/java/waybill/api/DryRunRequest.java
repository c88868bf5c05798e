package waybill.api;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.Map;

/**
 * The optional body of POST /ops/rules/dry-run: rule files (path in the rules folder to content; null
 * removes the file: the one null a request body may hold) laid over the folder on disk, or, with
 * {@code complete}, the whole candidate. A class with setters for the reason given in {@link ClockMove}.
 */
final class DryRunRequest {
    private Map<String, String> files;
    private Boolean complete;

    @JsonSetter(contentNulls = Nulls.SET)
    public void setFiles(Map<String, String> v) {
        files = v;
    }

    public void setComplete(Boolean v) {
        complete = v;
    }

    Map<String, String> files() {
        return files;
    }

    Boolean complete() {
        return complete;
    }
}
