package waybill.azure;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The job's managed identity ({@code IdentityDetails}); this service only reports {@code None}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Identity {
    private String type;
    private String principalId;
    private String tenantId;

    public static Identity none() {
        Identity i = new Identity();
        i.type = "None";
        return i;
    }

    public String getType() {
        return type;
    }

    public void setType(String v) {
        type = v;
    }

    public String getPrincipalId() {
        return principalId;
    }

    public void setPrincipalId(String v) {
        principalId = v;
    }

    public String getTenantId() {
        return tenantId;
    }

    public void setTenantId(String v) {
        tenantId = v;
    }
}
