package waybill.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The project's JSON and YAML settings: strict on input (unknown fields are errors), ISO-8601 instants. */
public final class Mappers {
    private Mappers() {}

    public static ObjectMapper json() {
        return configure(JsonMapper.builder().build());
    }

    public static ObjectMapper yaml() {
        return configure(new YAMLMapper(YAMLFactory.builder()
                .streamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(200).build())
                .build()));
    }

    private static ObjectMapper configure(ObjectMapper m) {
        m.registerModule(new JavaTimeModule());
        m.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        return m;
    }
}
