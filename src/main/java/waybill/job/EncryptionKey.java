package waybill.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How the BitLocker keys are protected (MicrosoftManaged or CustomerManaged). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EncryptionKey {
    private String kekType;
    private String kekUrl;
    private String kekVaultResourceID;

    public String getKekType() {
        return kekType;
    }

    public void setKekType(String v) {
        kekType = v;
    }

    public String getKekUrl() {
        return kekUrl;
    }

    public void setKekUrl(String v) {
        kekUrl = v;
    }

    public String getKekVaultResourceID() {
        return kekVaultResourceID;
    }

    public void setKekVaultResourceID(String v) {
        kekVaultResourceID = v;
    }
}
