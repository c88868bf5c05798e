package waybill.api;

import waybill.azure.AzureJobs;
import waybill.azure.JobResource;
import waybill.job.EncryptionKey;
import waybill.job.Job;

/**
 * The job as the Jobs API answers it: {@link AzureJobs#resource} (which never carries a BitLocker key),
 * shaped like the specification's examples (no empty drive list on an export job; systemData complete).
 */
final class JobView {
    static final String SERVICE = "waybill";

    private JobView() {}

    static JobResource of(Job job) {
        JobResource r = AzureJobs.resource(job);
        if (r.getProperties() != null
                && r.getProperties().getDriveList() != null
                && r.getProperties().getDriveList().isEmpty()) {
            r.getProperties().setDriveList(null);
        }
        if (r.getProperties() != null && "Creating".equals(r.getProperties().getState())) {
            // nothing is copied before the drives arrive: answer like the specification's examples, without progress
            r.getProperties().setPercentComplete(null);
            if (r.getProperties().getDriveList() != null) {
                r.getProperties().getDriveList().forEach(d -> d.setPercentComplete(null));
            }
        }
        if (r.getProperties() != null && r.getProperties().getEncryptionKey() == null) {
            // the specification's default: the drives' keys are protected by a Microsoft-managed key
            EncryptionKey key = new EncryptionKey();
            key.setKekType("MicrosoftManaged");
            r.getProperties().setEncryptionKey(key);
        }
        JobResource.SystemData sd = r.getSystemData();
        if (sd != null) {
            if (sd.getCreatedBy() == null) {
                sd.setCreatedBy(SERVICE);
            }
            if (sd.getLastModifiedBy() == null) {
                sd.setLastModifiedBy(SERVICE);
            }
            if (sd.getLastModifiedAt() == null) {
                sd.setLastModifiedAt(sd.getCreatedAt());
            }
        }
        return r;
    }
}
