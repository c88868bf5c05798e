package waybill.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import waybill.engine.Action;
import waybill.engine.Decision;
import waybill.json.Mappers;
import waybill.store.Scrubber;

/**
 * The events of a committed decision as CloudEvents 1.0 JSON: {@code waybill.decision} for the decision,
 * {@code waybill.action.<Type>} for each action. Ids derive from the decision ({@code jobId#version}), so
 * deriving them again gives the same ids; an action's event id is the action's id in {@code /ops/actions}.
 * The data carries no personal data: the job's personal values (BitLocker keys, tracking numbers,
 * addresses, phone, e-mail) are removed or replaced, as the history shows facts.
 */
final class Events {
    static final String DECISION_TYPE = "waybill.decision";
    static final String ACTION_TYPE = "waybill.action.";
    private static final ObjectMapper JSON = Mappers.json();
    private static final EventFormat FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private final URI source;

    Events(URI source) {
        this.source = source;
    }

    /** The version a committed decision gave its job (its id is {@code jobId#version}). */
    static long version(Decision d) {
        if (d.job() != null && d.job().getVersion() > 0) {
            return d.job().getVersion();
        }
        return d.before() != null ? d.before().getVersion() + 1 : 1;
    }

    static String decisionId(String jobId, long version) {
        return jobId + "#" + String.format("%012d", version); // as the store names it (its action ids derive from it)
    }

    /** The same id as the action's in the store (docs/store.md: ids derive from the decision). */
    static String eventId(String decisionId, int index) {
        String key = decisionId + "/" + (index == Event.DECISION ? "decision" : Integer.toString(index));
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    List<Event> of(Decision d, long version) {
        String jobId = d.jobId();
        String decisionId = decisionId(jobId, version);
        Set<String> personal = new HashSet<>();
        Scrubber.collect(JSON.valueToTree(d), personal);
        String state = d.deletesJob() || d.job() == null || d.job().getState() == null
                ? null
                : d.job().getState().name();
        String factType = d.fact().getType();
        List<Event> out = new ArrayList<>();
        ObjectNode decision = decisionData(d, version, state);
        Scrubber.scrub(decision, personal);
        out.add(event(
                eventId(decisionId, Event.DECISION),
                DECISION_TYPE,
                d,
                version,
                Event.DECISION,
                null,
                factType,
                state,
                decision));
        for (int i = 0; i < d.actions().size(); i++) {
            Action a = d.actions().get(i);
            String id = eventId(decisionId, i);
            ObjectNode data = JSON.createObjectNode();
            data.put("id", id);
            data.put("type", a.getType().name());
            data.put("jobId", jobId);
            data.set("driveIds", JSON.valueToTree(a.getDriveIds() == null ? List.of() : a.getDriveIds()));
            data.put("reason", a.getReason());
            if (a.getDueAt() != null) {
                data.put("dueAt", a.getDueAt().toString());
            }
            data.put("rule", a.getRule());
            data.put("jobVersion", version);
            data.put("jobState", state);
            data.put("factType", factType);
            Scrubber.scrub(data, personal);
            out.add(event(
                    id,
                    ACTION_TYPE + a.getType().name(),
                    d,
                    version,
                    i,
                    a.getType().name(),
                    factType,
                    state,
                    data));
        }
        return out;
    }

    private static ObjectNode decisionData(Decision d, long version, String state) {
        ObjectNode data = JSON.createObjectNode();
        data.put("jobId", d.jobId());
        data.put("jobVersion", version);
        data.put("factId", d.factId());
        data.put("factType", d.fact().getType());
        data.put("at", d.at().toString());
        data.put(
                "stateBefore",
                d.before() == null || d.before().getState() == null
                        ? null
                        : d.before().getState().name());
        data.put("stateAfter", state);
        data.put("deleted", d.deletesJob());
        data.set("transitions", JSON.valueToTree(d.transitions()));
        data.set("actions", JSON.valueToTree(d.actions()));
        ArrayNode rules = data.putArray("firedRules");
        d.firedRules().forEach(r -> rules.add(JSON.valueToTree(r)));
        data.put("rulesRevision", d.rulesRevision());
        return data;
    }

    private Event event(
            String id,
            String type,
            Decision d,
            long version,
            int index,
            String actionType,
            String factType,
            String state,
            ObjectNode data) {
        CloudEvent ce;
        try {
            ce = CloudEventBuilder.v1()
                    .withId(id)
                    .withSource(source)
                    .withType(type)
                    .withSubject(d.jobId())
                    .withTime(d.at().atOffset(ZoneOffset.UTC))
                    .withDataContentType("application/json")
                    .withExtension("jobversion", version)
                    .withData(JSON.writeValueAsBytes(data))
                    .build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an event's data could not be written", e);
        }
        String json = new String(FORMAT.serialize(ce), StandardCharsets.UTF_8);
        return new Event(id, type, d.jobId(), version, index, actionType, factType, state, json);
    }
}
