package waybill.api;

import io.javalin.http.Context;
import java.util.Set;
import waybill.azure.AzureJobs;
import waybill.azure.JobResource;
import waybill.azure.Locations;
import waybill.job.EncryptionKey;
import waybill.job.Job;
import waybill.job.ReturnAddress;

/**
 * The job as the Jobs API answers it: {@link AzureJobs#resource} (which never carries a BitLocker key),
 * shaped like the specification's examples (no empty drive list on an export job; systemData complete) and like
 * the real service's recorded answers: a create echoes the location as sent, every later answer names its
 * display name ("westus" is read back "West US"); a list by resource group leaves out each job's drive list
 * (a list by subscription keeps it); api-version 2016-11-01, which had no systemData, gets none.
 */
final class JobView {
    static final String SERVICE = "waybill";

    static final String NO_SYSTEM_DATA = "2016-11-01";
    /** The job states in which no drive has begun copying: their answers carry no percentages. */
    static final Set<String> BEFORE_ANY_COPY = Set.of("Creating", "Shipping", "Received");

    private JobView() {}

    /** The answer to a create: the location as the request gave it. */
    static JobResource created(Job job, Context ctx) {
        return inVersion(of(job), ctx);
    }

    /** The answer to a get or an update: the location's display name. */
    static JobResource read(Job job, Locations locations, Context ctx) {
        JobResource r = inVersion(of(job), ctx);
        r.setLocation(locations.displayName(r.getLocation()));
        return r;
    }

    /** A job in a list: as read, and without its drives in a list by resource group. */
    static JobResource listed(Job job, Locations locations, Context ctx, boolean byResourceGroup) {
        JobResource r = read(job, locations, ctx);
        if (byResourceGroup && r.getProperties() != null) {
            r.getProperties().setDriveList(null);
        }
        return r;
    }

    /** A return address without streetAddress2 has an empty one, as the real service stored it. */
    static void blankStreetAddress2(ReturnAddress a) {
        if (a != null && a.getStreetAddress2() == null) {
            a.setStreetAddress2("");
        }
    }

    private static JobResource inVersion(JobResource r, Context ctx) {
        if (NO_SYSTEM_DATA.equals(ctx.queryParam(ApiVersion.PARAM))) {
            r.setSystemData(null);
        }
        return r;
    }

    static JobResource of(Job job) {
        JobResource r = AzureJobs.resource(job);
        if (r.getProperties() != null
                && r.getProperties().getDriveList() != null
                && r.getProperties().getDriveList().isEmpty()) {
            r.getProperties().setDriveList(null);
        }
        if (r.getProperties() != null
                && BEFORE_ANY_COPY.contains(r.getProperties().getState())) {
            // nothing is copied before a drive's copy begins: answer like the specification's examples (Creating,
            // and the Received jobs of both list examples), without progress
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
