package waybill.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import waybill.json.Mappers;

/** The JSON the stores keep the model in: MongoDB's documents, and the memory store's copies of facts. */
public final class StoredJson {
    /**
     * Lenient on input: documents written by an older or newer version must still be readable. Because a
     * field the writer leaves out is then lost without a word, the store reads and writes the model's
     * fields themselves, never its accessors: a derived accessor ({@code isExport()} marked ignored next to
     * the {@code export} field) once hid a customer's blob list from every stored job.
     */
    public static final ObjectMapper MAPPER = fieldsOnly(Mappers.json())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private StoredJson() {}

    /** Every non-transient field is stored; getters, setters and ignore marks on methods play no part. */
    private static ObjectMapper fieldsOnly(ObjectMapper m) {
        m.setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE);
        m.setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);
        m.setVisibility(PropertyAccessor.SETTER, JsonAutoDetect.Visibility.NONE);
        m.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        m.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public boolean hasIgnoreMarker(AnnotatedMember member) {
                return member instanceof AnnotatedField && super.hasIgnoreMarker(member);
            }
        });
        return m;
    }
}
