package waybill.azure;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A job as the REST API answers it ({@code JobResponse}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobResource {
    public static final String TYPE = "Microsoft.ImportExport/jobs";

    private String id;
    private String name;
    private String type = TYPE;
    private String location;
    private Map<String, String> tags;
    private JobDetails properties;
    private SystemData systemData;
    private Identity identity;

    public String getId() {
        return id;
    }

    public void setId(String v) {
        id = v;
    }

    public String getName() {
        return name;
    }

    public void setName(String v) {
        name = v;
    }

    public String getType() {
        return type;
    }

    public void setType(String v) {
        type = v;
    }

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

    public SystemData getSystemData() {
        return systemData;
    }

    public void setSystemData(SystemData v) {
        systemData = v;
    }

    public Identity getIdentity() {
        return identity;
    }

    public void setIdentity(Identity v) {
        identity = v;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SystemData {
        private String createdBy;
        private String createdByType;
        private String createdAt;
        private String lastModifiedBy;
        private String lastModifiedByType;
        private String lastModifiedAt;

        public String getCreatedBy() {
            return createdBy;
        }

        public void setCreatedBy(String v) {
            createdBy = v;
        }

        public String getCreatedByType() {
            return createdByType;
        }

        public void setCreatedByType(String v) {
            createdByType = v;
        }

        public String getCreatedAt() {
            return createdAt;
        }

        public void setCreatedAt(String v) {
            createdAt = v;
        }

        public String getLastModifiedBy() {
            return lastModifiedBy;
        }

        public void setLastModifiedBy(String v) {
            lastModifiedBy = v;
        }

        public String getLastModifiedByType() {
            return lastModifiedByType;
        }

        public void setLastModifiedByType(String v) {
            lastModifiedByType = v;
        }

        public String getLastModifiedAt() {
            return lastModifiedAt;
        }

        public void setLastModifiedAt(String v) {
            lastModifiedAt = v;
        }
    }
}
