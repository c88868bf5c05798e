package waybill.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Removes secrets from what is answered: a BitLocker key leaves the service only through listBitLockerKeys. */
public final class Redact {
    private Redact() {}

    public static JsonNode bitLockerKeys(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("bitLockerKey");
        }
        if (node != null) {
            node.forEach(Redact::bitLockerKeys);
        }
        return node;
    }
}
