package waybill.azure;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The body of Jobs_Create. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PutJobParameters {
    private String location;
    private Map<String, String> tags;
    private JobDetails properties;
    private Identity identity;

    public String getLocation() {
        return location;
    }

    public void setLocation(String v) {
        location = v;
    }

    public Map<String, String> getTags() {
        return tags;
    }

    public void setTags(Map<String, String> v) {
        tags = v;
    }

    public JobDetails getProperties() {
        return properties;
    }

    public void setProperties(JobDetails v) {
        properties = v;
    }

    public Identity getIdentity() {
        return identity;
    }

    public void setIdentity(Identity v) {
        identity = v;
    }
}
